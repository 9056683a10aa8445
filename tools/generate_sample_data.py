"""Build the Harbour Retail Group sample data: a year of a CISO's security metrics.

Harbour Retail Group is a fictional retailer (annual revenue USD 750 million) whose
fiscal year starts in July, so its CISO labels quarters "Q2 FY26" to "Q1 FY27", which are
the calendar quarters 2025-Q4, 2026-Q1, 2026-Q2 and 2026-Q3 (Q1 FY27 = July-September 2026).

The story the numbers tell over those four quarters:

* Getting better: the MFA roll-out (company-wide coverage from 80 % to 96 %), EDR
  deployment (87 % to 96 %), staff awareness (phish-prone rate 14.2 % down to 6.1 %,
  report rate 31 % up to 52 %), time to detect and contain incidents, the Windows 10
  end-of-life clean-up, and code security scanning.
* Getting worse: backup restore tests (96 % passing down to 78 %), supplier assessments
  (92 % of critical vendors assessed down to 68 %, open high-risk vendor findings 4 to 11),
  an internal-audit finding on payment network segmentation that went overdue in Q1 FY27,
  and, above all, patching discipline in Card Payments: high-severity vulnerabilities past
  their deadline rise 6 -> 8 -> 11 -> 14 and medium-severity ones 9 -> 12 -> 17 -> 22, while
  that unit's patch compliance slips from 96 % to 92 %.
* The trap for a severity-only view: the R&D Sandbox (criticality 1, no sensitive data)
  carries most of the company's critical vulnerabilities (38-45 open, 21-27 past deadline),
  which dominates the company-wide "critical vulns" row, whereas the business risk sits in
  Card Payments' medium and high findings (PCI DSS 4.0 scope).

Files written beside this script:

* harbour_security_kpis.xlsx: the CISO's wide KPI workbook (XlsxWriter), sheets
  "KPI Dashboard", "Third Parties & Audit" and "Read me";
* bu_card_payments.csv, bu_ecommerce.csv, bu_corporate_it.csv, bu_rnd_sandbox.csv: long
  exports per business unit from the vulnerability / asset tooling;
* context.yaml: the business context (organisation, units, risk appetite, owners).

Everything is deterministic (no randomness, fixed workbook properties), so regenerating
gives the same files. Run from the repository root:

    .venv/bin/python tools/generate_sample_data.py (or: make sample)
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
import yaml

HERE = Path(__file__).resolve().parent.parent / "sample_data"
CATALOG = HERE.parent / "reporting" / "catalog" / "metrics.yaml"
WORKBOOK = "harbour_security_kpis.xlsx"

CALENDAR_QUARTERS = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
FISCAL_QUARTERS = ["Q2 FY26", "Q3 FY26", "Q4 FY26", "Q1 FY27"]
NA = None  # a value not measured in that quarter, written "N/A"


# ---------------------------------------------------------------------------- business units


@dataclass(frozen=True)
class BusinessUnit:
    name: str
    file: str
    criticality: int
    data: tuple[str, ...]
    regulations: tuple[str, ...]
    owner: str
    description: str
    users: int  # weights for company-wide percentages
    endpoints: int
    data_stores: int
    quarter_style: str  # "iso" -> 2026-Q3, "words" -> Q3 2026


UNITS = [
    BusinessUnit(
        name="Card Payments", file="bu_card_payments.csv", criticality=5,
        data=("payment_card", "personal"), regulations=("PCI DSS 4.0", "GDPR"),
        owner="Head of Payments",
        description="Card authorisation, tokenisation and settlement (cardholder data)",
        users=420, endpoints=650, data_stores=40, quarter_style="iso",
    ),
    BusinessUnit(
        name="E-commerce", file="bu_ecommerce.csv", criticality=4,
        data=("personal",), regulations=("GDPR",), owner="Chief Digital Officer",
        description="Online store, mobile app and customer accounts",
        users=310, endpoints=520, data_stores=60, quarter_style="words",
    ),
    BusinessUnit(
        name="Corporate IT", file="bu_corporate_it.csv", criticality=3,
        data=("personal",), regulations=("SOX",), owner="CIO",
        description="Head office and store staff IT, finance (ERP) and HR systems",
        users=4650, endpoints=5200, data_stores=120, quarter_style="iso",
    ),
    BusinessUnit(
        name="R&D Sandbox", file="bu_rnd_sandbox.csv", criticality=1,
        data=(), regulations=(), owner="Head of Engineering",
        description="Isolated cloud sandbox for prototypes; no production or customer data",
        users=75, endpoints=380, data_stores=15, quarter_style="words",
    ),
]  # fmt: skip

# Per-unit series, Q2 FY26 .. Q1 FY27 (2025-Q4 .. 2026-Q3). Percentages are 0-100.
BU_SERIES: dict[str, dict[str, list[float]]] = {
    "Card Payments": {
        "vuln_critical_open": [3, 2, 4, 3],
        "vuln_critical_overdue": [1, 0, 2, 1],
        "vuln_high_open": [38, 41, 47, 52],
        "vuln_high_overdue": [6, 8, 11, 14],
        "vuln_medium_overdue": [9, 12, 17, 22],
        "kev_open": [0, 1, 1, 0],
        "internet_facing_critical": [1, 0, 1, 0],
        "patch_compliance_pct": [96.2, 95.1, 93.4, 91.8],
        "edr_coverage_pct": [97.5, 98.6, 99.1, 99.4],
        "mfa_coverage_pct": [97.0, 98.8, 99.5, 100.0],
        "cloud_critical_misconfig": [2, 1, 3, 2],
        "encryption_coverage_pct": [97.5, 100.0, 100.0, 100.0],
    },
    "E-commerce": {
        "vuln_critical_open": [7, 6, 5, 4],
        "vuln_critical_overdue": [2, 2, 1, 1],
        "vuln_high_open": [64, 58, 55, 49],
        "vuln_high_overdue": [9, 8, 8, 7],
        "vuln_medium_overdue": [18, 16, 15, 13],
        "kev_open": [2, 1, 1, 1],
        "internet_facing_critical": [3, 2, 2, 1],
        "patch_compliance_pct": [91.0, 92.5, 93.8, 94.6],
        "edr_coverage_pct": [94.0, 96.2, 97.5, 98.3],
        "mfa_coverage_pct": [90.5, 94.0, 96.8, 98.1],
        "cloud_critical_misconfig": [6, 5, 4, 3],
        "encryption_coverage_pct": [91.7, 93.3, 95.0, 96.7],
    },
    "Corporate IT": {
        "vuln_critical_open": [12, 10, 9, 8],
        "vuln_critical_overdue": [4, 3, 3, 2],
        "vuln_high_open": [140, 128, 121, 115],
        "vuln_high_overdue": [21, 18, 17, 15],
        "vuln_medium_overdue": [55, 48, 44, 40],
        "kev_open": [4, 3, 2, 2],
        "internet_facing_critical": [1, 1, 0, 0],
        "patch_compliance_pct": [88.4, 90.1, 91.9, 93.2],
        "edr_coverage_pct": [86.0, 90.5, 94.2, 96.8],
        "mfa_coverage_pct": [78.0, 85.5, 91.2, 95.4],
        "cloud_critical_misconfig": [4, 4, 3, 3],
        "encryption_coverage_pct": [85.0, 87.5, 90.0, 92.5],
    },
    "R&D Sandbox": {
        "vuln_critical_open": [38, 41, 45, 43],
        "vuln_critical_overdue": [21, 24, 27, 26],
        "vuln_high_open": [96, 104, 118, 112],
        "vuln_high_overdue": [33, 37, 41, 39],
        "vuln_medium_overdue": [3, 4, 2, 3],
        "kev_open": [5, 6, 7, 6],
        "internet_facing_critical": [2, 3, 3, 2],
        "patch_compliance_pct": [61.0, 58.5, 55.2, 57.4],
        "edr_coverage_pct": [72.0, 74.5, 78.9, 81.3],
        "mfa_coverage_pct": [64.0, 70.7, 76.0, 81.3],
        "cloud_critical_misconfig": [11, 14, 16, 15],
        "encryption_coverage_pct": [60.0, 60.0, 66.7, 66.7],
    },
}

# How the tooling labels each per-unit metric, its unit column and the tool's own target.
BU_EXPORT: dict[str, tuple[str, str, float | None]] = {
    "vuln_critical_open": ("Critical vulnerabilities open", "count", None),
    "vuln_critical_overdue": ("Critical vulnerabilities past SLA", "count", 0),
    "vuln_high_open": ("High vulnerabilities open", "count", None),
    "vuln_high_overdue": ("High vulnerabilities past SLA", "count", 0),
    "vuln_medium_overdue": ("Medium vulnerabilities past SLA", "count", None),
    "kev_open": ("CISA KEV vulnerabilities outstanding", "count", 0),
    "internet_facing_critical": ("Internet-facing critical vulnerabilities", "count", 0),
    "patch_compliance_pct": ("Systems patched within SLA", "%", 95),
    "edr_coverage_pct": ("EDR agent coverage %", "%", 98),
    "mfa_coverage_pct": ("Users enrolled in MFA", "%", 98),
    "cloud_critical_misconfig": ("CSPM critical findings", "count", 0),
    "encryption_coverage_pct": ("Encryption at rest coverage", "%", 100),
}

# Which unit size weights a company-wide percentage.
WEIGHT = {
    "patch_compliance_pct": "endpoints",
    "edr_coverage_pct": "endpoints",
    "mfa_coverage_pct": "users",
    "encryption_coverage_pct": "data_stores",
}


def company(metric_id: str) -> list[float]:
    """Company-wide series from the units: a sum for counts, a weighted mean for percents."""
    series = [BU_SERIES[u.name][metric_id] for u in UNITS]
    if metric_id not in WEIGHT:
        return [sum(values) for values in zip(*series, strict=True)]
    weights = [getattr(u, WEIGHT[metric_id]) for u in UNITS]
    return [
        round(sum(w * v for w, v in zip(weights, values, strict=True)) / sum(weights), 1)
        for values in zip(*series, strict=True)
    ]


# ---------------------------------------------------------------------------- workbook rows


@dataclass(frozen=True)
class Row:
    label: str
    metric_id: str
    values: list[float | None]
    kind: str = "count"  # count | pct | hours | days
    target: float | None = None
    note: str = ""
    num_format: str | None = None  # overrides the default for the kind
    text_quarters: tuple[int, ...] = ()  # quarters written as text such as "93%"


def _sandbox_share(metric_id: str, quarter: int = 3) -> str:
    total = company(metric_id)[quarter]
    sandbox = BU_SERIES["R&D Sandbox"][metric_id][quarter]
    return f"{sandbox:g} of {total:g} are in the R&D Sandbox"


def _card_payments_trend(metric_id: str) -> str:
    series = " -> ".join(f"{v:g}" for v in BU_SERIES["Card Payments"][metric_id])
    return f"Card Payments rising ({series}): few change windows in the payment systems"


DASHBOARD: list[str | Row] = [
    "Vulnerability Management",
    Row(
        "Critical vulns open",
        "vuln_critical_open",
        company("vuln_critical_open"),
        target=10,
        note=_sandbox_share("vuln_critical_open"),
    ),
    Row(
        "Critical vulns open >30 days",
        "vuln_critical_overdue",
        company("vuln_critical_overdue"),
        target=0,
        note=_sandbox_share("vuln_critical_overdue") + " (no remediation SLA agreed)",
    ),
    Row(
        "High vulns past SLA",
        "vuln_high_overdue",
        company("vuln_high_overdue"),
        target=0,
        note=_card_payments_trend("vuln_high_overdue"),
    ),
    Row("CISA KEV open", "kev_open", company("kev_open"), target=0),
    Row(
        "MTTR critical (days)",
        "mttr_critical_days",
        [24, 21, 19, 17],
        kind="days",
        target=15,
        note="Excludes R&D Sandbox",
    ),
    Row(
        "Patch compliance %",
        "patch_compliance_pct",
        company("patch_compliance_pct"),
        kind="pct",
        target=95,
    ),
    "Identity & Access",
    Row(
        "MFA coverage (all users)",
        "mfa_coverage_pct",
        company("mfa_coverage_pct"),
        kind="pct",
        target=98,
        num_format="0.0%",
        note="Store staff moved to passkeys on shared tills from Feb 2026",
    ),
    Row(
        "Privileged MFA %", "privileged_mfa_pct", [91.0, 95.5, 98.0, 100.0], kind="pct", target=100
    ),
    Row(
        "Dormant accounts >90 days",
        "dormant_accounts",
        [212, 168, 131, 96],
        target=0,
        note="Joiner-mover-leaver automation live for head office; stores next",
    ),
    Row(
        "Access review completion",
        "access_review_completion_pct",
        [82, 88, 93, 97],
        kind="pct",
        target=100,
        text_quarters=(2,),
    ),
    "Endpoint & Asset Security",
    Row(
        "EDR coverage",
        "edr_coverage_pct",
        company("edr_coverage_pct"),
        kind="pct",
        target=98,
        num_format="0.0%",
    ),
    Row(
        "Asset inventory coverage %",
        "asset_inventory_coverage_pct",
        [88.0, 90.0, 92.0, 93.5],
        kind="pct",
        target=95,
        num_format="0.0%",
    ),
    Row(
        "End-of-life systems",
        "unsupported_os_count",
        [310, 220, 140, 85],
        target=0,
        note="Windows 10 support ended 14 Oct 2025; Windows 11 migration on track",
    ),
    Row(
        "CIS benchmark compliance", "config_compliance_pct", [78, 81, 83, 84], kind="pct", target=90
    ),
    "Detection & Response",
    Row("MTTD (hrs)", "mttd_hours", [38, 31, 26, 22], kind="hours", target=24),
    Row("MTTC (hrs)", "mttc_hours", [14, 12, 10.5, 9], kind="hours", target=8),
    Row("Security incidents", "incidents_total", [14, 11, 17, 12], target=15),
    Row("Material incidents", "incidents_material", [0, 0, 0, 0], target=0),
    Row("SIEM log source coverage %", "log_coverage_pct", [81, 84, 88, 90], kind="pct", target=95),
    Row(
        "Alert triage within SLA",
        "siem_alert_triage_sla_pct",
        [NA, 88, 92, 94],
        kind="pct",
        target=95,
        note="24x7 MDR service started January 2026",
    ),
    "People",
    Row(
        "Phish-prone %",
        "phishing_click_rate_pct",
        [14.2, 11.0, 8.3, 6.1],
        kind="pct",
        target=5,
        num_format="0.0%",
        note="Monthly simulations since Oct 2025",
    ),
    Row(
        "Phishing report rate", "phishing_report_rate_pct", [31, 38, 45, 52], kind="pct", target=60
    ),
    Row(
        "Security awareness training completion %",
        "training_completion_pct",
        [88, 91, 93, 96],
        kind="pct",
        target=95,
        text_quarters=(0, 1, 2, 3),
        note="Figures from the HR learning system",
    ),
    "Resilience",
    Row(
        "Backup success rate",
        "backup_success_pct",
        [98.9, 99.1, 98.4, 98.7],
        kind="pct",
        target=98,
        num_format="0.0%",
    ),
    Row(
        "Restore test success",
        "restore_test_success_pct",
        [96.0, 92.0, 85.0, 77.8],
        kind="pct",
        target=95,
        num_format="0.0%",
        note="Q1 FY27: 4 of 18 restores failed, incl. the payments database (RTO missed)",
    ),
    Row("DR plans tested", "dr_tested_pct", [50, 60, 70, 70], kind="pct", target=100),
    "Cloud & Data Protection",
    Row(
        "Critical cloud misconfigurations",
        "cloud_critical_misconfig",
        company("cloud_critical_misconfig"),
        target=0,
    ),
    Row(
        "Encryption coverage",
        "encryption_coverage_pct",
        company("encryption_coverage_pct"),
        kind="pct",
        target=100,
        num_format="0.0%",
    ),
    Row("DLP incidents", "data_loss_incidents", [1, 0, 2, 1], target=0),
    "Application Security",
    Row("Critical appsec findings", "appsec_critical_open", [5, 7, 4, 3], target=0),
    Row("SAST coverage", "sast_coverage_pct", [45, 55, 68, 74], kind="pct", target=90),
    Row(
        "Secrets exposed",
        "secrets_exposed",
        [NA, 19, 12, 7],
        target=0,
        note="Secret scanning enabled on all repositories January 2026",
    ),
]

THIRD_PARTIES: list[str | Row] = [
    "Third parties",
    Row(
        "% critical vendors assessed",
        "vendors_assessed_pct",
        [92, 85, 74, 68],
        kind="pct",
        target=90,
    ),
    Row(
        "Open high-risk vendor findings", "vendor_high_risk_findings_open", [4, 6, 9, 11], target=5
    ),
    "Audit & governance",
    Row("Open audit findings", "audit_findings_open", [9, 8, 7, 7], target=5),
    Row("Overdue audit findings", "audit_findings_overdue", [0, 0, 0, 1], target=0),
    Row("Expired risk exceptions", "risk_exceptions_expired", [3, 2, 2, 4], target=0),
    Row("Open policy exceptions", "policy_exceptions_open", [18, 21, 23, 26], target=15),
    Row("Pentest high findings open", "pentest_high_open", [6, 3, 8, 5], target=0),
    Row("Cyber risks above appetite", "cyber_risks_outside_appetite", [3, 3, 2, 3], target=0),
]

README_LINES = [
    "Harbour Retail Group: security KPI workbook",
    "",
    "Owner: Office of the CISO. Audience: Audit & Risk Committee pre-read.",
    "Periods are fiscal quarters; the fiscal year starts in July (Q1 FY27 = Jul-Sep 2026).",
    "Figures are company-wide at quarter end. Per business unit vulnerability, patching, EDR,",
    "MFA, cloud and encryption figures come from the tooling exports (bu_*.csv).",
    "N/A means the metric was not yet measured in that quarter.",
    "Third-party, audit and governance KPIs are on the 'Third Parties & Audit' sheet.",
    "Questions: security-office@harbour-retail.example",
]

DEFAULT_FORMATS = {"count": "0", "pct": "0%", "hours": "0.0", "days": "0"}


# ---------------------------------------------------------------------------- writers


def _percent_text(value: float) -> str:
    return f"{value:g}%"


def write_workbook(path: Path) -> None:
    book = xlsxwriter.Workbook(str(path))
    book.set_properties(
        {
            "title": "Harbour Retail Group: Security KPIs",
            "author": "Office of the CISO",
            "company": "Harbour Retail Group",
            "created": dt.datetime(2026, 10, 9, 9, 0, 0),
        }
    )
    f = {
        "title": book.add_format({"bold": True, "font_size": 16, "font_color": "#1F3864"}),
        "subtitle": book.add_format({"italic": True, "font_color": "#595959"}),
        "header": book.add_format(
            {
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": "#1F3864",
                "border": 1,
                "align": "center",
                "valign": "vcenter",
            }
        ),
        "header_left": book.add_format(
            {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F3864", "border": 1}
        ),
        "section": book.add_format({"bold": True, "bg_color": "#D9E1F2"}),
        "label": book.add_format({"indent": 1}),
        "text_value": book.add_format({"align": "right"}),
        "note": book.add_format({"font_color": "#595959", "italic": True}),
    }
    number_formats: dict[str, object] = {}

    def num(fmt: str, target: bool = False):
        key = (fmt, target)
        if key not in number_formats:
            props = {"num_format": fmt}
            if target:
                props["bg_color"] = "#F2F2F2"
            number_formats[key] = book.add_format(props)
        return number_formats[key]

    def write_rows(sheet, first_row: int, rows: list[str | Row], notes: bool) -> None:
        r = first_row
        last_col = 5 + (1 if notes else 0)
        for item in rows:
            if isinstance(item, str):
                sheet.write(r, 0, item, f["section"])
                r += 1
                continue
            sheet.write(r, 0, item.label, f["label"])
            fmt = item.num_format or DEFAULT_FORMATS[item.kind]
            for q, value in enumerate(item.values):
                if value is None:
                    sheet.write_string(r, 1 + q, "N/A", f["text_value"])
                elif q in item.text_quarters:
                    sheet.write_string(r, 1 + q, _percent_text(value), f["text_value"])
                elif item.kind == "pct":
                    sheet.write_number(r, 1 + q, round(value / 100, 4), num(fmt))
                else:
                    sheet.write_number(r, 1 + q, value, num(fmt))
            if item.target is not None:
                target = round(item.target / 100, 4) if item.kind == "pct" else item.target
                sheet.write_number(r, 5, target, num(fmt, target=True))
            if notes and item.note:
                sheet.write_string(r, last_col, item.note, f["note"])
            r += 1

    # KPI Dashboard
    sheet = book.add_worksheet("KPI Dashboard")
    sheet.merge_range(0, 0, 0, 6, "Harbour Retail Group: Security KPIs", f["title"])
    sheet.write(
        1, 0, "Prepared by the Office of the CISO, figures as at quarter end", f["subtitle"]
    )
    header = ["Metric", *FISCAL_QUARTERS, "Target", "Notes"]
    for c, text in enumerate(header):
        sheet.write(3, c, text, f["header_left"] if c in (0, 6) else f["header"])
    write_rows(sheet, 4, DASHBOARD, notes=True)
    sheet.set_row(0, 24)
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, 5, 11)
    sheet.set_column(6, 6, 70)
    sheet.freeze_panes(4, 1)

    # Third Parties & Audit
    sheet = book.add_worksheet("Third Parties & Audit")
    sheet.merge_range(0, 0, 0, 5, "Third parties, audit and governance", f["title"])
    header = ["KPI", *FISCAL_QUARTERS, "Target"]
    for c, text in enumerate(header):
        sheet.write(2, c, text, f["header_left"] if c == 0 else f["header"])
    write_rows(sheet, 3, THIRD_PARTIES, notes=False)
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 5, 11)
    sheet.freeze_panes(3, 1)

    # Read me
    sheet = book.add_worksheet("Read me")
    sheet.set_column(0, 0, 100)
    for r, line in enumerate(README_LINES):
        if line:
            sheet.write_string(r, 0, line, f["title"] if r == 0 else None)

    book.close()


def _quarter_label(period: str, style: str) -> str:
    year, quarter = period.split("-")
    return period if style == "iso" else f"{quarter} {year}"


def write_bu_csv(unit: BusinessUnit, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Quarter", "Business Unit", "Metric", "Value", "Unit", "Target"])
        for q, period in enumerate(CALENDAR_QUARTERS):
            for metric_id, (label, unit_text, target) in BU_EXPORT.items():
                value = BU_SERIES[unit.name][metric_id][q]
                writer.writerow(
                    [
                        _quarter_label(period, unit.quarter_style),
                        unit.name,
                        label,
                        f"{value:g}",
                        unit_text,
                        "" if target is None else f"{target:g}",
                    ]
                )


CONTEXT_HEADER = """\
# Business context for Harbour Retail Group (fictional sample company).
# Board Brief reads this beside the metric files: business-unit criticality (1-5), the data
# each unit holds and the regulations it is under drive how risks are ranked; the risk
# appetite decides what the board sees as outside tolerance. Keep it under version control
# and carry it from quarter to quarter.
"""


def context() -> dict:
    return {
        "organization": {
            "name": "Harbour Retail Group",
            "sector": "retail",
            "annual_revenue": 750_000_000,
            "currency": "USD",
            "fiscal_year_start_month": 7,
        },
        "business_units": [
            {
                "name": u.name,
                "criticality": u.criticality,
                "data": list(u.data),
                "regulations": list(u.regulations),
                "owner": u.owner,
            }
            for u in UNITS
        ],
        "risk_appetite": {
            "default": "moderate",
            "per_scenario": {"ransomware": "low", "data_breach": "low"},
            "tolerance": 5_000_000,
        },
        "frameworks": ["NIST CSF 2.0", "CIS v8.1", "ISO 27001:2022", "PCI DSS 4.0", "SOC 2"],
        "owners": {
            "ransomware": "CIO",
            "data_breach": "CISO",
            "payment_fraud": "CFO",
            "third_party": "Chief Procurement Officer",
        },
    }


def _flow(value: object) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, sort_keys=False, width=1000)
    return text.removesuffix("...\n").strip()


def write_context(path: Path) -> None:
    """Write the context in the compact, commented style a person would keep by hand."""
    data = context()
    org, appetite = data["organization"], data["risk_appetite"]
    lines = [CONTEXT_HEADER.rstrip("\n"), "organization:"]
    lines += [f"  {key}: {_flow(value)}" for key, value in org.items()]
    lines += ["", "business_units:"]
    for unit, entry in zip(UNITS, data["business_units"], strict=True):
        lines.append(f"  # {unit.description}")
        first = True
        for key, value in entry.items():
            lines.append(f"  {'- ' if first else '  '}{key}: {_flow(value)}")
            first = False
    lines += [
        "",
        "risk_appetite:",
        f"  default: {appetite['default']}",
        f"  per_scenario: {_flow(appetite['per_scenario'])}",
        f"  tolerance: {appetite['tolerance']}   # {org['currency']}",
        "",
        f"frameworks: {_flow(data['frameworks'])}",
        "",
        "# Who answers to the board for each risk scenario.",
        "owners:",
    ]
    lines += [f"  {key}: {_flow(value)}" for key, value in data["owners"].items()]
    text = "\n".join(lines) + "\n"
    if yaml.safe_load(text) != data:
        raise AssertionError("context.yaml does not round-trip")
    path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------- checks


def sample_labels() -> list[tuple[str, str, str]]:
    """(file or sheet, label, metric id) for every metric label the sample data uses."""
    found: list[tuple[str, str, str]] = []
    for sheet, rows in (("KPI Dashboard", DASHBOARD), ("Third Parties & Audit", THIRD_PARTIES)):
        found += [
            (f"{WORKBOOK} / {sheet}", r.label, r.metric_id) for r in rows if isinstance(r, Row)
        ]
    for unit in UNITS:
        found += [(unit.file, label, mid) for mid, (label, _, _) in BU_EXPORT.items()]
    return found


def check_consistency() -> None:
    """Fail loudly if the story contradicts itself."""
    ids = [r.metric_id for rows in (DASHBOARD, THIRD_PARTIES) for r in rows if isinstance(r, Row)]
    assert len(ids) == len(set(ids)), "a metric appears twice in the workbook"
    for unit, series in BU_SERIES.items():
        assert set(series) == set(BU_EXPORT), unit
        for q in range(4):
            s = {k: v[q] for k, v in series.items()}
            assert s["vuln_critical_overdue"] <= s["vuln_critical_open"], (unit, q)
            assert s["internet_facing_critical"] <= s["vuln_critical_open"], (unit, q)
            assert s["vuln_high_overdue"] <= s["vuln_high_open"], (unit, q)
            assert s["kev_open"] <= s["vuln_critical_open"] + s["vuln_high_open"], (unit, q)
            assert all(0 <= v <= 100 for k, v in s.items() if k.endswith("_pct")), (unit, q)


def unknown_labels() -> list[tuple[str, str, str]]:
    """Sample labels that are not an exact (casefolded) id, name or alias of their metric."""
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    owner: dict[str, str] = {}
    for metric in catalog["metrics"]:
        for alias in (metric["id"], metric["name"], *metric.get("aliases", ())):
            owner[alias.casefold().strip()] = metric["id"]
    return [
        (where, label, mid)
        for where, label, mid in sample_labels()
        if owner.get(label.casefold().strip()) != mid
    ]


def main() -> int:
    check_consistency()
    write_workbook(HERE / WORKBOOK)
    for unit in UNITS:
        write_bu_csv(unit, HERE / unit.file)
    write_context(HERE / "context.yaml")
    written = [WORKBOOK, *(u.file for u in UNITS), "context.yaml"]
    print("wrote " + ", ".join(written))
    bad = unknown_labels()
    for where, label, mid in bad:
        print(f"label not in catalog: {label!r} ({where}) should map to {mid}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
