"""What reading files in a worker process costs, on the sample company's ingest.

Prints the whole ingest of `sample_data/` three ways: every file read in this process
(no isolation), through a worker that must first start (the first upload after the app
or the command starts), and through a warm worker (every upload after that). Goal: the
worker adds under 150 ms to the sample ingest.

    .venv/bin/python bench/isolation_bench.py [--repeat 5] [--rows 0]

With --rows N it also times a generated N-row long export (see ingest_bench.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reporting.ingest import ingest_paths, isolation, pipeline  # noqa: E402


def _time(paths: list[Path], repeat: int, *, isolated: bool, cold: bool) -> float:
    times = []
    for _ in range(repeat):
        if cold:
            isolation._Pool.close()
        pipeline.read_isolated = isolation.read_isolated if isolated else isolation.read_file
        started = time.perf_counter()
        result = ingest_paths(paths)
        times.append(time.perf_counter() - started)
        assert result.usable
    pipeline.read_isolated = isolation.read_isolated
    return statistics.median(times)


def report(title: str, paths: list[Path], repeat: int) -> None:
    _time(paths, 1, isolated=True, cold=False)  # imports and caches warm
    direct = _time(paths, repeat, isolated=False, cold=False)
    cold = _time(paths, repeat, isolated=True, cold=True)
    warm = _time(paths, repeat, isolated=True, cold=False)
    print(f"{title}")
    print(f"  read in this process      {direct * 1000:8.0f} ms")
    print(f"  worker, first file (cold) {cold * 1000:8.0f} ms  (+{(cold - direct) * 1000:.0f} ms)")
    print(f"  worker, warm              {warm * 1000:8.0f} ms  (+{(warm - direct) * 1000:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=0)
    args = parser.parse_args()
    sample = sorted(p for p in (ROOT / "sample_data").iterdir() if p.suffix in (".xlsx", ".csv"))
    report(f"Sample company ({len(sample)} files), median of {args.repeat}", sample, args.repeat)
    if args.rows:
        sys.path.insert(0, str(ROOT / "bench"))
        from ingest_bench import write_workbook

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "export.xlsx"
            write_workbook(path, args.rows)
            report(f"{args.rows:,}-row export, median of {args.repeat}", [path], args.repeat)


if __name__ == "__main__":
    main()
