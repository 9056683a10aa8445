"""The ingest steps as a whole: where notices point, and what lasts across sheets and files."""

import pytest

from reporting.ingest.ledger import Ledger
from reporting.observations import IngestResult
from tests.conftest import make_xlsx, messages, values


def test_the_fiscal_year_assumption_is_told_once_per_file(read):
    book = make_xlsx(
        {
            "Identity": [["Metric", "Q2 FY26", "Q3 FY26"], ["MFA coverage", 90, 92]],
            "Endpoint": [["Metric", "Q3 FY26"], ["EDR coverage", 95]],
        }
    )
    other = "Quarter,Metric,Value\nQ4 FY26,MFA coverage,93\n"
    result = read(("kpis.xlsx", book), ("more.csv", other))
    told = [w for w in result.warnings if w.kind == "assumption"]
    assert [(w.source.file, w.source.sheet) for w in told] == [
        ("kpis.xlsx", "Identity"),
        ("more.csv", None),
    ]
    assert (
        "Fiscal quarters such as 'Q2 FY26' were read as if the fiscal year started in January"
        in told[0].message
    )
    assert values(result, "mfa_coverage_pct") == {"2026-Q2": 90, "2026-Q3": 92, "2026-Q4": 93}


def test_no_assumption_is_told_when_the_fiscal_year_start_is_known(read):
    result = read(
        ("k.csv", "Quarter,Metric,Value\nQ1 FY27,MFA coverage,93\n"), fiscal_year_start_month=7
    )
    assert not messages(result, "assumption")
    assert values(result, "mfa_coverage_pct") == {"2026-Q3": 93}


def test_each_notice_of_a_sheet_names_its_file_sheet_and_cell(read):
    book = make_xlsx(
        {
            "Notes": [["Just some text"]],
            "KPIs": [
                ["Metric", "2026-Q2", "2026-Q3", "Target"],
                ["MFA coverage", "N/A", 95, "lots"],
                ["Coffee machine uptime", 99, 98],
                [None, 4],
            ],
        }
    )
    result = read(("kpis.xlsx", book))
    where = {(w.kind, w.source.sheet, w.source.cell) for w in result.warnings}
    assert ("sheet", "Notes", None) in where  # the whole sheet
    assert ("missing", "KPIs", "B2") in where
    assert ("value", "KPIs", "D2") in where  # the unreadable target
    assert ("value", "KPIs", "B4") in where  # a value without a label
    assert all(w.source.file == "kpis.xlsx" for w in result.warnings)
    [unmapped] = result.unmapped
    assert (unmapped.label, unmapped.source.sheet, unmapped.source.cell, unmapped.rows) == (
        "Coffee machine uptime",
        "KPIs",
        "A3",
        2,
    )


def _observation(value: float, cell: str, unit: str | None = None) -> dict:
    return {
        "metric_id": "mfa_coverage_pct",
        "label": "MFA coverage",
        "period": "2026-Q3",
        "period_label": "2026-Q3",
        "business_unit": unit,
        "value": value,
        "unit": "percent",
        "target": None,
        "owner": None,
        "note": None,
        "source": {"file": "k.csv", "sheet": None, "cell": cell},
    }


def test_the_ledger_keeps_the_first_value_and_tells_of_each_repeat():
    result = IngestResult()
    ledger = Ledger(result)
    assert ledger.keep(_observation(95, "C2"))
    assert ledger.keep(_observation(80, "C3", unit="Retail"))  # another business unit
    assert not ledger.keep(_observation(95, "C4"))
    assert not ledger.keep(_observation(91, "C5"))
    assert [o.value for o in ledger.observations()] == [95, 80]
    assert [(w.kind, w.source.cell) for w in result.warnings] == [
        ("duplicate", "C4"),
        ("conflict", "C5"),
    ]
    assert result.warnings[1].message == (
        "Conflict: 'MFA coverage' 2026-Q3 is 95 in k.csv, cell C2 but 91 in k.csv, cell C5; "
        "the first (95) is kept."
    )


@pytest.mark.parametrize("files", [["a.xlsx"], ["a.xlsx", "b.csv"]])
def test_the_ledger_tells_the_fiscal_assumption_once_per_file(files: list[str]):
    ledger = Ledger(IngestResult())
    assert [ledger.first_fiscal_assumption(f) for f in files * 2] == [True] * len(files) + [
        False
    ] * len(files)


def test_the_fiscal_year_advice_names_the_page_and_no_file_key(read):
    result = read(("kpis.csv", "Metric,Q2 FY26\nMFA coverage,95\n"))
    (note,) = [w for w in result.warnings if w.kind == "assumption"]
    assert "(on the Data page, or in the business context file)" in note.message
    assert "organization." not in note.message and "_" not in note.message
