"""A second set of exports written by a helper who had not read the code (Power BI, a GRC
KRI register, a CISO's two-row-header board sheet; tests/data/vendor_exports): what they
showed up is pinned here."""

from pathlib import Path

import pytest
import yaml

from reporting.ingest import ingest_paths

HERE = Path(__file__).resolve().parents[2] / "data" / "vendor_exports"
KEY = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))


def _read(name: str, **options):
    return ingest_paths([HERE / name], **options)


def _value(result, **where) -> float | None:
    found = [
        o.value
        for o in result.observations
        if all(getattr(o, k) == v if k != "cell" else o.source.cell == v for k, v in where.items())
    ]
    assert len(found) <= 1, where
    return found[0] if found else None


@pytest.mark.parametrize("name", sorted(KEY))
def test_no_label_is_taken_for_the_wrong_metric_and_quarters_and_units_are_right(name):
    result = _read(name)
    expected = {label: None if m == "none" else m for label, m in KEY[name]["labels"].items()}
    used = {m.label: m.metric_id for f in result.files for s in f.sheets for m in s.mappings}
    assert {k: v for k, v in used.items() if v and expected.get(k) != v} == {}
    quarters = KEY[name]["quarters"]
    assert result.periods == sorted(quarters.values() if isinstance(quarters, dict) else quarters)
    units = [u for u in KEY[name]["business_units"] if u != "Group"]  # one entity: none named
    assert result.business_units == sorted(units)


def test_a_kri_register_reads_its_name_column_not_its_ids():
    result = _read("grc_register.xlsx")
    columns = {c.header: c.role for c in result.files[0].sheets[0].columns}
    assert columns["KRI Name"] == "metric" and columns["KRI ID"] is None
    assert columns["Green Threshold"] == "target"
    assert _value(result, cell="E2") == 93.5  # written '93.5%' as text
    assert _value(result, cell="E20") == 88.4


def test_quarters_under_a_merged_year_and_footnote_marks_are_read():
    result = _read("board_pack_input.xlsx")
    assert _value(result, cell="F6") == 96.2  # 'MFA coverage¹', 0.962 in a % format
    assert _value(result, cell="C8") == 22  # 'Critical vulnerabilities overdue²', Q1 FY2026
    labels = {o.label: o.period_label for o in result.observations if o.source.cell == "C8"}
    assert labels == {"Critical vulnerabilities overdue²": "Q1 FY2026"}
    assert not [w for w in result.warnings if "'n/a*' is not a number" in w.message]


def test_a_power_bi_export_with_day_first_dates_and_thousands_reads_its_values():
    result = _read("powerbi_export.csv")
    assert _value(result, label="High Vulns Open", business_unit="EMEA", period="2025-Q3") == 1204
    assert _value(
        result, label="Patch Compliance %", business_unit="Americas", period="2026-Q2"
    ) == pytest.approx(91.1)
