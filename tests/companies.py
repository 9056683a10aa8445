"""A generated company of many business units, for the tests that need size (the benches'
enterprise is bigger: `bench/companies.py`)."""

from __future__ import annotations

import random

from reporting.catalog import load_catalog
from reporting.context import BusinessContext, load_context
from reporting.ingest import InputFile, ingest
from reporting.observations import IngestResult
from reporting.report import BoardReport
from reporting.translate import build_report

# Who may use acme's and harbour's packs, with which role (sign-in tests): a virtual CISO
# administers acme and is the security team of harbour; acme's board reads via a group.
MEMBERS = """organisations:
  acme:
    members:
      chair@acme.example: reader
      analyst@acme.example: security
      ciso@acme.example: admin
  harbour:
    members:
      ciso@acme.example: security
groups:
  acme-board: {organisation: acme, role: reader}
"""


# Eight catalog metrics across the domains, each with its spread of values.
METRICS = {
    "mfa_coverage_pct": (80, 100),
    "edr_coverage_pct": (85, 100),
    "patch_compliance_pct": (75, 99),
    "vuln_critical_open": (0, 20),
    "phishing_click_rate_pct": (2, 14),
    "restore_test_success_pct": (70, 100),
    "vendors_assessed_pct": (60, 100),
    "audit_findings_overdue": (0, 6),
}


def many_units(units: int = 8, quarters: tuple[str, ...] = ("2026-Q2", "2026-Q3"), seed: int = 3):
    """The company's long CSV and its business context."""
    catalog = load_catalog()
    rng = random.Random(seed)
    names = [f"Unit {i:02d}" for i in range(1, units + 1)]
    rows = ["Quarter,Business Unit,Metric,Value"]
    for unit in names:
        for metric_id, (low, high) in METRICS.items():
            for period in quarters:
                value = rng.uniform(low, high)
                if catalog.metrics[metric_id].unit != "percent":
                    value = round(value)
                rows.append(f"{period},{unit},{catalog.metrics[metric_id].name},{value:.1f}")
    context = ["organization:", "  name: Many Units Ltd", "  annual_revenue: 900000000"]
    context += ["business_units:"]
    for i, unit in enumerate(names):
        context += [f"  - name: {unit}", f"    criticality: {1 + i % 5}", "    data: [personal]"]
    files = [InputFile("units.csv", ("\n".join(rows) + "\n").encode())]
    return files, ("\n".join(context) + "\n").encode()


def many_units_report(units: int = 8) -> tuple[IngestResult, BusinessContext, BoardReport]:
    files, context_yaml = many_units(units)
    context = load_context(context_yaml)
    result = ingest(files, **context.ingest_options())
    return result, context, build_report(result, context, trials=5_000)
