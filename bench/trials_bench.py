"""How stable the reported money is at a given number of simulated years.

Builds the sample company's report again and again, each time with the simulation's seeds
salted differently, and prints how far the figures a board reads move between runs: the
company's expected annual loss (mean), its typical year (p50) and its bad year (p90), and
the mean and p90 of each risk in the register (the least stable risk is printed). The
figure is the coefficient of variation across the runs (standard deviation over mean), so
"1.0 %" means two runs typically differ by about one per cent. Target: about 1 % for the
company at the trials the product uses (`exposure.DEFAULT_TRIALS`).

    .venv/bin/python bench/trials_bench.py [--runs 12] [--trials 20000 50000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reporting.context import load_context  # noqa: E402
from reporting.ingest import ingest_paths  # noqa: E402
from reporting.translate import build_report, exposure  # noqa: E402


def cv(values: list[float]) -> float:
    mean = statistics.fmean(values)
    return statistics.stdev(values) / mean if mean else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--trials", type=int, nargs="+", default=[20_000, exposure.DEFAULT_TRIALS])
    args = parser.parse_args()
    sample = ROOT / "sample_data"
    context = load_context((sample / "context.yaml").read_bytes())
    files = [p for p in sample.iterdir() if p.suffix in (".xlsx", ".csv")]
    result = ingest_paths(files, fiscal_year_start_month=7, mappings=context.mappings)
    plain = exposure.seed_for
    print(f"spread between {args.runs} differently seeded runs of the sample (CV)")
    for trials in args.trials:
        company: dict[str, list[float]] = {"mean": [], "p50": [], "p90": []}
        by_risk: dict[str, dict[str, list[float]]] = {}
        for run in range(args.runs):
            exposure.seed_for = lambda key, run=run: zlib.crc32(f"{run}:{key}".encode())
            exposure.forget()
            report = build_report(result, context, trials=trials)
            company["mean"].append(report.exposure.mean)
            company["p50"].append(report.exposure.p50)
            company["p90"].append(report.exposure.p90)
            for risk in report.risks:
                figures = by_risk.setdefault(risk.id, {"mean": [], "p90": []})
                figures["mean"].append(risk.exposure.mean)
                figures["p90"].append(risk.exposure.p90)
        exposure.seed_for = plain
        exposure.forget()
        worst = {
            name: max((cv(f[name]), rid) for rid, f in by_risk.items() if min(f[name]) > 0)
            for name in ("mean", "p90")
        }
        print(
            f"  {trials:>7,} trials: company mean {cv(company['mean']):.1%}, "
            f"p50 {cv(company['p50']):.1%}, p90 {cv(company['p90']):.1%}; "
            f"least stable risk: mean {worst['mean'][0]:.1%} ({worst['mean'][1]}), "
            f"p90 {worst['p90'][0]:.1%} ({worst['p90'][1]})"
        )


if __name__ == "__main__":
    main()
