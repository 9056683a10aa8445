#!/usr/bin/env python3
"""Generate the held-out input workbooks for Board Brief and their answer key.

Written without looking at the reader code, to find where it misreads files.
Everything is hand-written data (no randomness), so a re-run reproduces the
same files byte-for-byte apart from xlsx zip timestamps.

Run:  .venv/bin/python tests/data/heldout/make_heldout.py
Writes, next to this script:
  soc_export_long.csv   long/tidy export from a BI pipeline (FY quarters, 3 entities)
  ciso_dashboard.xlsx   hand-made CISO KPI workbook (wide, sections, mixed % storage)
  vendor_rollup.xlsx    GRC-tool (ServiceNow-style) indicator export (2 quarters, 4 divisions)
  mixed_quarter.xlsx    one calendar quarter, a sheet per domain, Measure | Value tables
  expected.yaml         the correct reading of each file (metric ids, periods, units, cells)

Vocabulary follows vendor consoles / exports: CrowdStrike Falcon (sensor,
network containment = "isolation"), Qualys VMDR / Tenable.io (severity, VPR,
CISA KEV), KnowBe4 (Phish-prone %, Phish Alert Button "PAB"), Entra ID
(Conditional Access, isMfaRegistered), CyberArk (vaulted / onboarded accounts),
Veeam (job sessions, SureBackup), Wiz (Issues), GitHub Advanced Security
(secret scanning / code scanning alerts), Defender for Cloud Apps
(unsanctioned apps), ServiceNow IRM (indicators, audit issues, risk
acceptances).
"""

import csv
import datetime as dt
import os

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

try:
    import yaml
except ImportError:  # pragma: no cover - the project venv has PyYAML
    yaml = None

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# 1. soc_export_long.csv
# ---------------------------------------------------------------------------
# Fiscal year starts 1 July: FY26 Q1 = Jul-Sep 2025 = 2025-Q3.
CSV_PERIODS = [
    ("FY26 Q1", "2025-Q3"),
    ("FY26 Q2", "2025-Q4"),
    ("FY26 Q3", "2026-Q1"),
    ("FY26 Q4", "2026-Q2"),
]
CSV_ENTITIES = ["Retail Banking", "Commercial & Corporate", "Group Technology"]
RB, CC, GT = CSV_ENTITIES

# kpi_name: (catalog id or None, source_system, target, owner,
#            {entity: [FY26 Q1..Q4 values]}, {(entity, period_idx): comment})
# A value of None is written as an empty cell; "n/a" is written literally.
CSV_KPIS = [
    (
        "Hosts with sensor installed %",
        "edr_coverage_pct",
        "CrowdStrike Falcon",
        ">=98",
        "SecOps - D. Mensah",
        {RB: [96.1, 97.4, 98.2, 98.6], CC: [93.8, 95.0, 96.7, 97.9], GT: [98.9, 99.1, 99.3, 99.4]},
        {(CC, 0): "RFM hosts after Windows update excluded"},
    ),
    (
        "Crit vulns aged beyond policy",
        "vuln_critical_overdue",
        "Qualys VMDR",
        "0",
        "Vuln Mgmt - P. Novak",
        {RB: [14, 11, 6, 3], CC: [22, 19, 15, 9], GT: [5, 7, 2, 1]},
        {(CC, 2): "Policy = 15 days for Critical; 6 items on accepted-risk list"},
    ),
    (
        "Open vulns - severity Critical",
        "vuln_critical_open",
        "Qualys VMDR",
        "<=25",
        "Vuln Mgmt - P. Novak",
        {RB: [41, 37, 29, 24], CC: [63, 58, 47, 39], GT: [18, 21, 12, 10]},
        {},
    ),
    (
        "CISA KEV vulns outstanding",
        "kev_open",
        "Tenable.io",
        "0",
        "Vuln Mgmt - P. Novak",
        {RB: [6, 4, 2, 1], CC: [9, None, 5, 3], GT: [2, 1, 0, 0]},
        {(CC, 1): "Tenable connector outage - re-run pending"},
    ),
    (
        "High sev MTTR (days)",
        "mttr_high_days",
        "Qualys VMDR",
        "<=30",
        "Vuln Mgmt - P. Novak",
        {RB: [34.2, 31.5, 28.9, 26.0], CC: [41.7, 38.3, 35.1, 30.4], GT: [22.4, 24.8, 19.6, 18.2]},
        {},
    ),
    (
        "Phish-prone %",
        "phishing_click_rate_pct",
        "KnowBe4",
        "<5",
        "Awareness - L. Chen",
        {RB: [7.8, 6.1, 5.2, 4.6], CC: [9.4, 8.7, 6.9, 5.8], GT: ["n/a", 3.9, 3.1, 2.7]},
        {(GT, 0): "No PST campaign Jul-Sep; resumed Oct"},
    ),
    (
        "PAB report rate %",
        "phishing_report_rate_pct",
        "KnowBe4",
        ">=60",
        "Awareness - L. Chen",
        {RB: [48.5, 53.2, 57.9, 61.4], CC: [39.1, 44.6, 49.0, 55.3], GT: ["n/a", 71.2, 74.8, 78.5]},
        {},
    ),
    (
        "Avg isolation time (hrs)",
        "mttc_hours",
        "CrowdStrike Falcon",
        "<=4",
        "SecOps - D. Mensah",
        {RB: [5.6, 4.1, 3.8, 3.2], CC: [7.9, 6.4, 5.1, 4.4], GT: [2.1, 1.8, 2.4, 1.6]},
        {(CC, 0): "Network containment needed CAB approval until Aug"},
    ),
    (
        "Avg dwell time before detection (hrs)",
        "mttd_hours",
        "Splunk ES",
        "<=24",
        "SecOps - D. Mensah",
        {RB: [31.0, 26.5, 19.8, 17.2], CC: [44.3, 38.9, 29.4, 22.1], GT: [12.6, 14.1, 10.9, 9.5]},
        {},
    ),
    (
        "Users in scope of CA MFA policy %",
        "mfa_coverage_pct",
        "Entra ID",
        "100",
        "IAM - R. Iyer",
        {RB: [94.2, 96.8, 98.1, 99.0], CC: [91.5, 93.9, 96.2, 97.7], GT: [99.6, 99.7, 99.8, 99.8]},
        {},
    ),
    (
        "Privileged accounts vaulted in CyberArk %",
        None,
        "CyberArk PVWA",
        ">=95",
        "IAM - R. Iyer",
        {RB: [82.0, 86.5, 90.3, 93.1], CC: [74.6, 79.2, 84.8, 88.0], GT: [95.4, 96.1, 97.0, 97.6]},
        {},
    ),
    (
        "Tickets closed",
        None,
        "ServiceNow ITSM",
        "",
        "IT Ops - S. Walsh",
        {RB: [1843, 1920, 1765, 2011], CC: [1322, 1407, 1288, 1395], GT: [4210, 4388, 3976, 4502]},
        {},
    ),
    (
        "DLP policy matches",
        None,
        "Purview DLP",
        "",
        "Data Protection - A. Haddad",
        {RB: [2640, 2312, 2875, 2190], CC: [1580, 1733, 1412, 1655], GT: [905, 877, 1012, 844]},
        {(RB, 2): "Spike from new PCI pattern; mostly false positives"},
    ),
    (
        "Backup job success rate %",
        "backup_success_pct",
        "Veeam ONE",
        ">=98",
        "Resilience - M. Okoro",
        {RB: [97.6, 98.3, 98.9, 99.1], CC: [96.2, 97.1, 97.8, 98.4], GT: [99.2, 99.4, 99.5, 99.6]},
        {},
    ),
    (
        "True-positive incidents opened",
        "incidents_total",
        "Splunk SOAR",
        "",
        "SecOps - D. Mensah",
        {RB: [7, 5, 6, 4], CC: [9, 11, 8, 6], GT: [3, 2, 4, 2]},
        {},
    ),
]


def fmt_csv_value(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def write_soc_csv(path):
    rows = []
    for p_idx, (p_label, _q) in enumerate(CSV_PERIODS):
        for entity in sorted(CSV_ENTITIES):
            for name, _mid, source, target, owner, values, comments in sorted(
                CSV_KPIS, key=lambda k: k[0].lower()
            ):
                rows.append(
                    [
                        p_label,
                        entity,
                        name,
                        source,
                        fmt_csv_value(values[entity][p_idx]),
                        target,
                        owner,
                        comments.get((entity, p_idx), ""),
                    ]
                )
    # Power BI / Excel style: UTF-8 with BOM, CRLF line endings.
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "reporting_period",
                "entity",
                "kpi_name",
                "source_system",
                "kpi_value",
                "target",
                "owner",
                "comments",
            ]
        )
        w.writerows(rows)
    return len(rows)


# ---------------------------------------------------------------------------
# 2. ciso_dashboard.xlsx
# ---------------------------------------------------------------------------
DASH_TITLE = "Contoso Group – Information Security KPIs – FY2026 (fiscal year starts 1 July)"
DASH_QUARTERS = [
    ("Q1 FY26", "2025-Q3"),
    ("Q2 FY26", "2025-Q4"),
    ("Q3 FY26", "2026-Q1"),
    ("Q4 FY26", "2026-Q2"),
]

# Storage kinds:
#   "frac1" -> stored as v/100 with number format 0.0%   (shows 97.2%)
#   "frac0" -> stored as v/100 with number format 0%     (shows 91%)
#   "whole" -> stored as the plain number (97), no % format
#   "num"   -> plain number (counts, hours, days)
# Values that are strings ("TBC", "n/a") are written as text.
DASH_ROWS = [
    ("section", "Vulnerability Management"),
    (
        "Critical vulns open (#)",
        "vuln_critical_open",
        "num",
        [128, 112, 97, 84],
        "<100",
        "G",
        "Down 34% YoY",
    ),
    (
        "Critical vulns > SLA (#)",
        "vuln_critical_overdue",
        "num",
        [31, 26, 18, 12],
        0,
        "A",
        "SLA = 14 days",
    ),
    (
        "High vulns > SLA (#)",
        "vuln_high_overdue",
        "num",
        [412, 388, 351, 296],
        "<250",
        "R",
        "Legacy Unix estate",
    ),
    (
        "Internet-facing crit vulns (#)",
        "internet_facing_critical",
        "num",
        [4, 2, 3, 0],
        0,
        "G",
        None,
    ),
    (
        "Patch compliance (%)",
        "patch_compliance_pct",
        "frac0",
        [86, 88, 91, 93],
        ("frac0", 95),
        "A",
        "Excl. OT",
    ),
    (
        "EOL OS estate (# servers & endpoints)",
        "unsupported_os_count",
        "num",
        [214, 187, 142, 96],
        "<50",
        "A",
        "Win Server 2012 R2 decom on track",
    ),
    (
        "MTTR – critical (days)",
        "mttr_critical_days",
        "num",
        [19.5, 17.2, 14.8, 13.1],
        15,
        "G",
        None,
    ),
    ("section", "Identity & Access"),
    (
        "MFA coverage – workforce (%)",
        "mfa_coverage_pct",
        "whole",
        [95, 96, 97, 98],
        "100%",
        "A",
        "Okta; contractors onboarded Q2",
    ),
    (
        "Priv. accts w/ MFA (%)",
        "privileged_mfa_pct",
        "frac1",
        [97.5, 98.8, 99.2, 100],
        ("frac0", 100),
        "G",
        None,
    ),
    (
        "Admin accts not in PAM (#)",
        "privileged_accounts_unmanaged",
        "num",
        [46, 38, 27, 19],
        0,
        "A",
        "CyberArk onboarding wave 3 in Q1 FY27",
    ),
    ("Dormant accts >90d (#)", "dormant_accounts", "num", [318, 276, 241, 188], "<100", "R", None),
    (
        "UAR completion (%)",
        "access_review_completion_pct",
        "whole",
        [72, 81, 85, 90],
        95,
        "A",
        "UAR = user access review (SailPoint)",
    ),
    ("section", "Detection & Response"),
    (
        "EDR coverage (%)",
        "edr_coverage_pct",
        "frac1",
        [97.2, 98.1, 98.6, 98.9],
        ("frac0", 99),
        "A",
        "CrowdStrike",
    ),
    (
        "SIEM log coverage – crown jewels (%)",
        "log_coverage_pct",
        "whole",
        [78, 83, 88, 91],
        95,
        "A",
        None,
    ),
    ("MTTD (hrs)", "mttd_hours", "num", [26.4, 21.0, 18.3, 14.9], "<24", "G", None),
    ("MTTC (hrs)", "mttc_hours", "num", [9.8, 7.5, 6.1, 5.2], "<8", "G", None),
    ("Sec incidents – total (#)", "incidents_total", "num", [23, 19, 27, 21], None, "–", None),
    (
        "Material incidents (#)",
        "incidents_material",
        "num",
        [0, 1, 0, 0],
        0,
        "G",
        "Q2: supplier ransomware – see Notes",
    ),
    (
        "Malicious emails blocked (m)",
        None,
        "num",
        [4.2, 3.9, 4.6, 5.1],
        None,
        None,
        "Defender for O365",
    ),
    ("DLP alerts (#)", None, "num", [1873, 2040, 1766, 1912], None, None, None),
    ("section", "Resilience"),
    (
        "Backup success (%)",
        "backup_success_pct",
        "frac1",
        [98.4, 98.9, 99.1, 99.3],
        ("frac0", 98),
        "G",
        None,
    ),
    (
        "DR plans tested – Tier 1 apps (%)",
        "dr_tested_pct",
        "whole",
        [40, 55, 70, "TBC"],
        100,
        "A",
        "Q4 exercise results pending",
    ),
    ("Immutable backup coverage (%)", None, "whole", [60, 68, 75, 82], None, None, None),
    ("section", "People"),
    (
        "Phish click rate (%)",
        "phishing_click_rate_pct",
        "frac1",
        [8.1, 6.4, 5.9, 4.7],
        "<5%",
        "A",
        "KnowBe4 monthly PSTs",
    ),
    (
        "SAT completion (%)",
        "training_completion_pct",
        "whole",
        [41, 67, 88, 96],
        95,
        "G",
        "Annual cycle Jul–Jun, cumulative",
    ),
    ("Security team headcount (FTE)", None, "num", [38, 41, 43, 44], None, None, None),
    ("section", "Third Party & Governance"),
    (
        "Critical suppliers assessed (%)",
        "vendors_assessed_pct",
        "frac0",
        [62, 71, 79, 86],
        ("frac0", 90),
        "A",
        None,
    ),
    ("Audit findings overdue (#)", "audit_findings_overdue", "num", [9, 7, 11, 5], 0, "R", None),
    (
        "Risks outside appetite (#)",
        "cyber_risks_outside_appetite",
        "num",
        [6, 6, 5, 4],
        3,
        "A",
        None,
    ),
    (
        "Security spend (% of IT budget)",
        "security_budget_pct_it",
        "frac1",
        [8.5, 8.5, 9.1, 9.1],
        "10%",
        "A",
        "Budget set annually; Q3 uplift approved",
    ),
]

DASH_FOOTNOTES = [
    "Source: Okta, CrowdStrike, Qualys. Figures as at quarter end.",
    "RAG: G = on or better than target; A = within tolerance; R = outside tolerance.",
]

DASH_NOTES = [
    "Notes to the FY2026 Information Security KPI pack",
    "",
    "Prepared by the Office of the CISO for the Audit & Risk Committee.",
    "Financial year FY2026 runs 1 July 2025 to 30 June 2026; Q1 FY26 = Jul–Sep 2025.",
    "",
    "Q2 FY26 material incident: ransomware at a payroll supplier; 1,200 employee records exposed. Notified to the regulator within 72 hours.",
    "Critical vulnerability counts exclude 37 findings on the isolated OT network, tracked separately.",
    "Patch compliance target raised from 90% to 95% from Q3 FY26.",
    "Dormant account clean-up blocked by HR system migration; expected to fall below 100 in Q2 FY27.",
    "MTTD/MTTC measured on P1/P2 incidents only.",
]

FILL_SECTION = PatternFill("solid", fgColor="D9E1F2")
FILL_HEADER = PatternFill("solid", fgColor="1F3864")
RAG_FILLS = {"G": "C6EFCE", "A": "FFEB9C", "R": "FFC7CE"}


def _store(cell, kind, v):
    if isinstance(v, str):
        cell.value = v
        cell.alignment = Alignment(horizontal="right")
        return
    if v is None:
        return
    if kind == "frac1":
        cell.value = round(v / 100, 4)
        cell.number_format = "0.0%"
    elif kind == "frac0":
        cell.value = round(v / 100, 4)
        cell.number_format = "0%"
    else:
        cell.value = v
        if isinstance(v, float):
            cell.number_format = "0.0"


def write_dashboard(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPIs"
    ncols = 8
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.cell(1, 1, DASH_TITLE).font = Font(bold=True, size=14)
    # row 2 intentionally blank
    headers = ["KPI"] + [q for q, _ in DASH_QUARTERS] + ["Target", "RAG", "Comments"]
    for c, h in enumerate(headers, start=1):
        cell = ws.cell(3, c, h)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = FILL_HEADER
        cell.alignment = Alignment(horizontal="center")
    r = 4
    for row in DASH_ROWS:
        if row[0] == "section":
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
            cell = ws.cell(r, 1, row[1])
            cell.font = Font(bold=True)
            cell.fill = FILL_SECTION
            r += 1
            continue
        label, _mid, kind, values, target, rag, comment = row
        ws.cell(r, 1, label)
        for i, v in enumerate(values):
            _store(ws.cell(r, 2 + i), kind, v)
        if isinstance(target, tuple):
            _store(ws.cell(r, 6), target[0], target[1])
        elif target is not None:
            ws.cell(r, 6, target)
            ws.cell(r, 6).alignment = Alignment(horizontal="right")
        if rag:
            cell = ws.cell(r, 7, rag)
            cell.alignment = Alignment(horizontal="center")
            if rag in RAG_FILLS:
                cell.fill = PatternFill("solid", fgColor=RAG_FILLS[rag])
        if comment:
            ws.cell(r, 8, comment)
        r += 1
    r += 1  # blank row before footnotes
    for note in DASH_FOOTNOTES:
        ws.cell(r, 1, note).font = Font(italic=True, size=9)
        r += 1
    ws.column_dimensions["A"].width = 40
    for c in range(2, 7):
        ws.column_dimensions[get_column_letter(c)].width = 11
    ws.column_dimensions["G"].width = 6
    ws.column_dimensions["H"].width = 42
    ws.freeze_panes = "B4"

    notes = wb.create_sheet("Notes")
    for i, line in enumerate(DASH_NOTES, start=1):
        if line:
            notes.cell(i, 1, line)
    notes["A1"].font = Font(bold=True)
    notes.column_dimensions["A"].width = 120
    wb.save(path)


# ---------------------------------------------------------------------------
# 3. vendor_rollup.xlsx  (ServiceNow IRM indicator-results export style)
# ---------------------------------------------------------------------------
VR_QUARTERS = [("2026 Q1", "2026-Q1"), ("2026 Q2", "2026-Q2")]
VR_DIVS = ["Consumer Health", "Pharmaceuticals", "Medical Devices", "Corporate Functions"]
CH, PH, MD, CF = VR_DIVS

# (indicator no., Metric label, catalog id or None, direction, threshold, owner,
#  {division: [Q1, Q2]} ; a division missing from the dict has no rows at all)
VR_METRICS = [
    (
        "IND0004101",
        "Audit issues past due",
        "audit_findings_overdue",
        "lower",
        0,
        "K. Brandt",
        {CH: [3, 2], PH: [7, 5], MD: [4, 6], CF: [1, 0]},
    ),
    (
        "IND0004102",
        "Open audit issues",
        "audit_findings_open",
        "lower",
        15,
        "K. Brandt",
        {CH: [12, 10], PH: [21, 18], MD: [14, 16], CF: [6, 5]},
    ),
    (
        "IND0004210",
        "Critical third parties with current assessment %",
        "vendors_assessed_pct",
        "higher",
        90,
        "V. Costa",
        {CH: [84.0, 88.5], PH: [91.2, 93.0], MD: [76.4, 81.9], CF: [95.0, 96.3]},
    ),
    (
        "IND0004211",
        "Vendor risk issues (High) open",
        "vendor_high_risk_findings_open",
        "lower",
        5,
        "V. Costa",
        {CH: [6, 4], PH: [11, 9], MD: [8, 8], CF: [2, 1]},
    ),
    (
        "IND0004215",
        "Vendor questionnaires issued",
        None,
        None,
        None,
        "V. Costa",
        {CH: [18, 22], PH: [35, 31], MD: [26, 29], CF: [9, 11]},
    ),
    (
        "IND0004320",
        "SureBackup verification success %",
        "restore_test_success_pct",
        "higher",
        95,
        "M. Okoro",
        {CH: [92.3, 95.8], PH: [97.1, 98.0], MD: [88.9, 93.5], CF: [100.0, 100.0]},
    ),
    (
        "IND0004321",
        "Backup job sessions - Success %",
        "backup_success_pct",
        "higher",
        98,
        "M. Okoro",
        {CH: [98.7, 99.0], PH: [99.2, 99.4], MD: [97.4, 98.1], CF: [99.6, 99.7]},
    ),
    (
        "IND0004430",
        "Secret scanning alerts open",
        "secrets_exposed",
        "lower",
        0,
        "J. Alvarez",
        {CH: [5, 3], PH: [12, 7], MD: [9, 4]},
    ),
    (
        "IND0004431",
        "Code scanning alerts open (Critical)",
        "appsec_critical_open",
        "lower",
        10,
        "J. Alvarez",
        {CH: [14, 9], PH: [27, 19], MD: [18, 15]},
    ),
    (
        "IND0004432",
        "Repositories with code scanning enabled %",
        "sast_coverage_pct",
        "higher",
        90,
        "J. Alvarez",
        {CH: [71.0, 78.5], PH: [83.3, 88.1], MD: [64.2, 70.9]},
    ),
    (
        "IND0004440",
        "Pen test findings High/Critical - not remediated",
        "pentest_high_open",
        "lower",
        3,
        "J. Alvarez",
        {CH: [2, 1], PH: [6, 4], MD: [5, 7], CF: [0, 0]},
    ),
    (
        "IND0004510",
        "Expired risk acceptances",
        "risk_exceptions_expired",
        "lower",
        0,
        "H. Lindqvist",
        {CH: [1, 0], PH: [4, 2], MD: [3, 3], CF: [0, 1]},
    ),
    (
        "IND0004511",
        "Active policy exceptions",
        "policy_exceptions_open",
        "lower",
        20,
        "H. Lindqvist",
        {CH: [17, 15], PH: [26, 24], MD: [19, 22], CF: [8, 7]},
    ),
    (
        "IND0004512",
        "Controls attested effective %",
        None,
        "higher",
        90,
        "H. Lindqvist",
        {CH: [88.0, 90.5], PH: [92.4, 93.1], MD: [85.7, 87.2], CF: [96.0, 96.8]},
    ),
    (
        "IND0004513",
        "Policy acknowledgement completion %",
        None,
        "higher",
        95,
        "H. Lindqvist",
        {CH: [93.1, 96.4], PH: [95.5, 97.2], MD: [90.8, 94.0], CF: [98.9, 99.1]},
    ),
    (
        "IND0004620",
        "Wiz Critical Issues (cloud configuration) - Open",
        "cloud_critical_misconfig",
        "lower",
        0,
        "T. Nakamura",
        {CH: [7, 3], PH: [12, 6], MD: [4, 5], CF: [2, None]},
    ),
    (
        "IND0004621",
        "Unsanctioned apps discovered (Defender for Cloud Apps)",
        "shadow_it_apps",
        "lower",
        25,
        "T. Nakamura",
        {CH: [34, 29], PH: [22, 19], MD: [41, 37], CF: [15, 12]},
    ),
]

# Data-quality quirk: this one row carries a trailing space in Division.
VR_TRAILING_SPACE_ROW = ("Audit issues past due", MD, "2026 Q2")


def _vr_status(direction, threshold, actual):
    if actual is None:
        return "No data"
    if direction is None or threshold is None:
        return "Monitor"
    ok = actual <= threshold if direction == "lower" else actual >= threshold
    return "Within threshold" if ok else "Breached"


def write_vendor_rollup(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Metrics"
    headers = [
        "Number",
        "Metric",
        "Division",
        "Quarter",
        "Actual",
        "Threshold",
        "Status",
        "Metric Owner",
        "Last Updated",
    ]
    for c, h in enumerate(headers, start=1):
        ws.cell(1, c, h).font = Font(bold=True)
    r = 2
    for qi, (qlabel, _q) in enumerate(VR_QUARTERS):
        base = dt.datetime(2026, 4, 6, 8, 12, 0) if qi == 0 else dt.datetime(2026, 7, 6, 8, 41, 0)
        n = 0
        for number, label, _mid, direction, thr, owner, vals in VR_METRICS:
            for div in VR_DIVS:
                if div not in vals:
                    continue
                actual = vals[div][qi]
                div_text = div + " " if (label, div, qlabel) == VR_TRAILING_SPACE_ROW else div
                ws.cell(r, 1, number)
                ws.cell(r, 2, label)
                ws.cell(r, 3, div_text)
                ws.cell(r, 4, qlabel)
                if actual is not None:
                    ws.cell(r, 5, actual)
                if thr is not None:
                    ws.cell(r, 6, thr)
                ws.cell(r, 7, _vr_status(direction, thr, actual))
                ws.cell(r, 8, owner)
                c = ws.cell(
                    r, 9, base + dt.timedelta(minutes=7 * n + (n % 5) * 13, seconds=(n * 17) % 60)
                )
                c.number_format = "yyyy-mm-dd hh:mm:ss"
                n += 1
                r += 1
    ws.auto_filter.ref = f"A1:I{r - 1}"
    for col, w in zip("ABCDEFGHI", [12, 52, 22, 10, 9, 10, 17, 16, 20], strict=True):
        ws.column_dimensions[col].width = w
    data_rows = r - 2

    info = wb.create_sheet("Report Info")
    lines = [
        ("Report", "CISO KRI quarterly rollup"),
        ("Table", "Indicator Results [sn_grc_indicator_result]"),
        (
            "Filter",
            "Quarter in 2026 Q1, 2026 Q2 AND Indicator.Active = true AND Category = Information Security",
        ),
        ("Exported by", "svc_grc_reporting"),
        ("Exported on", "2026-07-08 10:02:13"),
        ("Rows", data_rows),
    ]
    for i, (k, v) in enumerate(lines, start=1):
        info.cell(i, 1, k).font = Font(bold=True)
        info.cell(i, 2, v)
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 90
    wb.save(path)
    return data_rows


# ---------------------------------------------------------------------------
# 4. mixed_quarter.xlsx  (one calendar quarter, one sheet per domain)
# ---------------------------------------------------------------------------
# Each entry: (label, catalog id or None, value, storage, unit text or None)
MQ_SHEETS = [
    {
        "name": "Vuln Mgmt",
        "title": [
            "Vulnerability Management – KPI snapshot",
            "Period: 2026-Q3 (Jul–Sep 2026) · Source: Tenable.io API export, pasted 02-Oct-2026",
        ],
        "header_row": 5,
        "headers": ["Measure", "Value"],
        "rows": [
            ("Open critical vulnerabilities", "vuln_critical_open", 73, "num", None),
            ("high_sev_open", "vuln_high_open", 1184, "num", None),
            ("kevMatchedOpen", "kev_open", 9, "num", None),
            ("Medium vulns past SLA (90d)", "vuln_medium_overdue", 2406, "num", None),
            ("mttrCriticalDays", "mttr_critical_days", 16.4, "num", None),
            ("mttrHighDays", "mttr_high_days", 38.9, "num", None),
            ("edr_sensor_coverage", "edr_coverage_pct", 96.2, "frac1", None),
            ("CIS L1 baseline – compliant hosts", "config_compliance_pct", 81.4, "frac1", None),
            ("assetsInventoriedWithOwnerPct", "asset_inventory_coverage_pct", 88.7, "num", None),
            ("Authenticated scan coverage %", None, 92.5, "num", None),
            ("totalFindingsAllSeverities", None, 18342, "num", None),
        ],
        "after": ["Excludes OT segment (Claroty-monitored)."],
    },
    {
        "name": "Identity",
        "title": [
            "Identity & Access Management",
            "Reporting period: Q3 2026 — figures as at 30 Sep 2026",
        ],
        "header_row": 4,
        "headers": ["Measure", "Value", "Unit"],
        "rows": [
            ("mfaEnrolledPct", "mfa_coverage_pct", 98.1, "num", "%"),
            ("privilegedMfaPct", "privileged_mfa_pct", 100, "num", "%"),
            ("Privileged accounts in PAM", None, 87.5, "num", "%"),
            (
                "Standing admin accounts not onboarded to vault",
                "privileged_accounts_unmanaged",
                14,
                "num",
                "count",
            ),
            ("stale_accounts_90d", "dormant_accounts", 212, "num", "accounts"),
            (
                "Access recertifications completed on time",
                "access_review_completion_pct",
                76,
                "frac0",
                "%",
            ),
            ("SSPR resets", None, 3412, "num", "count"),
            ("guestAccountsTotal", None, 540, "num", "accounts"),
            ("ssoAppsIntegrated", None, 286, "num", "apps"),
        ],
        "after": [],
    },
    {
        "name": "Resilience",
        "title": ["Resilience & Data Protection — Sep 2026", "Owner: Head of IT Resilience"],
        "header_row": 4,
        "headers": ["Measure", "Value"],
        "rows": [
            ("Backup job success rate", "backup_success_pct", 99.3, "frac1", None),
            ("Restore tests passed (%)", "restore_test_success_pct", 91.7, "num", None),
            ("Tier-1 apps DR exercised, last 12m (%)", "dr_tested_pct", 83, "num", None),
            ("ddosProtectedPct", "ddos_protection_coverage_pct", 100, "num", None),
            ("encryption_at_rest_sensitive_pct", "encryption_coverage_pct", 94.6, "num", None),
            ("Immutable backup copies (%)", None, 78, "num", None),
            ("RTO – core platform (hrs)", None, 4, "num", None),
            ("dataLossIncidents", "data_loss_incidents", 1, "num", None),
            ("dlpAlertsTriggered", None, 1288, "num", None),
        ],
        "after": [],
    },
]


def write_mixed_quarter(path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for spec in MQ_SHEETS:
        ws = wb.create_sheet(spec["name"])
        ws.cell(1, 1, spec["title"][0]).font = Font(bold=True, size=13)
        ws.cell(2, 1, spec["title"][1]).font = Font(italic=True, color="595959")
        hr = spec["header_row"]
        for c, h in enumerate(spec["headers"], start=1):
            cell = ws.cell(hr, c, h)
            cell.font = Font(bold=True)
            cell.fill = FILL_SECTION
        r = hr + 1
        for label, _mid, value, kind, unit in spec["rows"]:
            ws.cell(r, 1, label)
            _store(ws.cell(r, 2), kind, value)
            if unit is not None:
                ws.cell(r, 3, unit)
            r += 1
        if spec["after"]:
            r += 1
            for line in spec["after"]:
                ws.cell(r, 1, line).font = Font(italic=True, size=9)
                r += 1
        ws.column_dimensions["A"].width = 48
        ws.column_dimensions["B"].width = 12
        ws.column_dimensions["C"].width = 10
    wb.save(path)


# ---------------------------------------------------------------------------
# expected.yaml
# ---------------------------------------------------------------------------


# Why some labels map where they do (copied into expected.yaml as "note").
METRIC_NOTES = {
    "Hosts with sensor installed %": "CrowdStrike sensor coverage = EDR coverage",
    "Crit vulns aged beyond policy": "past the remediation deadline -> overdue, not vuln_critical_open",
    "Phish-prone %": "KnowBe4 Phish-prone Percentage = share of users who failed (clicked) simulated phishing",
    "PAB report rate %": "Phish Alert Button reports of simulated phishing",
    "Avg isolation time (hrs)": "Falcon network containment (isolation) = time to contain",
    "Avg dwell time before detection (hrs)": "time from start of activity to detection = MTTD",
    "Users in scope of CA MFA policy %": "Entra Conditional Access requiring MFA = users who must use MFA",
    "Privileged accounts vaulted in CyberArk %": "a percentage IN PAM; the catalog metric is the COUNT of admin accounts OUTSIDE PAM -> none",
    "Tickets closed": "IT service-desk volume, not a security metric",
    "DLP policy matches": "raw DLP alerts, not confirmed data-loss incidents -> none",
    "True-positive incidents opened": "confirmed incidents of any severity",
    "Malicious emails blocked (m)": "email filtering volume; not in catalog",
    "DLP alerts (#)": "raw DLP alerts, not data_loss_incidents",
    "Immutable backup coverage (%)": "not in catalog (not backup job success)",
    "Security team headcount (FTE)": "not in catalog",
    "SureBackup verification success %": "Veeam SureBackup boots VMs from backup to verify recoverability = restore test, not backup job success",
    "Backup job sessions - Success %": "Veeam job sessions with result Success = backup success",
    "Secret scanning alerts open": "GitHub secret scanning alerts still open (not resolved/revoked) = exposed secrets",
    "Code scanning alerts open (Critical)": "critical code-scanning (SAST) alerts in own code",
    "Repositories with code scanning enabled %": "repos scanned by SAST",
    "Vendor questionnaires issued": "activity count, not share of critical suppliers assessed -> none",
    "Controls attested effective %": "GRC control attestation; not in catalog",
    "Policy acknowledgement completion %": "policy read-and-accept, NOT security awareness training -> none",
    "Expired risk acceptances": "ServiceNow risk acceptance = risk exception",
    "Wiz Critical Issues (cloud configuration) - Open": "critical cloud misconfigurations (CSPM)",
    "Unsanctioned apps discovered (Defender for Cloud Apps)": "CASB-discovered unsanctioned apps = shadow IT",
    "edr_sensor_coverage": "EDR coverage; stored as a fraction with % format",
    "CIS L1 baseline – compliant hosts": "share of hosts meeting the CIS baseline",
    "Authenticated scan coverage %": "vulnerability-scanner coverage; not in catalog (not asset inventory, not patching)",
    "totalFindingsAllSeverities": "all-severity total; not in catalog",
    "mfaEnrolledPct": "MFA enrolment rather than enforcement; nearest catalog metric and how MFA coverage is normally reported",
    "Privileged accounts in PAM": "a percentage IN PAM, not the count outside PAM -> none",
    "Standing admin accounts not onboarded to vault": "count of admin accounts outside PAM",
    "stale_accounts_90d": "enabled accounts with no sign-in for 90+ days",
    "SSPR resets": "self-service password resets; not in catalog",
    "guestAccountsTotal": "not in catalog",
    "ssoAppsIntegrated": "not in catalog",
    "Immutable backup copies (%)": "not in catalog",
    "RTO – core platform (hrs)": "recovery time objective; not a catalog metric (not MTTC)",
    "dlpAlertsTriggered": "raw DLP alerts -> none, unlike dataLossIncidents",
    "dataLossIncidents": "confirmed data-loss incidents",
}


def _m(label, mid):
    d = {"label": label, "metric": mid or "none"}
    if label in METRIC_NOTES:
        d["note"] = METRIC_NOTES[label]
    return d


def build_expected():
    exp = {
        "about": (
            "Correct reading of each held-out file. Periods are calendar quarters "
            "YYYY-Qn. metric: none = the label is not a catalog metric and must not be "
            "mapped to one. Cell values are in the catalog unit (percent as 0-100, "
            "so a cell showing 97% and stored as 0.97 reads 97). value: null = the "
            "cell is blank / n/a / TBC and must not be read as 0."
        ),
        "files": {},
    }

    # --- 1 -----------------------------------------------------------------
    exp["files"]["soc_export_long.csv"] = {
        "format": "csv, long/tidy (one row per period x entity x KPI), UTF-8 with BOM",
        "fiscal_year_start_month": 7,
        "fiscal_year_start_stated_in_file": False,
        "fiscal_year_note": (
            "The file only says 'FY26 Qn'. The July start is the company convention "
            "(hinted by a comment 'No PST campaign Jul-Sep' on a FY26 Q1 row). A reader "
            "that assumes a January fiscal year gets every period wrong by two quarters."
        ),
        "periods": [{"label": lbl, "quarter": q} for lbl, q in CSV_PERIODS],
        "columns": {
            "period": "reporting_period",
            "business_unit": "entity",
            "metric_label": "kpi_name",
            "value": "kpi_value",
            "target": "target",
            "not_data": ["source_system", "owner", "comments"],
        },
        "business_unit_column": "entity",
        "business_units": CSV_ENTITIES,
        "metrics": [_m(k[0], k[1]) for k in CSV_KPIS],
        "cells": [
            {
                "metric": "edr_coverage_pct",
                "label": "Hosts with sensor installed %",
                "unit": CC,
                "period": "2025-Q4",
                "value": 95.0,
                "note": "FY26 Q2 = 2025-Q4; written as 95.0",
            },
            {
                "metric": "kev_open",
                "label": "CISA KEV vulns outstanding",
                "unit": CC,
                "period": "2025-Q4",
                "value": None,
                "note": "empty kpi_value, not 0",
            },
            {
                "metric": "phishing_click_rate_pct",
                "label": "Phish-prone %",
                "unit": GT,
                "period": "2025-Q3",
                "value": None,
                "note": "literal 'n/a'",
            },
            {
                "metric": "vuln_critical_overdue",
                "label": "Crit vulns aged beyond policy",
                "unit": CC,
                "period": "2026-Q1",
                "value": 15,
                "note": "not vuln_critical_open (47)",
            },
            {
                "metric": "mttc_hours",
                "label": "Avg isolation time (hrs)",
                "unit": RB,
                "period": "2026-Q2",
                "value": 3.2,
            },
        ],
    }

    # --- 2 -----------------------------------------------------------------
    dash_metrics, dash_sections = [], []
    for row in DASH_ROWS:
        if row[0] == "section":
            dash_sections.append(row[1])
        else:
            dash_metrics.append(_m(row[0], row[1]))
    exp["files"]["ciso_dashboard.xlsx"] = {
        "format": "xlsx, wide: one row per KPI, one column per quarter",
        "sheet": "KPIs",
        "other_sheets": {
            "Notes": "free text only; contains numbers (1,200 records, 37 findings, 90%/95%) that are NOT metric values"
        },
        "title_row": 1,
        "header_row": 3,
        "fiscal_year_start_month": 7,
        "fiscal_year_start_stated_in_file": True,
        "periods": [{"label": lbl, "quarter": q} for lbl, q in DASH_QUARTERS],
        "business_unit_column": None,
        "business_units": [],
        "entity_note": "single entity (Contoso Group); no business-unit dimension",
        "not_data_columns": ["Target", "RAG", "Comments"],
        "section_heading_rows": dash_sections,
        "footnote_rows": DASH_FOOTNOTES,
        "metrics": dash_metrics,
        "cells": [
            {
                "metric": "patch_compliance_pct",
                "label": "Patch compliance (%)",
                "unit": None,
                "period": "2026-Q1",
                "value": 91,
                "note": "stored 0.91 with 0% format",
            },
            {
                "metric": "mfa_coverage_pct",
                "label": "MFA coverage – workforce (%)",
                "unit": None,
                "period": "2026-Q1",
                "value": 97,
                "note": "stored as plain 97 (no % format)",
            },
            {
                "metric": "phishing_click_rate_pct",
                "label": "Phish click rate (%)",
                "unit": None,
                "period": "2025-Q4",
                "value": 6.4,
                "note": "stored 0.064 with 0.0% format",
            },
            {
                "metric": "dr_tested_pct",
                "label": "DR plans tested – Tier 1 apps (%)",
                "unit": None,
                "period": "2026-Q2",
                "value": None,
                "note": "text 'TBC'",
            },
            {
                "metric": "incidents_material",
                "label": "Material incidents (#)",
                "unit": None,
                "period": "2025-Q4",
                "value": 1,
            },
        ],
    }

    # --- 3 -----------------------------------------------------------------
    exp["files"]["vendor_rollup.xlsx"] = {
        "format": "xlsx, long (ServiceNow IRM indicator-results export), header in row 1",
        "sheet": "Metrics",
        "other_sheets": {"Report Info": "export metadata (filter, row count); not data"},
        "fiscal_year_start_month": None,
        "fiscal_year_start_stated_in_file": False,
        "periods": [{"label": lbl, "quarter": q} for lbl, q in VR_QUARTERS],
        "period_note": "'2026 Q1' is a calendar quarter (no fiscal year stated)",
        "columns": {
            "period": "Quarter",
            "business_unit": "Division",
            "metric_label": "Metric",
            "value": "Actual",
            "target": "Threshold",
            "not_data": ["Number", "Status", "Metric Owner", "Last Updated"],
        },
        "business_unit_column": "Division",
        "business_units": VR_DIVS,
        "business_unit_note": (
            "One row ('Audit issues past due', Medical Devices, 2026 Q2) has 'Medical Devices ' "
            "with a trailing space; it is the same unit. Corporate Functions has no rows for the "
            "three AppSec indicators (no code repositories)."
        ),
        "metrics": [_m(m[1], m[2]) for m in VR_METRICS],
        "cells": [
            {
                "metric": "restore_test_success_pct",
                "label": "SureBackup verification success %",
                "unit": MD,
                "period": "2026-Q1",
                "value": 88.9,
                "note": "SureBackup = restore/recoverability test, not backup job success",
            },
            {
                "metric": "secrets_exposed",
                "label": "Secret scanning alerts open",
                "unit": PH,
                "period": "2026-Q2",
                "value": 7,
            },
            {
                "metric": "cloud_critical_misconfig",
                "label": "Wiz Critical Issues (cloud configuration) - Open",
                "unit": CF,
                "period": "2026-Q2",
                "value": None,
                "note": "Actual blank, Status 'No data'",
            },
            {
                "metric": "audit_findings_overdue",
                "label": "Audit issues past due",
                "unit": MD,
                "period": "2026-Q2",
                "value": 6,
                "note": "Division cell has a trailing space",
            },
        ],
    }

    # --- 4 -----------------------------------------------------------------
    sheets = {}
    for spec in MQ_SHEETS:
        sheets[spec["name"]] = {
            "header_row": spec["header_row"],
            "headers": spec["headers"],
            "metrics": [_m(r[0], r[1]) for r in spec["rows"]],
        }
    exp["files"]["mixed_quarter.xlsx"] = {
        "format": "xlsx, one sheet per domain, each a two-column Measure | Value table "
        "below a title (Identity has a third 'Unit' column)",
        "fiscal_year_start_month": None,
        "fiscal_year_start_stated_in_file": False,
        "periods": [{"label": "2026-Q3 / Q3 2026 / Sep 2026", "quarter": "2026-Q3"}],
        "period_note": "period appears only in the sheet titles, written three different ways; all = 2026-Q3",
        "business_unit_column": None,
        "business_units": [],
        "sheets": sheets,
        "metrics": [dict(m) for s in sheets.values() for m in s["metrics"]],
        "cells": [
            {
                "metric": "edr_coverage_pct",
                "label": "edr_sensor_coverage",
                "sheet": "Vuln Mgmt",
                "unit": None,
                "period": "2026-Q3",
                "value": 96.2,
                "note": "stored 0.962 with 0.0% format",
            },
            {
                "metric": "access_review_completion_pct",
                "label": "Access recertifications completed on time",
                "sheet": "Identity",
                "unit": None,
                "period": "2026-Q3",
                "value": 76,
                "note": "stored 0.76 with 0% format and Unit '%'",
            },
            {
                "metric": "privileged_accounts_unmanaged",
                "label": "Standing admin accounts not onboarded to vault",
                "sheet": "Identity",
                "unit": None,
                "period": "2026-Q3",
                "value": 14,
                "note": "not 'Privileged accounts in PAM' (87.5 %, metric none)",
            },
            {
                "metric": "backup_success_pct",
                "label": "Backup job success rate",
                "sheet": "Resilience",
                "unit": None,
                "period": "2026-Q3",
                "value": 99.3,
                "note": "stored 0.993 with 0.0% format",
            },
        ],
    }
    return exp


def write_expected(path, exp):
    header = (
        "# Answer key for the held-out files in this folder.\n"
        "# Generated by make_heldout.py from the same data that writes the files.\n"
    )
    if yaml is not None:
        body = yaml.safe_dump(exp, sort_keys=False, allow_unicode=True, width=100)
    else:  # JSON is valid YAML 1.2
        import json

        body = json.dumps(exp, indent=2, ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(header + body)


def main():
    n_csv = write_soc_csv(os.path.join(HERE, "soc_export_long.csv"))
    write_dashboard(os.path.join(HERE, "ciso_dashboard.xlsx"))
    n_vr = write_vendor_rollup(os.path.join(HERE, "vendor_rollup.xlsx"))
    write_mixed_quarter(os.path.join(HERE, "mixed_quarter.xlsx"))
    write_expected(os.path.join(HERE, "expected.yaml"), build_expected())
    print(f"soc_export_long.csv: {n_csv} data rows")
    print(f"vendor_rollup.xlsx: {n_vr} data rows")
    print("ciso_dashboard.xlsx, mixed_quarter.xlsx, expected.yaml written")


if __name__ == "__main__":
    main()
