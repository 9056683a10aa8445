"""Formats: xls, ods, csv/tsv/txt in several encodings, delimiters and decimal commas."""

import pytest

from tests.conftest import FIXTURES, values


@pytest.mark.parametrize("fixture", ["legacy_kpis.xls", "legacy_kpis.ods"])
def test_legacy_and_open_document_workbooks_read_like_xlsx(read, fixture):
    result = read((fixture, (FIXTURES / fixture).read_bytes()))
    assert result.files[0].ok, result.files[0].error
    # One quarter per sheet: the period comes from the sheet name "Q3 2026".
    assert values(result, "mfa_coverage_pct") == {"2026-Q3": pytest.approx(93)}
    assert values(result, "mttd_hours") == {"2026-Q3": 30}
    mfa = next(o for o in result.observations if o.metric_id == "mfa_coverage_pct")
    assert mfa.source.sheet == "Q3 2026" and mfa.source.cell == "B4"
    assert mfa.target == pytest.approx(98)
    assert mfa.owner == "IAM lead"


LONG = "Quarter,Business Unit,Metric,Value\n2026-Q3,Payments,MFA coverage,95.5\n2026-Q3,Payments,Critical vulns open >30 days,4\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.csv", LONG.encode("utf-8")),
        ("bom.csv", LONG.encode("utf-8-sig")),
        ("utf16.csv", LONG.encode("utf-16")),
        ("latin1.csv", LONG.replace("Payments", "Paiements é").encode("cp1252")),
        ("semi.csv", LONG.replace(",", ";").replace("95.5", "95,5").encode()),
        ("tabs.tsv", LONG.replace(",", "\t").encode()),
        ("pipes.txt", LONG.replace(",", "|").encode()),
    ],
)
def test_delimited_text_in_any_common_encoding_and_delimiter(read, name, data):
    result = read((name, data))
    assert result.files[0].ok, result.files[0].error
    mfa = next(o for o in result.observations if o.metric_id == "mfa_coverage_pct")
    assert mfa.value == pytest.approx(95.5)
    assert mfa.business_unit.startswith(("Payments", "Paiements"))
    assert mfa.source.cell == "D2" and mfa.source.sheet is None
    assert result.files[0].sheets[0].layout == "long"


def test_quoted_fields_with_delimiters_inside(read):
    data = 'Quarter,Metric,Value,Notes\n2026-Q3,MFA coverage,"1,234","checked, twice"\n'
    result = read(("q.csv", data))
    # 1,234 % is impossible, and is said to be so rather than read as 1.234.
    assert not result.observations
    assert any("1234 % is outside 0-100 %" in w.message for w in result.warnings)
