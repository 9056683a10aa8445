"""Time of a full translation of the sample company, exposure included.

Ingests the sample once, then times `build_report` (statuses, every risk with a 50,000-trial
FAIR simulation, compliance for five frameworks, the summary). Target: under 300 ms.

    .venv/bin/python bench/translate_bench.py [--trials 50000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reporting.context import load_context  # noqa: E402
from reporting.ingest import ingest_paths  # noqa: E402
from reporting.translate import build_report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sample = ROOT / "sample_data"
    context = load_context((sample / "context.yaml").read_bytes())
    files = [p for p in sample.iterdir() if p.suffix in (".xlsx", ".csv")]
    result = ingest_paths(files, fiscal_year_start_month=7, mappings=context.mappings)
    build_report(result, context, trials=args.trials)  # warm caches (catalog, scenarios)
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        report = build_report(result, context, trials=args.trials)
        times.append(time.perf_counter() - start)
    print(
        f"sample company: {len(result.observations)} observations, {len(report.risks)} risks x "
        f"{args.trials:,} trials, {len(report.compliance)} frameworks"
    )
    print(
        f"build_report: median {statistics.median(times) * 1000:.0f} ms, "
        f"best {min(times) * 1000:.0f} ms (target: under 300 ms)"
    )


if __name__ == "__main__":
    main()
