"""Rows that name no business unit among rows that do: read as company-wide, and said so
with their cells, in the review and in the pack's caveats (a helper's 40-unit export had
eight such rows, and the deck's headline MFA trend was one of them, unsaid)."""

from reporting.context import BusinessContext
from reporting.translate import build_report
from tests.conftest import messages, values

LONG = """Quarter,Business Unit,Metric,Value
2026-Q3,Retail,MFA coverage,97
2026-Q3,Wealth,MFA coverage,95
2026-Q3,,MFA coverage,71.5
2026-Q3,  ,EDR coverage,60
2026-Q3,Group total,EDR coverage,90
2026-Q3,Retail,EDR coverage,96
"""


def test_blank_units_among_named_ones_are_company_wide_and_said_with_their_cells(read):
    result = read(("units.csv", LONG))
    assert values(result, "mfa_coverage_pct") == {"2026-Q3": 71.5}
    assert values(result, "mfa_coverage_pct", "Retail") == {"2026-Q3": 97}
    (said,) = messages(result, "no_unit")
    assert said.startswith("2 rows with values name no business unit (B4, B5)")
    assert "read as company-wide" in said and "'Group total'" in said
    # The company-wide EDR row named as such ('Group total') is not among them.
    caveat = next(
        c
        for c in build_report(result, BusinessContext(), trials=2_000).caveats
        if "no unit" in c.text
    )
    assert caveat.kind == "data" and caveat.text.startswith("2 rows among business units'")
    report = build_report(result, BusinessContext(), trials=2_000)
    assert "2 rows named no business unit" in report.summary.answers.protected


def test_a_file_without_units_or_without_blanks_says_nothing_of_it(read):
    company = read(("kpis.csv", "Quarter,Metric,Value\n2026-Q3,MFA coverage,97\n"))
    assert messages(company, "no_unit") == []
    all_blank = read(("kpis.csv", "Quarter,Business Unit,Metric,Value\n2026-Q3,,MFA coverage,97\n"))
    assert messages(all_blank, "no_unit") == []
    named = read(
        ("kpis.csv", "Quarter,Business Unit,Metric,Value\n2026-Q3,Retail,MFA coverage,97\n")
    )
    assert messages(named, "no_unit") == []
