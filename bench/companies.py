"""The companies the benches time: the bundled sample, and a generated enterprise.

The enterprise is the page-speed issue's: 50 business units, 12 quarters and 16 catalog
metrics (9,600 rows in one long CSV), with a business context describing every unit.
"""

from __future__ import annotations

import random
from pathlib import Path

from reporting.catalog import load_catalog
from reporting.context import BusinessContext, load_context
from reporting.ingest import InputFile, ingest
from reporting.observations import IngestResult

ROOT = Path(__file__).resolve().parent.parent

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


def read(files: list[InputFile], context_yaml: bytes) -> tuple[IngestResult, BusinessContext]:
    """What ingest reads of a company, and its context."""
    context = load_context(context_yaml)
    return ingest(files, **context.ingest_options()), context
