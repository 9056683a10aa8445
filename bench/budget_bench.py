"""How long the budget conversation takes for the sample company: every initiative and
default option priced against the report's simulated years, and the portfolio for the
budget chosen and priced together (the goal: under 1 s), at the report's full trials.

    .venv/bin/python bench/budget_bench.py [--trials 50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from reporting.context import load_context
    from reporting.ingest import ingest_paths
    from reporting.translate import build_report, options

    sample = ROOT / "sample_data"
    context = load_context((sample / "context.yaml").read_bytes())
    files = sorted(p for p in sample.iterdir() if p.suffix in (".xlsx", ".csv"))
    result = ingest_paths(files, **context.ingest_options())

    spent: list[float] = []
    priced = options.budget

    def timed(*a, **k):
        start = time.perf_counter()
        try:
            return priced(*a, **k)
        finally:
            spent.append(time.perf_counter() - start)

    options.budget = timed
    try:
        whole = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            report = build_report(result, context, trials=args.trials)
            whole.append(time.perf_counter() - start)
    finally:
        options.budget = priced
    budget = report.budget
    print(f"sample company, {args.trials:,} simulated years, best of {args.repeat}")
    print(
        f"  options priced: {len(budget.options)} ({sum(o.default for o in budget.options)} default)"
    )
    print(f"  portfolio: {len(budget.portfolio.chosen) if budget.portfolio else 0} chosen")
    print(f"  budget conversation: {min(spent):.3f} s (goal: under 1 s)")
    print(f"  whole report, budget included: {min(whole):.3f} s")


if __name__ == "__main__":
    main()
