"""A million-row long export, read by the command line as a user would.

Writes a long CSV (quarter, business unit, metric label, value, unit, target, notes) of
1,000,000 rows: every catalog label, as a team writes it, for 32 quarters and as many
business units as it takes. Then runs `board-brief validate` and `board-brief build --json`
on it, each as a whole process, and prints the wall time and the peak memory of each: the
largest resident set of the command and its reader worker
(`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`, measured in a fresh process per command
so that one command's peak does not hide the other's).
Targets: validate under 10 s and 1 GB, build --json under 30 s.

    .venv/bin/python bench/large_csv_bench.py [--rows 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNIT_WORDS = {"percent": "%", "count": "count", "days": "days", "hours": "hours"}
NOTES = ["reviewed by the security office", "estimate, confirmed next quarter", "new tool"]


def write_csv(path: Path, rows: int) -> None:
    """The export: units x quarters x labels, values plausible for each unit of measure."""
    from reporting.catalog import load_catalog

    catalog = load_catalog()
    labels = [(m.aliases[0] if m.aliases else m.name, m.unit, m.target) for m in catalog]
    quarters = [f"{y}-Q{q}" for y in range(2019, 2027) for q in range(1, 5)]
    per_unit = len(labels) * len(quarters)
    units = [f"Business unit {i:03d}" for i in range(rows // per_unit + 1)]
    combos = itertools.product(units, quarters, labels)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Quarter", "Business unit", "Metric", "Value", "Unit", "Target", "Notes"])
        for r, (unit, quarter, (label, kind, target)) in enumerate(itertools.islice(combos, rows)):
            value = (r * 37) % 1000 / 10 if kind == "percent" else (r * 13) % 250
            out.writerow(
                [
                    quarter,
                    unit,
                    label,
                    f"{value:g}",
                    UNIT_WORDS[kind],
                    f"{target:g}" if r % 5 == 0 else "",
                    NOTES[r % 3] if r % 11 == 0 else "",
                ]
            )


def measure(command: list[str]) -> dict:
    """Run one command; its wall time, exit code and the peak memory of it and its worker."""
    started = time.perf_counter()
    run = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "seconds": elapsed,
        "peak_mb": peak_kib / 1024,
        "code": run.returncode,
        "stderr": run.stderr[-500:],
    }


def measured(command: list[str]) -> dict:
    """`measure` in a fresh process, so that each command's peak is its own."""
    run = subprocess.run(
        [sys.executable, __file__, "--measure", *command],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the CSV and the JSON here")
    parser.add_argument("--measure", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "long_export.csv"
        write_csv(path, args.rows)
        print(f"export: {args.rows:,} rows, {path.stat().st_size / 1_048_576:.1f} MB")
        cli = [str(Path(sys.executable).with_name("board-brief"))]
        for what, command, target in (
            ("validate", [*cli, "validate", str(path)], "target: under 10 s and 1 GB"),
            (
                "build --json",
                [*cli, "build", str(path), "--json", str(folder / "report.json")],
                "target: under 30 s",
            ),
        ):
            result = measured(command)
            problem = f"  exit {result['code']}: {result['stderr']}" if result["code"] else ""
            print(
                f"{what:>13}: {result['seconds']:6.1f} s, peak {result['peak_mb']:6.0f} MB "
                f"({target}){problem}"
            )


if __name__ == "__main__":
    main()
