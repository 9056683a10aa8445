"""Time of the board pack's exports: deck, workbook, memo and images.

For the sample company and the generated enterprise (50 units, 12 quarters), translates
once (outside the timing), then times `build_deck` (the full deck: every section),
`build_workbook` and the memo; for the sample also `chart_images` (every chart as PNG and
SVG, as `board-brief build --charts` writes them). Then times `board-brief build` of the
enterprise as a whole process (deck, workbook, memo, JSON; no images), what a CISO waits
for. Targets: the sample's deck under 1.5 s, its chart images under 3 s; the enterprise's
whole build under 4 s. Each chart-image run starts its own browser, as a build does.

    .venv/bin/python bench/deck_bench.py [--repeat 5] [--image-runs 3] [--only ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.companies import enterprise, read, sample  # noqa: E402
from reporting.export.deck import build_deck  # noqa: E402
from reporting.export.images import ImagesUnavailable, chart_images, images_available  # noqa: E402
from reporting.export.memo import memo_html, memo_markdown  # noqa: E402
from reporting.export.xlsx import build_workbook  # noqa: E402
from reporting.translate import build_report  # noqa: E402


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """First call (cold: templates parsed, caches filled), then the median of `repeat`."""
    start = time.perf_counter()
    result = action()
    first = time.perf_counter() - start
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return first, statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--trials", type=int, default=50_000)
    parser.add_argument("--image-runs", type=int, default=3, help="chart-image runs (0: none)")
    parser.add_argument("--only", choices=("sample", "enterprise"))
    args = parser.parse_args()
    if args.only in (None, "sample"):
        result, context = read(*sample())
        report = build_report(result, context, trials=args.trials)
        print(
            f"sample company: {len(report.observations)} observations, {len(report.metrics)} "
            f"metrics this quarter, {len(report.risks)} risks, {len(report.compliance)} "
            "frameworks"
        )
        exports(report, args.repeat, "under 1.5 s")
        if args.image_runs > 0:
            chart_image_times(report, context.risk_appetite.tolerance, args.image_runs)
    if args.only in (None, "enterprise"):
        files, context_yaml = enterprise(50, 12)
        result, context = read(files, context_yaml)
        report = build_report(result, context, trials=args.trials)
        print(
            f"enterprise (50 units, 12 quarters): {len(report.metrics)} metrics this quarter, "
            f"{len(report.unit_risks)} unit risks"
        )
        exports(report, args.repeat, None)
        whole_build(files, context_yaml, args.repeat)


def exports(report, repeat: int, deck_target: str | None) -> None:
    rows = [
        ("deck (all sections)", lambda: build_deck(report), deck_target),
        ("workbook", lambda: build_workbook(report), None),
        ("memo (Markdown + HTML)", lambda: (memo_markdown(report), memo_html(report)), None),
    ]
    for name, action, target in rows:
        first, median, output = timed(action, repeat)
        size = len(output) if isinstance(output, bytes) else sum(len(o) for o in output)
        note = f" (target: {target})" if target else ""
        print(
            f"  {name}: first {first * 1000:.1f} ms, median {median * 1000:.1f} ms, "
            f"{size / 1024:.0f} KiB{note}"
        )


def whole_build(files, context_yaml: bytes, repeat: int) -> None:
    """`board-brief build` as a CISO runs it: a new process, from the files to the pack."""
    with tempfile.TemporaryDirectory(prefix="board-brief-bench-") as folder:
        out = Path(folder)
        (out / "context.yaml").write_bytes(context_yaml)
        for f in files:
            (out / f.name).write_bytes(f.data)
        command = [
            *(sys.executable, "-m", "reporting", "build"),
            *(str(out / f.name) for f in files),
            *("--context", str(out / "context.yaml")),
            *("--out", str(out / "deck.pptx"), "--xlsx", str(out / "book.xlsx")),
            *("--memo", str(out / "memo.html"), "--json", str(out / "report.json")),
        ]
        env = {**os.environ, "BOARD_BRIEF_DATA_DIR": folder}
        times = []
        for _ in range(max(repeat // 2, 1)):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    print(
        f"  board-brief build (deck, workbook, memo, JSON; new process): median "
        f"{statistics.median(times):.2f} s of {len(times)} (target: under 4 s)"
    )


def chart_image_times(report, tolerance: float | None, runs: int) -> None:
    """The full chart set (PNG and SVG) of the sample, each run from a cold browser."""
    if not images_available():
        print("chart images: skipped, no Chrome or Chromium here (set BROWSER_PATH)")
        return
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        try:
            images = chart_images(report, tolerance=tolerance)
        except ImagesUnavailable as problem:
            print(f"chart images: {problem}")
            return
        times.append(time.perf_counter() - start)
    print(
        f"chart images (sample, {len(images)} files): {statistics.median(times):.1f} s "
        f"(median of {runs}, first {times[0]:.1f} s; target: under 3 s)"
    )


if __name__ == "__main__":
    main()
