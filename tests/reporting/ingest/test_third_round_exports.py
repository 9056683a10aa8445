"""Surprises from a third set of exports written by someone who had not read the code:
a total row in the business-unit column, and one note per label for fractions."""

from __future__ import annotations

import pytest

from reporting.ingest.records import whole_company

QUALYS = (
    "Vulnerability Management Quarterly Report\n"
    "Generated on 01/15/2026\n"
    "\n"
    "Quarter,Business Unit,Metric,Value\n"
    "2026-Q3,Retail Banking,Patch compliance (%),87\n"
    "2026-Q3,Commercial Lending,Patch compliance (%),91\n"
    "2026-Q3,All Business Units,Patch compliance (%),89\n"
)


@pytest.mark.parametrize(
    "name",
    [
        "All Business Units",
        "Total",
        "All BUs",
        "Company-wide",
        "Group total",
        "Grand total",
        "ALL",
        "Enterprise-wide",
        "Whole company",
    ],
)
def test_a_cell_naming_the_whole_company_is_not_a_business_unit(name):
    assert whole_company(name)


@pytest.mark.parametrize(
    "name", ["Group", "Retail total", "Retail Banking", "Company", "All Saints Bank", "", None]
)
def test_a_unit_is_still_a_unit(name):
    assert not whole_company(name)


def test_a_total_row_is_read_as_company_wide_and_said(read):
    result = read(("qualys.csv", QUALYS))
    assert result.business_units == ["Commercial Lending", "Retail Banking"]
    company = [o for o in result.observations if o.business_unit is None]
    assert [o.value for o in company] == [89]
    assert any(
        "'All Business Units' in the business-unit column names the whole company" in w.message
        for w in result.warnings
    )


def test_fractions_are_said_once_per_label_whatever_the_units(read):
    rows = "\n".join(
        f"2026-Q3,{unit},EDR Coverage %,{value}"
        for unit, value in (("APAC", 0.96), ("EMEA", 0.98), ("Americas", 0.91))
    )
    result = read(("pbi.csv", "Reporting Period,Entity,KPI,Actual\n" + rows + "\n"))
    said = [w for w in result.warnings if "written as fractions" in w.message]
    assert len(said) == 1
    assert sorted(o.value for o in result.observations) == pytest.approx([91, 96, 98])
