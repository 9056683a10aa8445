"""Layouts as CISOs keep them: wide, long, a sheet per quarter; titles, notes, merged cells."""

import io

import pytest
import xlsxwriter

from tests.conftest import make_xlsx, messages, values


def test_wide_sheet_with_title_rows_fiscal_quarters_and_a_notes_column(read):
    data = make_xlsx(
        {
            "KPI Dashboard": [
                ["Harbour Retail: Security KPIs"],
                ["Prepared by the CISO office"],
                [],
                ["Metric", "Q2 FY26", "Q3 FY26", "Q4 FY26", "Q1 FY27", "Target", "Notes"],
                ["Identity & Access"],
                ["MFA coverage", 0.81, 0.86, 0.9, 0.95, 0.98, "rollout to stores"],
                ["Phish-prone %", "12%", "10%", "N/A", "7%", "5%"],
                ["Critical vulns open >30 days", 12, 9, 14, 11, 0],
            ]
        },
        percent={("KPI Dashboard", f"{c}6") for c in "BCDEF"},
    )
    result = read(("kpis.xlsx", data), fiscal_year_start_month=7)
    sheet = result.files[0].sheets[0]
    assert sheet.layout == "wide" and sheet.header_cell == "A4"
    assert values(result, "mfa_coverage_pct") == pytest.approx(
        {"2025-Q4": 81, "2026-Q1": 86, "2026-Q2": 90, "2026-Q3": 95}
    )
    mfa = next(
        o
        for o in result.observations
        if o.metric_id == "mfa_coverage_pct" and o.period == "2026-Q3"
    )
    assert (mfa.period_label, mfa.target, mfa.note) == (
        "Q1 FY27",
        pytest.approx(98),
        "rollout to stores",
    )
    assert (mfa.source.file, mfa.source.sheet, mfa.source.cell) == (
        "kpis.xlsx",
        "KPI Dashboard",
        "E6",
    )
    # N/A is missing, never zero, and the user is told which cell.
    assert "2026-Q2" not in values(result, "phishing_click_rate_pct")
    assert "'Phish-prone %' has no value for Q4 FY26 (D7)" in messages(result, "missing")[0]
    ignored = " | ".join(sheet.ignored)
    assert "rows 1-3 above the header" in ignored
    assert "A5 'Identity & Access'" in ignored


def test_long_table_with_headers_in_any_order_and_optional_columns(read):
    data = (
        "Owner,Value,Metric Name,Reporting Period,Division,Target,Comments,RAG\n"
        "CIO,97,EDR coverage,2026-09-30,Corporate IT,98,,Amber\n"
        "CIO,93,EDR coverage,2026-06-30,Corporate IT,98,,Red\n"
        "Head of Payments,4,Critical vulns open >30 days,Q3 2026,Card Payments,0,two are waiting on a vendor,Red\n"
    )
    result = read(("export.csv", data))
    sheet = result.files[0].sheets[0]
    assert sheet.layout == "long"
    assert values(result, "edr_coverage_pct", "Corporate IT") == {"2026-Q3": 97, "2026-Q2": 93}
    vulns = next(o for o in result.observations if o.metric_id == "vuln_critical_overdue")
    assert (vulns.business_unit, vulns.owner, vulns.target) == (
        "Card Payments",
        "Head of Payments",
        0,
    )
    assert vulns.note == "two are waiting on a vendor"
    assert vulns.period_label == "Q3 2026" and vulns.source.cell == "B4"
    assert any("column H 'RAG'" in note for note in sheet.ignored)
    assert sheet.business_units == ["Card Payments", "Corporate IT"]


@pytest.mark.parametrize(
    ("sheets", "file_name", "period"),
    [
        ({"Q2 2026": [["KPI", "Result"], ["MFA coverage", 91]]}, "book.xlsx", "2026-Q2"),
        (
            {
                "Sheet1": [
                    ["Security metrics as at 30 June 2026"],
                    [],
                    ["KPI", "Result"],
                    ["MFA coverage", 91],
                ]
            },
            "book.xlsx",
            "2026-Q2",
        ),
        ({"Sheet1": [["KPI", "Result"], ["MFA coverage", 91]]}, "kpis_2026_Q2.xlsx", "2026-Q2"),
    ],
    ids=["sheet name", "title cell", "file name"],
)
def test_one_quarter_per_sheet_takes_its_period_from_sheet_title_or_file(
    read, sheets, file_name, period
):
    result = read((file_name, make_xlsx(sheets)))
    assert result.files[0].sheets[0].layout == "per_quarter"
    assert values(result, "mfa_coverage_pct") == {period: 91}


def test_a_workbook_with_a_sheet_per_quarter_reads_every_sheet(read):
    data = make_xlsx(
        {
            "Q2 2026": [["KPI", "Result"], ["MFA coverage", 91], ["EDR coverage", 88]],
            "Q3 2026": [["KPI", "Result"], ["MFA coverage", 94], ["EDR coverage", 90]],
        }
    )
    result = read(("book.xlsx", data))
    assert values(result, "mfa_coverage_pct") == {"2026-Q2": 91, "2026-Q3": 94}
    assert {o.source.sheet for o in result.observations} == {"Q2 2026", "Q3 2026"}


def test_per_quarter_sheet_without_any_period_says_how_to_fix_it(read):
    result = read(("book.xlsx", make_xlsx({"Sheet1": [["KPI", "Result"], ["MFA coverage", 91]]})))
    assert not result.usable
    assert any("no quarter" in m and "Quarter column" in m for m in messages(result, "sheet"))


def test_merged_business_unit_cells_apply_to_every_row_they_span(read):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ["Business unit", "Metric", "2026-Q2", "2026-Q3"])
    sheet.merge_range("A2:A3", "Card Payments")
    sheet.write_row(1, 1, ["MFA coverage", 90, 93])
    sheet.write_row(2, 1, ["EDR coverage", 85, 88])
    book.close()
    result = read(("merged.xlsx", buffer.getvalue()))
    assert values(result, "edr_coverage_pct", "Card Payments") == {"2026-Q2": 85, "2026-Q3": 88}


def test_blank_columns_and_rows_are_skipped_and_stray_cells_reported(read):
    data = make_xlsx(
        {
            "KPIs": [
                [None, None, None],
                [None, "Metric", None, "2026-Q3", None],
                [None, "MFA coverage", None, 95],
                [],
                [None, "EDR coverage", None, 90, None, "see note"],
                [None, None, None, 42],
            ]
        }
    )
    result = read(("k.xlsx", data))
    assert values(result, "mfa_coverage_pct") == {"2026-Q3": 95}
    assert values(result, "edr_coverage_pct") == {"2026-Q3": 90}
    assert "column F (no header): F5" in result.files[0].sheets[0].ignored
    assert any("without a metric name" in m and "D6" in m for m in messages(result, "value"))


def test_percent_values_in_each_written_form(read):
    data = (
        "Quarter,Metric,Value,Unit\n"
        "2026-Q1,MFA coverage,0.87,\n"
        "2026-Q2,MFA coverage,0.9,\n"
        "2026-Q1,EDR coverage,87,%\n"
        "2026-Q2,EDR coverage,87%,\n"
        "2026-Q1,Patch compliance,0.5,%\n"
        "2026-Q2,Patch compliance,92,%\n"
        "2026-Q1,Backup success rate,0.97,ratio\n"
    )
    result = read(("p.csv", data))
    assert values(result, "mfa_coverage_pct") == pytest.approx({"2026-Q1": 87, "2026-Q2": 90})
    assert values(result, "edr_coverage_pct") == {"2026-Q1": 87, "2026-Q2": 87}
    # A series mixing 0.5 and 92 is already in percent: 0.5 stays 0.5 %.
    assert values(result, "patch_compliance_pct") == {"2026-Q1": 0.5, "2026-Q2": 92}
    assert values(result, "backup_success_pct") == pytest.approx({"2026-Q1": 97})
    assert any("written as fractions" in m for m in messages(result, "scaling"))


def test_impossible_values_are_rejected_naming_the_cell(read):
    data = (
        "Quarter,Metric,Value\n"
        "2026-Q3,EDR coverage,250\n"
        "2026-Q3,Critical vulns open >30 days,-4\n"
        "2026-Q3,Mean time to detect,lots\n"
        "2026-Q3,MFA coverage,96\n"
    )
    result = read(("bad.csv", data))
    assert [o.metric_id for o in result.observations] == ["mfa_coverage_pct"]
    by_cell = {w.source.cell: w.message for w in result.warnings if w.kind == "value"}
    assert "250 % is outside 0-100 %" in by_cell["C2"]
    assert "negative" in by_cell["C3"]
    assert "'lots' is not a number" in by_cell["C4"]


def test_hours_and_days_are_converted_to_the_metric_unit(read):
    data = "Quarter,Metric,Value\n2026-Q3,Mean time to detect,2 days\n2026-Q2,Mean time to detect,30 hrs\n"
    result = read(("t.csv", data))
    assert values(result, "mttd_hours") == {"2026-Q3": 48, "2026-Q2": 30}


def test_an_unreadable_period_in_a_long_table_names_its_cell(read):
    data = "Quarter,Metric,Value\nlast quarter,MFA coverage,95\n2026-Q3,MFA coverage,96\n"
    result = read(("t.csv", data))
    assert values(result, "mfa_coverage_pct") == {"2026-Q3": 96}
    period = next(w for w in result.warnings if w.kind == "period")
    assert period.source.cell == "A2" and "'last quarter' is not a quarter" in period.message


def test_conflicting_values_are_reported_with_both_cells_and_the_first_kept(read):
    first = "Quarter,Metric,Value\n2026-Q3,MFA coverage,95\n"
    second = "Quarter,Metric,Value\n2026-Q3,MFA coverage,91\n2026-Q3,EDR coverage,90\n"
    again = "Quarter,Metric,Value\n2026-Q3,EDR coverage,90\n"
    result = read(("a.csv", first), ("b.csv", second), ("c.csv", again))
    assert values(result, "mfa_coverage_pct") == {"2026-Q3": 95}
    conflict = messages(result, "conflict")
    assert len(conflict) == 1
    assert "a.csv, cell C2" in conflict[0] and "b.csv, cell C2" in conflict[0]
    assert "the first (95) is kept" in conflict[0]
    assert len(messages(result, "duplicate")) == 1
    assert len(values(result, "edr_coverage_pct")) == 1


def test_the_same_metric_in_different_business_units_is_no_conflict(read):
    data = "Quarter,BU,Metric,Value\n2026-Q3,A,MFA coverage,95\n2026-Q3,B,MFA coverage,80\n"
    result = read(("u.csv", data))
    assert not messages(result, "conflict")
    assert len(result.observations) == 2


def test_a_rejected_value_does_not_stop_fractions_being_read_as_percentages(read):
    data = "Quarter,Metric,Value\n2026-Q1,EDR coverage,0.91\n2026-Q2,EDR coverage,250\n2026-Q3,EDR coverage,0.93\n"
    result = read(("f.csv", data))
    assert values(result, "edr_coverage_pct") == pytest.approx({"2026-Q1": 91, "2026-Q3": 93})
    assert any("250 % is outside 0-100 %" in m for m in messages(result, "value"))


def test_a_series_mixing_fractions_and_percentages_is_flagged(read):
    result = read(
        ("f.csv", "Quarter,Metric,Value\n2026-Q1,EDR coverage,0.5\n2026-Q2,EDR coverage,92\n")
    )
    assert values(result, "edr_coverage_pct") == {"2026-Q1": 0.5, "2026-Q2": 92}
    assert any("mixes values such as 0.5 and 92" in m for m in messages(result, "scaling"))


def test_a_percent_format_on_a_text_cell_changes_nothing(read):
    data = make_xlsx(
        {"KPIs": [["Metric", "2026-Q2", "2026-Q3"], ["EDR coverage", "250", 0.95]]},
        percent={("KPIs", "B2"), ("KPIs", "C2")},
    )
    result = read(("k.xlsx", data))
    assert values(result, "edr_coverage_pct") == pytest.approx({"2026-Q3": 95})
    assert any("250 % is outside 0-100 %" in m for m in messages(result, "value"))
