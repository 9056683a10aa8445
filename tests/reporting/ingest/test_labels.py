"""Label mapping: trusted when sure, offered for confirmation when unsure, never forced."""

import pytest

from reporting.catalog import load_catalog
from reporting.ingest.labels import ACCEPT, LabelMapper, normalise


@pytest.fixture(scope="module")
def mapper():
    return LabelMapper(load_catalog())


def test_normalising_spells_out_symbols_and_abbreviations():
    assert (
        normalise("Crit. Vulns  >30 days (#)") == "critical vulnerabilities overdue 30 days number"
    )
    assert normalise("Phish-prone %") == "phish prone percent"


@pytest.mark.parametrize(
    ("label", "metric", "method"),
    [
        ("mfa_coverage_pct", "mfa_coverage_pct", "alias"),
        ("Phish-prone %", "phishing_click_rate_pct", "alias"),
        ("PHISH PRONE %", "phishing_click_rate_pct", "normalised"),
        ("Phish-prone  % ", "phishing_click_rate_pct", "alias"),
        ("phish prone pct", "phishing_click_rate_pct", "normalised"),
        ("Critical vulns open >30 days", "vuln_critical_overdue", "alias"),
    ],
)
def test_known_labels_map_with_full_confidence(mapper, label, metric, method):
    match = mapper.match(label)
    assert (match.metric_id, match.method) == (metric, method)
    assert match.confidence >= 0.97


def test_a_typo_maps_by_fuzzy_matching_with_its_confidence(mapper):
    match = mapper.match("Multi-factor authentication coverge")
    assert match.metric_id == "mfa_coverage_pct"
    assert match.method == "fuzzy" and ACCEPT <= match.confidence < 1


@pytest.mark.parametrize(
    "label", ["Coffee machine uptime", "Office plants watered", "Revenue", "Headcount"]
)
def test_labels_that_are_no_security_metric_stay_unmapped(mapper, label):
    match = mapper.match(label)
    assert match.metric_id is None
    assert match.suggestion is None


def test_a_doubtful_label_is_suggested_but_not_used(mapper):
    match = mapper.match("MFA rollout progress (stores)")
    assert match.metric_id is None
    assert match.suggestion == "mfa_coverage_pct"
    assert match.confidence < ACCEPT


def test_overrides_win_over_aliases_and_can_ignore_a_label():
    mapper = LabelMapper(
        load_catalog(),
        {
            "Laptops with CrowdStrike": "edr_coverage_pct",
            "MFA coverage": "privileged_mfa_pct",
            "coffee machine uptime": "ignore",
        },
    )
    assert mapper.match("Laptops with CrowdStrike").metric_id == "edr_coverage_pct"
    assert mapper.match("laptops with crowdstrike").method == "override"
    assert mapper.match("MFA coverage").metric_id == "privileged_mfa_pct"
    assert mapper.match("Coffee machine uptime").method == "ignored"


def test_ingest_reports_unmapped_and_doubtful_labels_with_their_cells(read):
    data = (
        "Quarter,Metric,Value\n"
        "2026-Q3,Coffee machine uptime,99\n"
        "2026-Q2,Coffee machine uptime,98\n"
        "2026-Q3,MFA rollout progress (stores),80\n"
        "2026-Q3,EDR coverage,90\n"
    )
    result = read(("m.csv", data))
    assert [o.metric_id for o in result.observations] == ["edr_coverage_pct"]
    unmapped = {u.label: u for u in result.unmapped}
    assert unmapped["Coffee machine uptime"].rows == 2
    assert unmapped["Coffee machine uptime"].source.cell == "B2"
    assert unmapped["Coffee machine uptime"].suggestion is None
    assert unmapped["MFA rollout progress (stores)"].suggestion == "mfa_coverage_pct"
    mappings = {m.label: m for m in result.files[0].sheets[0].mappings}
    assert mappings["MFA rollout progress (stores)"].needs_confirmation


def test_mapping_overrides_flow_through_ingest_and_bad_targets_are_reported(read):
    data = "Quarter,Metric,Value\n2026-Q3,Laptops with CrowdStrike,93\n2026-Q3,Coffee machine uptime,99\n"
    result = read(
        ("m.csv", data),
        mappings={
            "Laptops with CrowdStrike": "edr_coverage_pct",
            "Coffee machine uptime": "ignore",
            "Widgets": "widget_count",
        },
    )
    assert [o.metric_id for o in result.observations] == ["edr_coverage_pct"]
    assert not result.unmapped
    notes = [w.message for w in result.warnings if w.kind == "mapping"]
    assert any("'widget_count', which is not a catalog metric" in n for n in notes)
    assert any("'Coffee machine uptime' is set to be ignored" in n for n in notes)


@pytest.mark.parametrize(
    ("label", "metric"),
    [
        ("Crit vulns >30d", "vuln_critical_overdue"),
        ("High vulns older than 60 days", "vuln_high_overdue"),
        ("Critical vulnerabilities beyond SLA", "vuln_critical_overdue"),
    ],
)
def test_age_qualifiers_mean_overdue_never_open(mapper, label, metric):
    match = mapper.match(label)
    assert match.metric_id == metric or match.suggestion == metric


def test_fuzzy_matches_are_used_but_shown_for_a_look(read):
    result = read(
        ("m.csv", "Quarter,Metric,Value\n2026-Q3,Multi-factor authentication coverge,95\n")
    )
    assert [o.metric_id for o in result.observations] == ["mfa_coverage_pct"]
    assert result.files[0].sheets[0].mappings[0].needs_confirmation


def test_field_names_are_read_as_their_words_but_brand_names_are_not_split():
    mapper = LabelMapper(load_catalog(), {"Laptops with CrowdStrike": "edr_coverage_pct"})
    for label in ("critical_vulns_open", "criticalVulnsOpen"):
        assert mapper.match(label).metric_id == "vuln_critical_open", label
    assert mapper.match("critical_vulns_past_sla").metric_id == "vuln_critical_overdue"
    assert mapper.match("laptops with crowdstrike").method == "override"
