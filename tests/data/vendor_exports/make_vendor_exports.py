import csv
import io
import random

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

random.seed(7)
OUT = str(__import__("pathlib").Path(__file__).resolve().parent) + "/"

# ---------------- 1. Power BI export ----------------
quarters = [
    ("30/09/2025", "2025-Q3"),
    ("31/12/2025", "2025-Q4"),
    ("31/03/2026", "2026-Q1"),
    ("30/06/2026", "2026-Q2"),
]
regions = ["EMEA", "Americas", "APAC"]
# (label, kind, goal, base per region, step per quarter)
measures = [
    ("Critical Vulns Open", "count", 25, {"EMEA": 41, "Americas": 58, "APAC": 33}, -4),
    ("Crit Vulns Past SLA", "count", 5, {"EMEA": 9, "Americas": 14, "APAC": 6}, -1),
    ("High Vulns Open", "count", 1000, {"EMEA": 1204, "Americas": 1877, "APAC": 962}, -55),
    ("KEV Exposure", "count", 0, {"EMEA": 3, "Americas": 5, "APAC": 2}, -1),
    (
        "Avg Days to Remediate (Crit)",
        "days",
        15,
        {"EMEA": 19.4, "Americas": 23.1, "APAC": 16.8},
        -1.2,
    ),
    ("Patch Compliance %", "pct", 0.95, {"EMEA": 0.912, "Americas": 0.887, "APAC": 0.934}, 0.008),
    ("Admin MFA %", "pct", 1.00, {"EMEA": 0.962, "Americas": 0.941, "APAC": 0.978}, 0.006),
    ("EDR Healthy Agents %", "pct", 0.98, {"EMEA": 0.953, "Americas": 0.921, "APAC": 0.967}, 0.005),
    (
        "Phish Sim Click Rate",
        "pct",
        0.05,
        {"EMEA": 0.081, "Americas": 0.094, "APAC": 0.072},
        -0.006,
    ),
    ("DLP Alerts", "count", 2500, {"EMEA": 3412, "Americas": 4980, "APAC": 2215}, -140),
]


def fmt_count(v):
    v = round(v)
    return f"{v:,}"  # thousands separator as the DAX FORMAT gives


def fmt_num(kind, v):
    if kind == "count":
        return fmt_count(v)
    if kind == "days":
        return f"{v:.1f}"
    return f"{v:.4f}".rstrip("0").rstrip(".")  # percent measures exported raw, as fractions


rows = []
totA = totG = 0.0
pbi_values = {}
for qi, (qdate, qcode) in enumerate(quarters):
    for r in regions:
        for lab, kind, goal, base, step in measures:
            a = base[r] + step * qi
            if kind == "count":
                a = max(0, round(a))
            if kind == "pct":
                a = round(min(a, 1.0), 3)
            if kind == "days":
                a = round(a, 1)
            var = "" if goal == 0 else f"{(a - goal) / goal * 100:.1f}%"
            pbi_values[(lab, r, qcode)] = a
            totA += a
            totG += goal
            rows.append([qdate, r, lab, fmt_num(kind, a), fmt_num(kind, goal), var])
# Power BI table visual adds a grand-total row (sums of everything, meaningless)
rows.append(["Total", "", "", f"{totA:,.2f}", f"{totG:,.2f}", f"{(totA - totG) / totG * 100:.1f}%"])
buf = io.StringIO()
w = csv.writer(buf, lineterminator="\r\n")
w.writerow(["Quarter End Date", "Region", "Measure", "Actual", "Goal", "Variance %"])
w.writerows(rows)
with open(OUT + "powerbi_export.csv", "w", encoding="utf-8-sig", newline="") as f:
    f.write(buf.getvalue())

# ---------------- 2. GRC KRI register ----------------
kris = [
    (
        "KRI-003",
        "% of critical patches applied within SLA",
        "pct",
        ">= 95%",
        "< 90%",
        (0.935, 0.902),
    ),
    (
        "KRI-007",
        "Privileged accounts not onboarded to CyberArk",
        "count",
        "<= 10",
        "> 25",
        (14, 31),
    ),
    ("KRI-009", "Enabled accounts inactive > 90 days", "count", "<= 50", "> 150", (87, 212)),
    (
        "KRI-011",
        "User access recertification completed by due date",
        "pct",
        ">= 98%",
        "< 90%",
        (0.991, 0.884),
    ),
    (
        "KRI-014",
        "Critical suppliers with in-date security assessment",
        "pct",
        ">= 90%",
        "< 75%",
        (0.82, 0.77),
    ),
    ("KRI-018", "Security audit issues past agreed due date", "count", "= 0", "> 3", (2, 5)),
    ("KRI-019", "Open security audit issues", "count", "<= 10", "> 20", (17, 23)),
    ("KRI-021", "Risk acceptances expired without renewal", "count", "= 0", "> 2", (1, 4)),
    ("KRI-025", "Cyber risks with residual rating above appetite", "count", "<= 2", "> 4", (3, 2)),
    (
        "KRI-027",
        "Tier-1 applications with DR test in last 12 months",
        "pct",
        ">= 100%",
        "< 90%",
        (0.917, 1.0),
    ),
    ("KRI-030", "Backup restore test success rate", "pct", ">= 95%", "< 85%", (0.889, 0.96)),
    ("KRI-031", "Backup job success rate", "pct", ">= 99%", "< 97%", (0.987, 0.995)),
    ("KRI-033", "Critical CSPM findings open (AWS/Azure)", "count", "<= 5", "> 15", (9, 1)),
    ("KRI-036", "Security team vacancy rate", "pct", "<= 10%", "> 20%", (0.125, 0.08)),
    ("KRI-040", "Devices running end-of-support OS", "count", "<= 20", "> 100", (143, 38)),
]
bus = ["Retail Banking", "Wealth Management"]
owners = {"Retail Banking": "Priya Raman", "Wealth Management": "Tom Okafor"}


def parse_thr(t):
    op, num = t.split()
    return op, float(num.rstrip("%")) / (100 if num.endswith("%") else 1)


def cmp(op, v, n):
    return {">=": v >= n, ">": v > n, "<=": v <= n, "<": v < n, "=": v == n}[op]


def rag(v, g, r):
    if cmp(*[parse_thr(g)[0], v, parse_thr(g)[1]]):
        return "Green"
    if cmp(*[parse_thr(r)[0], v, parse_thr(r)[1]]):
        return "Red"
    return "Amber"


comments = {
    ("KRI-003", "Retail Banking"): "Up from 91.2% in Q2; Oracle estate still lagging.",
    (
        "KRI-007",
        "Wealth Management",
    ): "31 accounts (was 18). Onboarding of 12 SQL admins slipped to Q4 2026.",
    ("KRI-009", "Wealth Management"): "Joiner/mover/leaver fix due 30/11/2026.",
    ("KRI-018", "Wealth Management"): "2 of 5 relate to FY25 external audit; target close 31 Dec.",
    ("KRI-025", "Retail Banking"): "R-117 (ransomware) and R-204 (3rd party) plus 1 new.",
    ("KRI-027", "Retail Banking"): "11 of 12 Tier-1 apps tested; payments hub test moved to Jan.",
    ("KRI-030", "Retail Banking"): "8/9 restore tests passed; 1 exceeded 4h RTO.",
    ("KRI-036", "Retail Banking"): "2 of 16 roles open.",
    (
        "KRI-040",
        "Retail Banking",
    ): "Mostly Windows Server 2012 R2 in branch estate; ESU purchased for 60.",
}
wb = Workbook()
ws = wb.active
ws.title = "KRI Register"
hdr = [
    "KRI ID",
    "KRI Name",
    "Business Unit",
    "Reporting Period",
    "Value",
    "Green Threshold",
    "Red Threshold",
    "RAG",
    "Owner",
    "Commentary",
]
ws.append(hdr)
for c in ws[1]:
    c.font = Font(bold=True, color="FFFFFF")
    c.fill = PatternFill("solid", fgColor="1F4E78")
text_pct = {
    ("KRI-003", "Retail Banking"),
    ("KRI-011", "Wealth Management"),
    ("KRI-030", "Retail Banking"),
    ("KRI-031", "Wealth Management"),
    ("KRI-036", "Retail Banking"),
}
text_cnt = {("KRI-019", "Retail Banking"), ("KRI-040", "Retail Banking")}
grc_values = {}
for bi, bu in enumerate(bus):
    for kid, name, kind, g, r, vals in kris:
        v = vals[bi]
        grc_values[(kid, bu)] = v * 100 if kind == "pct" else v
        row = ws.max_row + 1
        if kind == "pct" and (kid, bu) in text_pct:
            cell_val = f"{v * 100:.1f}%"  # stored as text
        elif kind == "count" and (kid, bu) in text_cnt:
            cell_val = str(v)  # count stored as text
        else:
            cell_val = v
        ws.append(
            [
                kid,
                name,
                bu,
                "Q3 2026",
                cell_val,
                g,
                r,
                rag(v, g, r),
                owners[bu],
                comments.get((kid, bu), ""),
            ]
        )
        c = ws.cell(row=row, column=5)
        if kind == "pct" and not isinstance(cell_val, str):
            c.number_format = "0.0%"
        if isinstance(cell_val, str):
            c.number_format = "@"
            c.alignment = Alignment(horizontal="left")
ws.freeze_panes = "A2"
ws.auto_filter.ref = ws.dimensions
for col, wd in zip("ABCDEFGHIJ", [10, 52, 20, 16, 10, 16, 14, 8, 14, 70], strict=False):
    ws.column_dimensions[col].width = wd
wb.save(OUT + "grc_register.xlsx")

# ---------------- 3. CISO's own board pack input ----------------
wb = Workbook()
ws = wb.active
ws.title = "Board KPIs"
ws["A1"] = "Northgate Group plc – Information Security Key Metrics (Group)"
ws["A1"].font = Font(bold=True, size=14)
ws["A2"] = "Prepared by: Office of the CISO – for Audit & Risk Committee, May 2026"
ws["A2"].font = Font(italic=True)
# two header rows: 4 and 5
ws["A4"] = "Metric"
ws.merge_cells("A4:A5")
ws["B4"] = "Unit"
ws.merge_cells("B4:B5")
ws["C4"] = "FY2026"
ws.merge_cells("C4:F4")
for i, q in enumerate(["Q1", "Q2", "Q3", "Q4"]):
    ws.cell(row=5, column=3 + i, value=q)
ws["G4"] = "FY26 Target"
ws.merge_cells("G4:G5")
ws["H4"] = "Trend"
ws.merge_cells("H4:H5")
thin = Side(style="thin")
for r in (4, 5):
    for c in range(1, 9):
        cell = ws.cell(row=r, column=c)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
ws["C4"].comment = Comment("Fiscal quarters. Q1 = Apr–Jun.", "CISO Office")
metrics = [
    ("MFA coverage¹", "%", "frac", [0.912, 0.938, 0.957, 0.962], 0.98, "▲"),
    ("Privileged accounts with MFA", "%", "num", [97.5, 98.1, 99.0, 99.4], 100, "▲"),
    ("Critical vulnerabilities overdue²", "count", "num", [22, 17, 12, 9], 5, "▼"),
    ("Mean time to remediate – high", "days", "num", [41.5, 38.2, 35.0, 33.7], 30, "▼"),
    ("EDR coverage³", "%", "num", [93.2, 95.8, 96.4, 97.9], 99, "▲"),
    ("Phishing simulation – report rate", "%", "num", [31, 36, 42, 44], 50, "▲"),
    ("Phishing simulation – click rate⁴", "%", "num", [7.8, 6.1, 5.4, 4.9], 5, "▼"),
    ("Security incidents (P1–P3)", "count", "num", [14, 11, 19, 12], None, "–"),
    ("Material incidents⁵", "count", "num", [0, 0, 1, 0], 0, "–"),
    ("Third-party high-risk findings open", "count", "num", [27, 24, 21, 18], 10, "▼"),
    ("Mean time to detect", "hours", "num", [9.6, 8.1, 11.4, "n/a*"], 8, "–"),
    ("Cyber security spend (YTD)", "£m", "num", [1.9, 4.1, 6.2, 8.6], 8.4, "▲"),
]
start = 6
for i, (lab, unit, mode, vals, tgt, trend) in enumerate(metrics):
    r = start + i
    ws.cell(row=r, column=1, value=lab)
    ws.cell(row=r, column=2, value=unit)
    for j, v in enumerate(vals):
        c = ws.cell(row=r, column=3 + j, value=v)
        if mode == "frac":
            c.number_format = "0.0%"
        elif unit == "%":
            c.number_format = "0.0"
    t = ws.cell(row=r, column=7, value=tgt if tgt is not None else "n/a")
    if mode == "frac":
        t.number_format = "0%"
    ws.cell(row=r, column=8, value=trend)
end = start + len(metrics) - 1
notes = [
    "Notes",
    "¹ All workforce accounts (employees and contractors); service accounts excluded.",
    "² Critical = CVSS ≥ 9.0 open beyond the 14-day remediation SLA.",
    "³ Servers and end-user devices with a healthy, reporting agent.",
    "⁴ Average of the quarter's simulated phishing campaigns.",
    "⁵ Assessed as material under the incident materiality framework (regulator-reportable).",
    "* Q4 MTTD not available: SIEM migration in progress, will be restated next quarter.",
    "FY2026 runs 1 April 2025 to 31 March 2026.",
]
for k, n in enumerate(notes):
    c = ws.cell(row=end + 2 + k, column=1, value=n)
    if k == 0:
        c.font = Font(bold=True)
    else:
        c.font = Font(italic=True, size=9)
ws.column_dimensions["A"].width = 44
ws.column_dimensions["B"].width = 8
for col in "CDEFG":
    ws.column_dimensions[col].width = 11
wb.save(OUT + "board_pack_input.xlsx")
print("rows", len(rows), "end", end)
print(
    pbi_values[("High Vulns Open", "EMEA", "2025-Q3")],
    pbi_values[("Patch Compliance %", "Americas", "2026-Q2")],
    pbi_values[("Avg Days to Remediate (Crit)", "APAC", "2025-Q4")],
)
