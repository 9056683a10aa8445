"""The board workbook, reopened with openpyxl: every sheet carries the report's numbers, and
text from users' files can never run as a formula."""

from __future__ import annotations

import io

import openpyxl
import pytest

from reporting.board.words import CONTROL_WORDS, STATUS_WORDS, risk_where
from reporting.export.xlsx import (
    COMPLIANCE_COLUMNS,
    METRIC_COLUMNS,
    REGISTER_COLUMNS,
    build_workbook,
    safe_text,
)


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


@pytest.mark.parametrize("sheet", ["Risk register", "Risks by unit"])
def test_the_risk_registers_are_the_reports_risks(book, report, sheet):
    risks = report.risks if sheet == "Risk register" else report.unit_risks
    rows = rows_of(book[sheet])
    header = [c.value for c in book[sheet][1]]
    assert header[:10] == list(REGISTER_COLUMNS[:10])
    assert len(rows) == len(risks)
    currency = report.currency
    for row, risk in zip(rows, risks, strict=True):
        assert row["ID"] == risk.id
        assert row["Priority"] == risk.rank
        assert row["Description"] == risk.statement
        assert (row["Control gap"], row["Impact"]) == (risk.likelihood, risk.impact)
        assert row["Exposure rating"] == risk.rating.capitalize()
        assert row["Owner"] == risk.owner
        assert row["Where"] == risk_where(risk)
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
    current = {(m.metric_id, m.business_unit, m.source.cell): m.target for m in report.metrics}
    for row in rows:
        key = (row["Metric id"], row["Business unit"], row["Cell"])
        if key in current:
            assert row["Target"] == pytest.approx(current[key])


@pytest.mark.parametrize(
    ("name", "header_row"),
    [("Risk register", 1), ("Compliance", 3), ("Metrics", 1)],
)
def test_tables_are_frozen_filtered_and_set_up_for_print(book, name, header_row):
    sheet = book[name]
    assert sheet.freeze_panes == f"A{header_row + 1}"
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
