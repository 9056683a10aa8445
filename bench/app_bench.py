"""Script time of every app page, for the sample company and an enterprise-sized one.

Generates the enterprise company of the page-speed issue (50 business units, 12 quarters,
16 metrics: 9,600 rows, with its business context), loads each company into an AppTest
session as an upload would, then times each page's script run: its first visit (which
builds the report) and a second visit (which should reuse it). Targets: every page under
0.5 s for the sample and under 1 s for the enterprise, second visit.

    .venv/bin/python bench/app_bench.py [--units 50] [--quarters 12] [--only sample|enterprise]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reporting.catalog import load_catalog  # noqa: E402
from reporting.context import load_context  # noqa: E402
from reporting.ingest import InputFile  # noqa: E402

PAGES = ("summary", "risks", "budget", "compliance", "trends", "data", "context", "export")

# Sixteen catalog metrics across the domains, each with a plausible spread of values.
METRICS = {
    "mfa_coverage_pct": (85, 100),
    "privileged_mfa_pct": (90, 100),
    "edr_coverage_pct": (88, 100),
    "patch_compliance_pct": (80, 99),
    "vuln_critical_open": (0, 20),
    "vuln_critical_overdue": (0, 8),
    "kev_open": (0, 4),
    "phishing_click_rate_pct": (2, 12),
    "training_completion_pct": (80, 100),
    "restore_test_success_pct": (70, 100),
    "mttd_hours": (4, 72),
    "mttc_hours": (2, 48),
    "vendors_assessed_pct": (60, 100),
    "audit_findings_overdue": (0, 6),
    "cloud_critical_misconfig": (0, 10),
    "dormant_accounts": (0, 200),
}


def enterprise(units: int, quarters: int, seed: int = 7) -> tuple[list[InputFile], bytes]:
    """The generated company's long CSV and its business context (YAML)."""
    catalog = load_catalog()
    missing = [m for m in METRICS if m not in catalog.metrics]
    if missing:
        raise SystemExit(f"bench metrics not in the catalog: {', '.join(missing)}")
    rng = random.Random(seed)
    names = [f"Unit {i:02d}" for i in range(1, units + 1)]
    periods = []
    year, quarter = 2024 - quarters // 4, 1
    for _ in range(quarters):
        periods.append(f"{year}-Q{quarter}")
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    rows = ["Quarter,Business Unit,Metric,Value"]
    for unit in names:
        for metric_id, (low, high) in METRICS.items():
            level = rng.uniform(low, high)
            for period in periods:
                level = min(high, max(low, level + rng.uniform(-1, 1) * (high - low) * 0.08))
                value = (
                    round(level, 1)
                    if catalog.metrics[metric_id].unit == "percent"
                    else round(level)
                )
                rows.append(f"{period},{unit},{catalog.metrics[metric_id].name},{value}")
    data = ("\n".join(rows) + "\n").encode()
    regulations = ["PCI DSS 4.0", "GDPR", "SOX", "HIPAA"]
    context = [
        "organization:",
        "  name: Enterprise Bench Co",
        "  sector: financial_services",
        "  annual_revenue: 12000000000",
        "  currency: USD",
        "business_units:",
    ]
    for i, unit in enumerate(names):
        context += [
            f"  - name: {unit}",
            f"    criticality: {1 + i % 5}",
            f"    data: [{'payment_card, personal' if i % 4 == 0 else 'personal'}]",
            f"    regulations: [{regulations[i % len(regulations)]}]",
            f"    owner: Head of {unit}",
        ]
    context += ["risk_appetite:", "  default: moderate"]
    return [InputFile("enterprise.csv", data)], ("\n".join(context) + "\n").encode()


def sample() -> tuple[list[InputFile], bytes]:
    folder = ROOT / "sample_data"
    files = [
        InputFile(p.name, p.read_bytes())
        for p in sorted(folder.iterdir())
        if p.suffix in (".xlsx", ".csv")
    ]
    return files, (folder / "context.yaml").read_bytes()


def time_pages(name: str, files: list[InputFile], context_yaml: bytes) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    at.session_state["source"] = "uploads"
    at.session_state["files"] = files
    at.session_state["context"] = load_context(context_yaml)
    at.session_state["context_given"] = True
    rows = len(files[0].data.splitlines()) - 1 if len(files) == 1 else None
    print(f"{name}: {len(files)} file(s){f', {rows:,} rows' if rows else ''}")
    for visit in ("first", "second"):
        times = []
        for page in PAGES:
            at.switch_page(f"pages/{page}.py")
            start = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - start
            problems = [e.message for e in at.exception]
            if problems:
                raise SystemExit(f"{name}, {page}: {problems[0]}")
            times.append((page, elapsed))
        line = ", ".join(f"{page} {seconds:.2f} s" for page, seconds in times)
        print(f"  {visit} visit: {line}; slowest {max(t for _, t in times):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--quarters", type=int, default=12)
    parser.add_argument("--only", choices=("sample", "enterprise"))
    args = parser.parse_args()
    # A throwaway history store, so the bench never touches the user's.
    os.environ["BOARD_BRIEF_DATA_DIR"] = tempfile.mkdtemp(prefix="board-brief-bench-")
    os.environ.pop("BOARD_BRIEF_DATABASE_URL", None)
    print("page script time (AppTest), targets: sample under 0.5 s, enterprise under 1 s")
    if args.only in (None, "sample"):
        time_pages("sample company", *sample())
    if args.only in (None, "enterprise"):
        files, context = enterprise(args.units, args.quarters)
        time_pages(f"enterprise ({args.units} units, {args.quarters} quarters)", files, context)


if __name__ == "__main__":
    main()
