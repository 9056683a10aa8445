"""A fiscal-year start stated in the workbook is heard, used and said so."""

import pytest

from reporting.ingest.fiscal import month_stated
from tests.conftest import make_xlsx, messages


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("Contoso Group – Information Security KPIs – FY2026 (fiscal year starts 1 July)", 7),
        ("Fiscal year starts 1 July", 7),
        ("Our financial year begins on the 1st of April", 4),
        ("FY starts in October", 10),
        ("FY runs April to March", 4),
        ("FY27 = Apr 2026 – Mar 2027", 4),
        ("Financial year: July–June", 7),
        ("Fiscal year (Jul-Jun)", 7),
        ("FY2026: 1 July 2025 - 30 June 2026", 7),
    ],
)
def test_the_ways_a_workbook_states_its_fiscal_year(text, month):
    assert month_stated(text) == month


@pytest.mark.parametrize(
    "text", ["FY26 Q1", "Q3 FY26 security KPIs", "fiscal year 2026", "FY runs April to June"]
)
def test_fiscal_labels_and_impossible_spans_state_no_start(text):
    assert month_stated(text) is None


def _dashboard(title: str) -> bytes:
    return make_xlsx(
        {
            "KPIs": [
                [title],
                [],
                ["Metric", "Q1 FY26", "Q2 FY26"],
                ["MFA coverage (%)", 91, 93],
            ]
        }
    )


def test_a_stated_start_is_used_when_none_was_given_and_the_cell_is_named(read):
    result = read(("kpis.xlsx", _dashboard("Security KPIs – fiscal year starts 1 July")))
    assert result.periods == ["2025-Q3", "2025-Q4"]
    assert result.fiscal_year_start_month == 7 and not result.fiscal_assumed
    assert str(result.fiscal_year_stated_in) == "kpis.xlsx, sheet 'KPIs', cell A1"
    (note,) = [n for n in result.warnings if "as the workbook states" in n.message]
    assert note.message.startswith("The fiscal year was read as starting in July")


def test_the_given_start_wins_and_a_disagreement_is_reported(read):
    result = read(("kpis.xlsx", _dashboard("FY runs April to March")), fiscal_year_start_month=7)
    assert result.periods == ["2025-Q3", "2025-Q4"]
    assert (
        "The workbook states the fiscal year starts in April ('FY runs April to March'), but "
        "the business context says July; the business context was used."
    ) in messages(result)


def test_without_a_statement_fiscal_labels_are_flagged_as_assumed(read):
    result = read(("kpis.xlsx", _dashboard("Security KPIs")))
    assert result.fiscal_assumed and result.fiscal_year_start_month is None
    assert result.periods == ["2026-Q1", "2026-Q2"]


def test_a_start_one_file_states_is_used_for_every_file_of_the_call(read):
    a = "Fiscal year starts 1 July\nMetric,Quarter,Value\nMFA coverage,Q1 FY27,95\n"
    b = "Metric,Quarter,Value\nMFA coverage,Q2 FY27,96\n"
    for files in ((("a.csv", a), ("b.csv", b)), (("b.csv", b), ("a.csv", a))):
        result = read(*files)
        assert result.periods == ["2026-Q3", "2026-Q4"], files[0][0]
        assert not result.fiscal_assumed


def test_two_workbooks_that_disagree_are_reported_and_the_first_is_used(read):
    a = "Fiscal year starts 1 July\nMetric,Quarter,Value\nMFA coverage,Q1 FY27,95\n"
    b = "FY runs April to March\nMetric,Quarter,Value\nMFA coverage,Q2 FY27,96\n"
    result = read(("a.csv", a), ("b.csv", b))
    assert result.periods == ["2026-Q3", "2026-Q4"]
    assert (
        "The workbook states the fiscal year starts in April ('FY runs April to March'), but "
        "another workbook states July; that workbook's start was used."
    ) in messages(result)
