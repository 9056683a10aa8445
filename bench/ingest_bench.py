"""Ingest speed on a large long-format export.

Writes a 100,000-row .xlsx (quarter, business unit, metric, value, unit, target, notes),
then prints our whole ingest time (sniffing, reading in the worker, layout, label mapping,
values, duplicate checks) beside two reads of the same file that map nothing:
`pandas.read_excel(engine="openpyxl")`, and a bare python-calamine read (open the workbook,
read the sheet's values), the floor any calamine-based reader stands on. Ingest is timed
warm (after one ingest of the file, as an app that has served a file once), its median
over `--repeat` runs. Then `board-brief validate` and `validate --json` of the same file,
each as a whole process of `.venv/bin/board-brief`, output to /dev/null.
Targets: ours at most 2x the bare calamine read and at least 5x faster than
pandas+openpyxl; `validate --json` within 1.5x of `validate`.

    .venv/bin/python bench/ingest_bench.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd
import python_calamine
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reporting.catalog import load_catalog
from reporting.ingest import InputFile, ingest


def write_workbook(path: Path, rows: int) -> None:
    catalog = load_catalog()
    labels = [(m.aliases[0] if m.aliases else m.name, m.unit) for m in catalog]
    quarters = [f"{y}-Q{q}" for y in range(2019, 2027) for q in range(1, 5)]
    per_unit = len(labels) * len(quarters)
    units = [f"Business unit {i:03d}" for i in range(rows // per_unit + 1)]
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Export")
    sheet.write_row(
        0, 0, ["Quarter", "Business Unit", "Metric", "Value", "Unit", "Target", "Notes"]
    )
    combos = itertools.product(units, quarters, labels)
    for r, (unit, quarter, (label, kind)) in enumerate(itertools.islice(combos, rows), start=1):
        value = (r * 37) % 100 if kind == "percent" else (r * 13) % 250
        sheet.write_string(r, 0, quarter)
        sheet.write_string(r, 1, unit)
        sheet.write_string(r, 2, label)
        sheet.write_number(r, 3, value)
        sheet.write_string(r, 4, "%" if kind == "percent" else kind)
        if r % 7 == 0:
            sheet.write_string(r, 6, "reviewed by the security office")
    book.close()


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def calamine_read(data: bytes) -> list[list[object]]:
    """The floor: open the workbook and read its sheet's values, nothing else."""
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return workbook.get_sheet_by_index(0).to_python()


def command_seconds(args: list[str], repeat: int) -> float:
    """The median wall time of a `board-brief` command run as a whole process."""
    cli = str(Path(sys.executable).with_name("board-brief"))
    return timed(
        lambda: subprocess.run([cli, *args], stdout=subprocess.DEVNULL, check=False), repeat
    )[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long_export.xlsx"
        write_workbook(path, args.rows)
        data = path.read_bytes()
        print(f"workbook: {args.rows:,} rows, {len(data) / 1_048_576:.1f} MB")

        ingest([InputFile(path.name, data)])  # warm: catalog loaded, worker started
        ours, result = timed(lambda: ingest([InputFile(path.name, data)]), args.repeat)
        tracemalloc.start()
        ingest([InputFile(path.name, data)])
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"board-brief ingest: {ours * 1000:8.0f} ms  ({len(result.observations):,} observations, "
            f"{len(result.unmapped)} unmapped, peak Python memory {peak / 1_048_576:.0f} MB)"
        )
        floor, rows = timed(lambda: calamine_read(data), args.repeat)
        print(
            f"bare python-calamine read: {floor * 1000:8.0f} ms  ({len(rows):,} rows, no mapping)"
        )
        bare, frame = timed(lambda: pd.read_excel(path, engine="openpyxl"), max(1, args.repeat - 1))
        print(
            f"pandas.read_excel(openpyxl): {bare * 1000:8.0f} ms  ({len(frame):,} rows, no mapping)"
        )
        print(f"ours / calamine floor: {ours / floor:.2f}x (target: at most 2x)")
        print(f"speed-up over pandas+openpyxl: {bare / ours:.1f}x (target: at least 5x)")

        plain = command_seconds(["validate", str(path)], args.repeat)
        as_json = command_seconds(["validate", str(path), "--json"], args.repeat)
        print(f"board-brief validate (process): {plain * 1000:8.0f} ms")
        print(f"board-brief validate --json (process): {as_json * 1000:8.0f} ms")
        print(f"validate --json / validate: {as_json / plain:.2f}x (target: at most 1.5x)")


if __name__ == "__main__":
    main()
