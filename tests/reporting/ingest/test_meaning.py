"""Labels read by meaning: the words of security tools, cues from the label, calibrated trust."""

import csv
from pathlib import Path

import pytest
import yaml

from reporting.catalog import load_catalog
from reporting.catalog.thesaurus import THESAURUS_PATH, Thesaurus
from reporting.ingest.labels import ACCEPT, SURE, LabelMapper, calibrated, normalise

CORPUS = Path(__file__).resolve().parents[2] / "data" / "labels.csv"


@pytest.fixture(scope="module")
def mapper():
    return LabelMapper(load_catalog())


@pytest.mark.parametrize(
    ("label", "metric"),
    [
        ("Hosts with sensor installed %", "edr_coverage_pct"),
        ("Devices onboarded to Defender for Endpoint (%)", "edr_coverage_pct"),
        ("Out-of-support OS count", "unsupported_os_count"),
        ("Criticals aged beyond policy", "vuln_critical_overdue"),
        ("Critical findings past due", "vuln_critical_overdue"),
        ("Crit vulns SLA breached", "vuln_critical_overdue"),
        ("Critical vulns > SLA (#)", "vuln_critical_overdue"),
        ("Avg isolation time (hrs)", "mttc_hours"),
        ("Avg. Dwell Time (hrs)", "mttd_hours"),
        ("Known-exploited CVEs unremediated", "kev_open"),
        ("privMfaPct", "privileged_mfa_pct"),
        ("Admin accts not in PAM (#)", "privileged_accounts_unmanaged"),
        ("Stale accounts not signed in for 90 days", "dormant_accounts"),
        ("SureBackup recovery verification success (%)", "restore_test_success_pct"),
        ("Open audit findings beyond due date", "audit_findings_overdue"),
        ("MFA coverage – workforce (%)", "mfa_coverage_pct"),
    ],
)
def test_the_words_tools_use_are_understood_without_asking(mapper, label, metric):
    match = mapper.match(label)
    assert (match.metric_id, match.method) == (metric, "fuzzy"), match
    assert match.confidence >= ACCEPT


@pytest.mark.parametrize(
    ("label", "not_this"),
    [
        ("Privileged accounts in PAM (%)", "privileged_accounts_unmanaged"),  # opposite, a percent
        ("Users without MFA (count)", "mfa_coverage_pct"),  # a count of the gap
        ("Critical vulns closed this quarter", "vuln_critical_open"),
        ("Security champions (headcount)", "security_champions_pct"),  # people, not a share
        ("MFA enrolment requests", "mfa_coverage_pct"),  # a word no metric explains
        ("Vendor questionnaires issued", "vendors_assessed_pct"),  # not a typo of "issues"
    ],
)
def test_near_misses_are_never_used_as_the_similar_metric(mapper, label, not_this):
    assert mapper.match(label).metric_id != not_this


def test_below_the_bar_the_three_closest_metrics_are_offered_and_nothing_is_used(mapper):
    match = mapper.match("Critical vulnerability backlog (stores)")
    assert match.metric_id is None and match.confidence < ACCEPT
    assert match.alternatives == (
        "vuln_critical_open",
        "vuln_critical_overdue",
        "mttr_critical_days",
    )
    assert match.suggestion == match.alternatives[0]
    # Only metrics that share a word with the label are offered.
    assert mapper.match("EDR rollout progress (stores)").alternatives == ("edr_coverage_pct",)


def test_a_misspelt_word_is_put_right_but_shown_for_a_look(mapper):
    match = mapper.match("Multi-factor authentication coverge")
    assert match.metric_id == "mfa_coverage_pct"
    assert ACCEPT <= match.confidence < SURE and match.needs_a_look


def test_no_dot_means_number_but_a_bare_no_is_a_word():
    assert normalise("No. of critical vulns") == "number of critical vulnerabilities"
    assert normalise("Users with no login") == "users with no login"


def test_confidence_is_monotone_and_bounded():
    scores = [i / 100 for i in range(0, 101)]
    values = [calibrated(s) for s in scores]
    assert values == sorted(values) and values[0] == 0 and values[-1] <= 0.99


def _corpus(split: str) -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["split"] == split]


def test_the_labelled_corpus_is_large_balanced_and_names_only_catalog_metrics():
    rows = _corpus("dev") + _corpus("heldout")
    ids = {m.id for m in load_catalog()}
    assert len(rows) >= 400
    assert sum(r["expected"] == "none" for r in rows) >= 60
    assert {r["expected"] for r in rows} - {"none"} <= ids
    assert len({r["label"].casefold() for r in rows}) == len(rows)


def test_on_the_development_half_no_non_metric_is_used_and_what_is_used_is_right(mapper):
    rows = _corpus("dev")
    used = [(r, mapper.match(r["label"])) for r in rows]
    wrong = [
        (r["label"], m.metric_id) for r, m in used if m.accepted and m.metric_id != r["expected"]
    ]
    assert wrong == []
    metric_rows = [(r, m) for r, m in used if r["expected"] != "none"]
    top1 = sum((m.metric_id or m.suggestion) == r["expected"] for r, m in metric_rows)
    assert top1 / len(metric_rows) >= 0.95


def _thesaurus(**changes) -> dict:
    data = yaml.safe_load(THESAURUS_PATH.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def test_the_thesaurus_refuses_a_phrase_under_two_concepts_and_unknown_concepts():
    data = _thesaurus()
    data["concepts"]["mfa"] = [*data["concepts"]["mfa"], "EDR"]
    with pytest.raises(ValueError, match="phrase 'edr' is listed under both 'mfa' and 'edr'"):
        Thesaurus.model_validate(data)
    with pytest.raises(ValueError, match="exclusive names unknown concept"):
        Thesaurus.model_validate(_thesaurus(exclusive=[["critical", "spicy"]]))
    with pytest.raises(ValueError, match="generic names unknown concept"):
        Thesaurus.model_validate(_thesaurus(generic=["spicy"]))


def test_a_label_in_security_words_is_offered_choices_even_when_its_score_is_low(mapper):
    match = mapper.match("Endpoints missing patches")
    assert match.metric_id is None and match.confidence < 0.3
    assert "patch_compliance_pct" in match.alternatives
    # Words no one knows: nothing is offered.
    assert mapper.match("Coffee machine uptime").alternatives == ()
    # Unknown words beside a subject metrics are about: the closest are still offered.
    unsure = mapper.match("Tier-1 services with successful DR exercise (%)")
    assert unsure.metric_id is None and unsure.suggestion is None
    assert "dr_tested_pct" in unsure.alternatives


@pytest.mark.parametrize(
    ("label", "metric_id"),
    [
        ("Past-due audit issues (security)", "audit_findings_overdue"),
        ("No. of critical findings outside remediation timeframe", "vuln_critical_overdue"),
        ("High-severity findings - remediation due date missed", "vuln_high_overdue"),
        ("Critical vulns: avg. age at closure (days)", "mttr_critical_days"),
        ("Agent deployed & reporting - % of fleet", "edr_coverage_pct"),
        ("Unfixed critical flaws in in-house apps", "appsec_critical_open"),
    ],
)
def test_words_a_second_set_of_exports_used(mapper, label, metric_id):
    assert mapper.match(label).metric_id == metric_id


def test_a_tools_score_is_not_its_coverage(mapper):
    assert mapper.match("Exposure score (Defender)").metric_id is None
