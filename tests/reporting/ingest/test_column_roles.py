"""Column headers are read by the vocabulary in `reporting/catalog/headers.yaml`."""

from pathlib import Path

import pytest
import yaml

from reporting.catalog.headers import HEADERS_PATH, load_headers
from reporting.ingest import layout
from tests.conftest import messages, values

BUNDLED = [(role, word) for role, words in load_headers().roles.items() for word in words]


@pytest.mark.parametrize(("role", "word"), BUNDLED, ids=[f"{r}:{w}" for r, w in BUNDLED])
def test_every_word_names_its_role_whole_or_followed_by_more(role: str, word: str) -> None:
    assert layout.column_role(word) == role
    assert layout.column_role(f"  {word.upper()}: ") == role
    assert layout.column_role(f"{word.title()} (Q3, see note)") == role


@pytest.mark.parametrize("header", [None, "", "   ", 2026, 0.5, "Colour", "Q3 FY26", "---"])
def test_other_headers_name_no_role(header: object) -> None:
    assert layout.column_role(header) is None


@pytest.fixture
def german_headers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The bundled vocabulary plus German words, in place for the test only."""
    data = yaml.safe_load(HEADERS_PATH.read_text(encoding="utf-8"))
    for role, word in {"metric": "Kennzahl", "period": "Zeitraum", "value": "Wert"}.items():
        data["roles"][role].append(word)
    path = tmp_path / "headers.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(layout, "load_headers", lambda: load_headers(path))
    layout._role_by_words.cache_clear()
    yield
    layout._role_by_words.cache_clear()


def test_a_word_added_to_the_yaml_is_read_without_a_code_change(read, german_headers) -> None:
    result = read(("de.csv", "Zeitraum,Kennzahl,Wert\n2026-Q3,MFA coverage,95\n"))
    assert result.files[0].sheets[0].layout == "long"
    assert values(result, "mfa_coverage_pct") == {"2026-Q3": 95}


# A long export whose unit column header varies: every unit's values must survive.
_UNITS = ("Card Payments", "E-commerce", "Corporate IT")


def _long_csv(unit_header: str) -> str:
    rows = [f"Quarter,{unit_header},Metric,Value"]
    for quarter in ("2026-Q2", "2026-Q3"):
        for i, unit in enumerate(_UNITS):
            rows.append(f"{quarter},{unit},Critical vulnerabilities open past SLA,{10 + i}")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize(
    "header",
    [
        "business_unit",
        "businessUnit",
        "Business Unit",
        "BU",
        "bu",
        "Entity",
        "segment",
        "Legal entity",
    ],
)
def test_every_unit_keeps_its_values_whatever_the_unit_column_is_called(read, header):
    result = read(("export.csv", _long_csv(header)))
    units = {o.business_unit for o in result.observations}
    assert units == set(_UNITS)
    assert len(result.observations) == 6
    assert not [w for w in result.warnings if w.kind == "conflict"]


def test_an_unknown_header_over_unit_names_is_read_as_the_unit_and_said_so(read):
    result = read(("export.csv", _long_csv("Owning Org")))
    assert {o.business_unit for o in result.observations} == set(_UNITS)
    assert not [w for w in result.warnings if w.kind == "conflict"]
    note = next(w for w in result.warnings if w.kind == "assumption")
    assert "column B 'Owning Org' was read as the business unit" in note.message


def test_a_notes_column_is_never_taken_for_a_unit(read):
    csv = "Quarter,Metric,Value,Remarks from the team\n2026-Q3,MFA coverage,95,checked\n"
    result = read(("export.csv", csv))
    assert [o.business_unit for o in result.observations] == [None]
    assert not [w for w in result.warnings if w.kind == "assumption"]


def test_a_scanner_export_in_field_names_keeps_every_asset_group(read):
    # As a vulnerability scanner exports it: snake_case fields, the unit as asset_group.
    rows = ["reporting_period,asset_group,metric_name,metric_value,unit,scanner"]
    for quarter in ("2026-Q2", "2026-Q3"):
        for i, group in enumerate(("Payments", "Retail", "Corporate IT")):
            rows.append(f"{quarter},{group},critical_vulns_open,{12 + i},count,Tenable")
            rows.append(f"{quarter},{group},critical_vulns_past_sla,{3 + i},count,Tenable")
    result = read(("tenable.csv", "\n".join(rows) + "\n"))
    assert len(result.observations) == 12
    assert {o.metric_id for o in result.observations} == {
        "vuln_critical_open",
        "vuln_critical_overdue",
    }
    assert {o.business_unit for o in result.observations} == {"Payments", "Retail", "Corporate IT"}
    assert not [w for w in result.warnings if w.kind == "conflict"]


def test_an_edr_host_group_is_read_as_the_unit_from_its_content(read):
    rows = ["Period,Host Group,Metric,Value,Source"]
    for quarter in ("Q2 2026", "Q3 2026"):
        for group in ("Payments", "Retail", "Corporate"):
            rows.append(f"{quarter},{group},MFA coverage,94,Okta")
    result = read(("falcon.csv", "\n".join(rows) + "\n"))
    assert {o.business_unit for o in result.observations} == {"Payments", "Retail", "Corporate"}
    assert any("'Host Group' was read as the business unit" in w.message for w in result.warnings)


LONG = (
    "Period,Entity,KPI,Figure,Remarks,Value\n"
    "2026-Q3,Retail,MFA coverage,95,checked,x\n"
    "2026-Q3,Payments,MFA coverage,91,,y\n"
)


def _columns(result):
    return {c.header: (c.role, c.how) for c in result.files[0].sheets[0].columns}


def test_each_column_is_reported_with_its_role_and_what_decided_it(read):
    result = read(("long.csv", LONG))
    assert _columns(result) == {
        "Period": ("period", "header"),
        "Entity": ("business_unit", "header"),
        "KPI": ("metric", "header"),
        "Figure": ("value", "header"),
        "Remarks": ("notes", "header"),
        "Value": (None, "header"),  # a second value column, left out and said so
    }
    assert any("column F 'Value' (a second value column)" in n for n in messages(result))


def test_a_role_the_user_chose_wins_over_the_header_and_is_matched_as_headers_are(read):
    # The user says the values are in the column headed "Value", and "figure" (any case,
    # any spacing) is not used; "remarks" is left out.
    result = read(
        ("long.csv", LONG), columns={"value": "value", "  FIGURE ": "ignore", "Remarks": "ignore"}
    )
    assert _columns(result)["Value"] == ("value", "choice")
    assert _columns(result)["Figure"] == (None, "choice")
    assert _columns(result)["Remarks"] == (None, "choice")
    # "Value" holds text, so nothing is read as a number: said so, never a guess.
    assert not result.observations
    assert "Left out: column D 'Figure' (left out, as you chose)." in messages(result)
    assert "'MFA coverage' (2026-Q3): 'x' is not a number; the value was not used." in messages(
        result
    )


def test_a_column_left_out_by_choice_is_never_taken_as_the_unit_by_its_content(read):
    text = "Quarter,Metric,Value,Ledger\n2026-Q3,MFA coverage,95,A\n2026-Q3,MFA coverage,91,B\n"
    assert _columns(read(("a.csv", text)))["Ledger"] == ("business_unit", "content")
    chosen = read(("a.csv", text), columns={"Ledger": "ignore"})
    assert _columns(chosen)["Ledger"] == (None, "choice")
    assert any(w.kind == "conflict" for w in chosen.warnings)


def test_a_header_that_names_a_role_whole_wins_over_one_that_starts_with_its_word(read):
    text = (
        "quarter,kpi_name,source_system,kpi_value,comments\n"
        "2026-Q3,MFA coverage,Okta,95,after the migration\n"
    )
    result = read(("bi.csv", text))
    assert _columns(result)["comments"] == ("notes", "header")
    assert _columns(result)["source_system"] == (None, "header")
    assert [o.note for o in result.observations] == ["after the migration"]


def test_labels_that_differ_only_by_spaces_still_tell_the_unit_column_apart(read):
    from tests.conftest import make_xlsx

    data = make_xlsx(
        {
            "S": [
                ["Metric", "Quarter", "Value", "Grp"],
                ["MFA coverage", "2026-Q3", 95, "Retail"],
                ["MFA coverage ", "2026-Q3", 80, "Payments"],
                ["EDR coverage", "2026-Q3", 90, "Retail"],
                ["EDR coverage", "2026-Q4", 70, "Payments"],
            ]
        }
    )
    result = read(("a.xlsx", data))
    assert _columns(result)["Grp"] == ("business_unit", "content")
    assert len(result.observations) == 4


def test_a_numeric_header_can_be_given_a_role(read):
    text = "Quarter,Metric,Value,2025\n2026-Q3,MFA coverage,95,A\n2026-Q3,MFA coverage,91,B\n"
    assert _columns(read(("a.csv", text)))["2025"] == ("business_unit", "content")
    assert _columns(read(("a.csv", text), columns={"2025": "ignore"}))["2025"] == (None, "choice")
