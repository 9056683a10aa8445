"""Time of a full translation, exposure included, for the sample and an enterprise company.

Reads each company once (outside the timing), then times `build_report`: statuses, every
risk with its 50,000-year FAIR simulation, the options and the change in money, compliance
for every framework, the summary. Two figures each:

- cold: the first build in a fresh process (nothing simulated yet), what `board-brief
  build` and the first page after an upload pay;
- warm: a rebuild in the same process (another quarter, a what-if, a new context), where
  every risk whose inputs did not change reuses its simulated years.

Targets: the sample under 300 ms, the enterprise (50 units, 12 quarters) under 1 s, cold.

    .venv/bin/python bench/translate_bench.py [--trials 50000] [--repeat 5] [--only ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.companies import enterprise, read, sample  # noqa: E402
from reporting.translate import build_report, exposure  # noqa: E402


def timed(name: str, files, context_yaml: bytes, trials: int, repeat: int, target: str) -> None:
    result, context = read(files, context_yaml)
    report = build_report(result, context, trials=trials)  # load the catalog and scenarios
    cold, warm = [], []
    for _ in range(repeat):
        exposure.forget()
        start = time.perf_counter()
        build_report(result, context, trials=trials)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        build_report(result, context, trials=trials)
        warm.append(time.perf_counter() - start)
    print(
        f"{name}: {len(result.observations):,} observations, {len(report.risks)} risks "
        f"({len(report.unit_risks)} by business unit) x {trials:,} trials, "
        f"{len(report.compliance)} frameworks"
    )
    print(
        f"  build_report cold: median {statistics.median(cold) * 1000:.0f} ms, "
        f"best {min(cold) * 1000:.0f} ms (target: {target}); "
        f"warm: median {statistics.median(warm) * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=exposure.DEFAULT_TRIALS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=("sample", "enterprise"))
    args = parser.parse_args()
    if args.only in (None, "sample"):
        timed("sample company", *sample(), args.trials, args.repeat, "under 300 ms")
    if args.only in (None, "enterprise"):
        timed(
            "enterprise (50 units, 12 quarters)",
            *enterprise(50, 12),
            args.trials,
            args.repeat,
            "under 1 s",
        )


if __name__ == "__main__":
    main()
