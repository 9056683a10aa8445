"""The board workbook, reopened with openpyxl: every sheet carries the report's numbers, and
text from users' files can never run as a formula."""

from __future__ import annotations

import io
import math
import re

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from reporting.board.targets import TARGET_SOURCE_WORDS
from reporting.board.words import CONTROL_WORDS, STATUS_WORDS, risk_where
from reporting.context import load_context
from reporting.export.xlsx import (
    COMPLIANCE_COLUMNS,
    METRIC_COLUMNS,
    REGISTER_COLUMNS,
    REGISTER_PRINTED,
    build_workbook,
    safe_text,
)
from reporting.translate import build_report

REGISTERS = ["Risk register", "Risks by unit"]
PRINTED = [name for name, _ in REGISTER_PRINTED]


def rows_of(sheet, header_row: int = 1) -> list[dict]:
    header = [c.value for c in sheet[header_row]]
    return [
        dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)
    ]


@pytest.fixture(scope="module")
def book(report):
    return openpyxl.load_workbook(io.BytesIO(build_workbook(report)))


def test_the_workbook_has_its_sheets(book):
    assert book.sheetnames == [
        "Summary",
        "Caveats",
        "Risk register",
        "Risks by unit",
        "Options",
        "Materiality",
        "Compliance",
        "Metrics",
    ]


def test_summary_carries_posture_direction_headline_answers_and_decisions(book, report):
    values = [c for row in book["Summary"].iter_rows(values_only=True) for c in row if c]
    summary = report.summary
    assert report.organization in values
    assert summary.posture.capitalize() in values
    assert summary.direction.capitalize() in values
    assert summary.headline in values
    for answer in summary.answers.model_dump().values():
        assert answer in values
    for decision in summary.decisions:
        assert decision.ask in values
        assert decision.owner in values


@pytest.mark.parametrize("sheet", REGISTERS)
def test_the_risk_registers_are_the_reports_risks(book, report, sheet):
    risks = report.risks if sheet == "Risk register" else report.unit_risks
    rows = rows_of(book[sheet])
    header = [c.value for c in book[sheet][1]]
    assert header[: len(PRINTED)] == [
        f"{n} ({report.currency})" if n.startswith("Expected") else n for n in PRINTED
    ]
    assert len(header) == len(REGISTER_COLUMNS)
    assert header[-1] == "Risk id (for tracing)"
    assert len(rows) == len(risks)
    currency = report.currency
    for row, risk in zip(rows, risks, strict=True):
        assert row["Risk id (for tracing)"] == risk.id
        assert row["Priority"] == risk.rank
        assert row["Risk"] == risk.title
        assert row["Description"] == risk.what_could_happen
        assert row["Assessment"] == risk.statement
        assert row["Response description"] == risk.response
        assert (row["Control gap"], row["Impact"]) == (risk.likelihood, risk.impact)
        assert row["Exposure rating"] == risk.rating.capitalize()
        assert row["Owner"] == risk.owner
        assert row["Where"] == risk_where(risk)
        assert row[f"Expected annual loss ({currency})"] == pytest.approx(risk.exposure.mean)
        assert row[f"Annual loss p10 ({currency})"] == pytest.approx(risk.exposure.p10)
        assert row[f"Annual loss p50 ({currency})"] == pytest.approx(risk.exposure.p50)
        assert row[f"Annual loss p90 ({currency})"] == pytest.approx(risk.exposure.p90)
        assert row[f"One event p90 ({currency})"] == pytest.approx(risk.exposure.event_p90)
        assert "–" in row["Event range (p10–p90)"]


def test_compliance_lists_every_control_with_its_evidence_cells(book, report):
    sheet = book["Compliance"]
    assert "not an audit opinion" in sheet["A1"].value
    rows = rows_of(sheet, header_row=3)
    assert [c.value for c in sheet[3]] == list(COMPLIANCE_COLUMNS)
    controls = [(f, c) for f in report.compliance for c in f.controls]
    assert len(rows) == len(controls)
    for row, (framework, control) in zip(rows, controls, strict=True):
        assert (row["Framework"], row["Control"]) == (framework.framework, control.id)
        assert row["Status"] == CONTROL_WORDS[control.status]
        for metric in control.metrics:
            assert str(metric.source) in row["Evidence sources"]
            assert metric.name in row["Evidence metrics"]


def test_metrics_hold_every_observation_with_its_source_cell(book, report):
    rows = rows_of(book["Metrics"])
    assert [c.value for c in book["Metrics"][1]] == list(METRIC_COLUMNS)
    assert len(rows) == len(report.observations)
    for row, obs in zip(rows, report.observations, strict=True):
        assert row["Metric id"] == obs.metric_id
        assert row["Label as written"] == safe_text(obs.label)
        assert (row["Period"], row["Period label"]) == (obs.period, obs.period_label)
        assert row["Business unit"] == obs.business_unit
        assert row["Value"] == pytest.approx(obs.value)
        assert row["Status"] == STATUS_WORDS[obs.status]
        assert row["File"] == obs.source.file
        assert row["Cell"] == obs.source.cell
    current = {(m.metric_id, m.business_unit, m.source.cell): m for m in report.metrics}
    for row in rows:
        key = (row["Metric id"], row["Business unit"], row["Cell"])
        if key in current:
            assert row["Target"] == pytest.approx(current[key].target)
            assert row["Target from"] == TARGET_SOURCE_WORDS[current[key].target_source]


def test_the_metrics_sheet_says_which_targets_are_the_catalogs_defaults(report):
    # The sample writes most targets beside the values; the rest are the catalog's.
    from_sheet = {o.target is not None for o in report.observations}
    assert from_sheet == {True, False}
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(report)), read_only=True)
    said = {
        (row["Metric id"], row["File"], row["Cell"]): row["Target from"]
        for row in rows_of(book["Metrics"])
    }
    for obs in report.observations:
        expected = "sheet" if obs.target is not None else "catalog"
        key = (obs.metric_id, obs.source.file, obs.source.cell)
        assert said[key] == TARGET_SOURCE_WORDS[expected]
    # A target the business context sets is said to be the context's.
    unset = next(o.metric_id for o in report.observations if o.target is None)
    set_here = report.model_copy(deep=True)
    set_here.definitions[unset].target_source = "context"
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(set_here)), read_only=True)
    rows = [r for r in rows_of(book["Metrics"]) if r["Metric id"] == unset]
    assert {r["Target from"] for r in rows if r["Target"] is not None} >= {
        TARGET_SOURCE_WORDS["context"]
    }


@pytest.mark.parametrize(
    ("name", "header_row", "frozen"),
    [
        ("Risk register", 1, "C2"),  # the header, and the priority and risk name beside
        ("Risks by unit", 1, "C2"),
        ("Compliance", 3, "A4"),
        ("Metrics", 1, "A2"),
    ],
)
def test_tables_are_frozen_filtered_and_set_up_for_print(book, name, header_row, frozen):
    sheet = book[name]
    assert sheet.freeze_panes == frozen
    assert sheet.auto_filter.ref.startswith(f"A{header_row}:")
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (1, None)  # 1 is the default, left unwritten
    assert sheet.page_setup.fitToHeight == 0


def test_text_that_looks_like_a_formula_stays_text(report):
    hostile = report.model_copy(deep=True)
    hostile.organization = "=1+1"
    first = hostile.observations[0]
    first.label = '=HYPERLINK("http://evil.example","click")'
    first.business_unit = "+cmd|' /C calc'!A0"
    first.source = first.source.model_copy(update={"file": "@SUM(A1)", "sheet": "-2+3"})
    hostile.risks[0].owner = "\t=owner"
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(hostile)))
    row = rows_of(book["Metrics"])[0]
    assert row["Label as written"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["Business unit"] == "'+cmd|' /C calc'!A0"
    assert row["File"] == "'@SUM(A1)"
    assert row["Sheet"] == "'-2+3"
    assert rows_of(book["Risk register"])[0]["Owner"] == "'\t=owner"
    assert book["Summary"]["A1"].value == "'=1+1"
    # Not one cell in the workbook is a formula.
    for sheet in book.worksheets:
        for cells in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in cells), sheet.title


@pytest.mark.parametrize(
    ("text", "written"),
    [("=A1", "'=A1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\rx", "'\rx"), ("a=b", "a=b")],
)
def test_safe_text_escapes_only_formula_starts(text, written):
    assert safe_text(text) == written


def test_the_options_sheet_ranks_every_option_and_marks_what_the_budget_funds(book, report):
    rows = rows_of(book["Options"], header_row=4)
    assert [r["Option"] for r in rows] == [o.name for o in report.budget.options]
    funded = {r["Option"] for r in rows if r["Funded within the budget"] == "Yes"}
    assert funded == set(report.budget.portfolio.chosen)
    first = report.budget.options[0]
    assert rows[0]["Expected loss removed a year"] == pytest.approx(first.eal_removed)


def test_the_materiality_sheet_is_the_worksheet(book, report):
    sheet = book["Materiality"]
    rows = rows_of(sheet, header_row=3)
    assert [(r["Item"], r["Finding"]) for r in rows] == [tuple(x) for x in report.materiality.lines]


# --- the printed register -------------------------------------------------------------------

# Landscape paper and the register's side margins (0.4 in each side), in points.
PAPERS = {"A4": 11.69 * 72, "Letter": 11 * 72}
MARGINS = 0.8 * 72


def printed_columns(sheet) -> range:
    """The columns of the sheet's print area, 1-based."""
    ref = sheet.print_area[0] if isinstance(sheet.print_area, list) else sheet.print_area
    first, last = re.search(r"\$([A-Z]+)\$\d+:\$([A-Z]+)\$\d+", ref).groups()
    return range(column_index_from_string(first), column_index_from_string(last) + 1)


def print_scale(sheet, paper: str) -> int:
    """The percentage a printer scales the print area by to fit it one page wide: the
    printable width over the columns' width (a column `w` wide is `w * 7` pixels at 96 dpi,
    the width XlsxWriter writes including its padding), never above 100 %, whole percent."""
    pixels = sum(
        sheet.column_dimensions[get_column_letter(c)].width * 7 for c in printed_columns(sheet)
    )
    points = pixels * 72 / 96
    return min(100, math.floor(100 * (PAPERS[paper] - MARGINS) / points))


@pytest.mark.parametrize("name", REGISTERS)
def test_the_registers_print_one_page_wide_at_a_legible_scale(book, name):
    sheet = book[name]
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert setup.fitToWidth in (1, None)  # 1 is the default, left unwritten
    assert setup.fitToHeight == 0  # as many pages tall as it needs
    assert sheet.print_title_rows == "$1:$1"
    assert (sheet.page_margins.left, sheet.page_margins.right) == (0.4, 0.4)
    columns = printed_columns(sheet)
    assert [sheet.cell(1, c).value.split(" (")[0] for c in columns] == PRINTED
    assert sheet.print_area.endswith(f"${sheet.max_row}")  # every risk prints
    # 10-point text prints at 8 points or more, on landscape A4 and on Letter.
    assert print_scale(sheet, "A4") >= 85
    assert print_scale(sheet, "Letter") >= 80
    # Long text wraps within its column, rather than widening the sheet.
    for col in (2, 4, 10, 12):  # risk, description, recommended response, input notes
        assert sheet.cell(2, col).alignment.wrap_text


@pytest.mark.parametrize("name", REGISTERS)
def test_the_printed_register_names_risks_and_units_never_their_ids(book, report, name):
    sheet = book[name]
    ids = {r.id for r in (*report.risks, *report.unit_risks)}
    ids |= {r.scenario for r in report.risks}
    units = {r.business_unit for r in report.unit_risks}
    rows = rows_of(sheet)
    assert {r["Where"] for r in rows} <= units | {risk_where(r) for r in report.risks}
    for row in rows:
        person_facing = [v for k, v in row.items() if k != "Risk id (for tracing)"]
        for value in filter(None, person_facing):
            assert value not in ids
            # Catalog ids (payment_fraud, mfa_coverage_pct, legal_regulatory) are words
            # joined by underscores; no person-facing cell holds one.
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", str(value)), value
        assert row["Risk id (for tracing)"] in ids


@pytest.mark.parametrize("name", REGISTERS)
def test_every_risk_has_a_response_type_and_a_cost(book, report, name):
    rows = rows_of(book[name])
    decisions = {i: d for d in report.summary.decisions for i in d.risk_ids}
    options = {o.name: o for o in report.budget.options}
    for row in rows:
        decision = decisions.get(row["Risk id (for tracing)"])
        if row["Status"].startswith("Within appetite"):
            assert (row["Response type"], row["Response cost"]) == ("Accept", "No spend asked")
            continue
        assert row["Response type"] == "Mitigate"
        assert row["Recommended response"] == decision.recommendation
        option = options[decision.recommendation]
        if option.one_off is None and option.yearly is None:
            assert row["Response cost"] == "not yet costed"
        else:
            assert re.fullmatch(
                r"\$\d+(\.\d)?[kM] now \+ \$\d+(\.\d)?[kM]/yr", row["Response cost"]
            )
    if name == "Risk register":
        # The sample: the supplier risk's programme is costed at $60k now and $90k a year.
        third = next(r for r in rows if r["Risk id (for tracing)"] == "third_party")
        assert third["Recommended response"] == "Supplier assurance programme"
        assert third["Response cost"] == "$60k now + $90k/yr"
    else:
        assert {r["Response type"] for r in rows} == {"Mitigate", "Accept"}


def test_a_risk_with_no_option_to_recommend_is_left_to_the_board(report):
    undecided = report.model_copy(deep=True)
    for decision in undecided.summary.decisions:
        decision.recommendation = None
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(undecided)))
    for row in rows_of(book["Risk register"]):
        assert row["Response type"] == "To decide"
        assert row["Recommended response"] == "The board is asked how to respond"
        assert row["Response cost"] == "not yet costed"


def test_the_register_carries_the_inputs_notes_on_its_driving_metrics(book):
    register = {r["Risk id (for tracing)"]: r for r in rows_of(book["Risk register"])}
    notes = register["payment_fraud"]["Input notes"].split("\n")
    assert "• Staff who clicked simulated phishing: Monthly simulations since Oct 2025" in notes
    assert all(line.startswith("• ") and ": " in line for line in notes)
    service = register["service_outage"]["Input notes"]
    assert "Backup restore tests passed: Q1 FY27: 4 of 18 restores failed" in service


NOTED = (
    "Quarter,Metric,Value,Owner,Notes\n"
    "2026-Q2,Critical suppliers assessed on schedule,70,Vendor Risk Team,\n"
    "2026-Q3,Critical suppliers assessed on schedule,60,Vendor Risk Team,"
    '=HYPERLINK("http://evil.example") audits slipped to Q4\n'
    "2026-Q3,Open high-risk supplier findings,12,,Two findings disputed\n"
    "2026-Q3,Staff who clicked simulated phishing,9,Awareness Lead,\n"
)


def test_notes_and_owners_from_an_input_with_those_columns_reach_the_register(read):
    context = load_context(
        "organization: {name: Test Co, annual_revenue: 500000000, currency: USD}\n"
        "owners: {third_party: Chief Procurement Officer}\n"
    )
    report = build_report(read(("noted.csv", NOTED)), context, trials=500)
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(report)))
    register = {r["Risk id (for tracing)"]: r for r in rows_of(book["Risk register"])}
    third = register["third_party"]
    assert third["Owner"] == "Chief Procurement Officer"  # the context's risk owner
    assert third["Input notes"].split("\n") == [
        '• Critical suppliers assessed on schedule: =HYPERLINK("http://evil.example") audits '
        "slipped to Q4 (metric owner: Vendor Risk Team)",
        "• Open high-risk supplier findings: Two findings disputed",
    ]
    # An owner given without a note is carried too.
    fraud = register["payment_fraud"]["Input notes"]
    assert fraud == "Staff who clicked simulated phishing: metric owner Awareness Lead"
    for sheet in book.worksheets:
        for cells in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in cells), sheet.title


def test_the_workbook_can_carry_the_audit_trail_with_its_text_neutralised(report):
    import datetime as dt
    from types import SimpleNamespace

    when = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
    events = [
        SimpleNamespace(at=when, actor="ciso@acme.example", action="published", detail="Q1"),
        SimpleNamespace(at=when, actor="=HYPERLINK(1)", action="uploaded", detail="+cmd"),
    ]
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(report, events)))
    sheet = book["Activity"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=5)]
    assert rows[0] == ["When (UTC)", "Who", "What", "Detail"]
    assert rows[1] == ["2026-11-24 09:30", "ciso@acme.example", "published", "Q1"]
    assert rows[2][1] == "'=HYPERLINK(1)" and rows[2][3] == "'+cmd"
    assert "Activity" not in openpyxl.load_workbook(io.BytesIO(build_workbook(report))).sheetnames
