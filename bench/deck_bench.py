"""Time of the board pack's exports for the sample company: deck, workbook, memo and images.

Ingests and translates the sample once (outside the timing), then times `build_deck` (the
full deck: every section), `build_workbook`, the memo and `chart_images` (every chart as PNG
and SVG, as `board-brief build --charts` writes them). Targets: the deck under 1.5 s, the
chart images under 3 s. Each chart-image run starts its own browser, as a build does.

    .venv/bin/python bench/deck_bench.py [--repeat 5] [--trials 50000] [--image-runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reporting.context import load_context  # noqa: E402
from reporting.export.deck import build_deck  # noqa: E402
from reporting.export.images import ImagesUnavailable, chart_images, images_available  # noqa: E402
from reporting.export.memo import memo_html, memo_markdown  # noqa: E402
from reporting.export.xlsx import build_workbook  # noqa: E402
from reporting.ingest import ingest_paths  # noqa: E402
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
    args = parser.parse_args()
    sample = ROOT / "sample_data"
    context = load_context((sample / "context.yaml").read_bytes())
    files = [p for p in sample.iterdir() if p.suffix in (".xlsx", ".csv")]
    result = ingest_paths(files, fiscal_year_start_month=7, mappings=context.mappings)
    report = build_report(result, context, trials=args.trials)
    print(
        f"sample company: {len(report.observations)} observations, {len(report.metrics)} "
        f"metrics this quarter, {len(report.risks)} risks, {len(report.compliance)} frameworks"
    )
    rows = [
        ("deck (all sections)", lambda: build_deck(report), "under 1.5 s"),
        ("workbook", lambda: build_workbook(report), None),
        ("memo (Markdown + HTML)", lambda: (memo_markdown(report), memo_html(report)), None),
    ]
    for name, action, target in rows:
        first, median, output = timed(action, args.repeat)
        size = len(output) if isinstance(output, bytes) else sum(len(o) for o in output)
        note = f" (target: {target})" if target else ""
        print(
            f"{name}: first {first * 1000:.1f} ms, median {median * 1000:.1f} ms, "
            f"{size / 1024:.0f} KiB{note}"
        )
    if args.image_runs > 0:
        chart_image_times(report, context.risk_appetite.tolerance, args.image_runs)


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
