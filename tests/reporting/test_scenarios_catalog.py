"""The bundled risk scenario catalog and the metric phrases board prose is built from.

Scenarios: the ids the engine and the sample context rely on, drivers that exist and make
sense, money that is sane for the sample company, board-readable words, and a loader that
names what is wrong with a bad file. Phrases: every metric reads naturally after its value.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from reporting.board.words import format_value
from reporting.catalog import Catalog, load_catalog
from reporting.catalog.scenarios import (
    SCENARIOS_PATH,
    Scenario,
    ScenarioCatalog,
    load_scenarios,
)
from reporting.translate.wording import what_could_happen

SCENARIO_IDS = {
    "ransomware", "data_breach", "payment_fraud", "third_party", "cloud_exposure",
    "insider_misuse", "service_outage", "regulatory_penalty",
}  # fmt: skip

# Metrics the sample company reports per business unit: each must drive some scenario, or
# the per-unit ranking ignores it.
PER_UNIT_METRICS = {
    "vuln_critical_open", "vuln_critical_overdue", "vuln_high_open", "vuln_high_overdue",
    "vuln_medium_overdue", "kev_open", "internet_facing_critical", "patch_compliance_pct",
    "edr_coverage_pct", "mfa_coverage_pct", "cloud_critical_misconfig",
    "encryption_coverage_pct",
}  # fmt: skip

DATA_CLASSES = {
    "payment_card", "health", "personal", "financial", "intellectual_property",
    "credentials", "employee", "children", "government", "operational_technology",
}  # fmt: skip

# The sample company (sample_data/context.yaml) and the sane band for one scenario's
# expected annual loss when every driving metric meets its target.
REVENUE = 750_000_000
MIN_ANNUAL_LOSS = 50_000
MAX_ANNUAL_LOSS = 10_000_000
Z90 = 1.2815515655446004  # standard normal 90th percentile

ACRONYM = re.compile(r"\b[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z]*\b")  # MFA, KEV, DDoS, IT


@pytest.fixture(scope="module")
def scenarios() -> ScenarioCatalog:
    return load_scenarios()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _by_id(scenarios: ScenarioCatalog, scenario_id: str) -> Scenario:
    scenario = scenarios.get(scenario_id)
    assert scenario is not None, f"no scenario {scenario_id!r}"
    return scenario


def _mean_loss_share(scenario: Scenario) -> float:
    """Mean of the lognormal whose 10th and 90th percentiles are p10 and p90."""
    low, high = math.log(scenario.magnitude.p10), math.log(scenario.magnitude.p90)
    mu, sigma = (low + high) / 2, (high - low) / (2 * Z90)
    return math.exp(mu + sigma**2 / 2)


def expected_annual_loss(scenario: Scenario, revenue: float = REVENUE) -> float:
    """Loss a year at target controls: the most likely frequency times the mean loss."""
    return scenario.frequency.mode * _mean_loss_share(scenario) * revenue


# ---------------------------------------------------------------- bundled scenarios


def test_the_eight_scenarios_are_present_once(scenarios: ScenarioCatalog) -> None:
    assert set(scenarios.ids) == SCENARIO_IDS
    assert len(scenarios.ids) == len(SCENARIO_IDS)


def test_bundled_file_is_the_default(scenarios: ScenarioCatalog) -> None:
    assert load_scenarios() is scenarios
    assert load_scenarios(SCENARIOS_PATH).ids == scenarios.ids


def test_drivers_exist_and_are_sensible(scenarios: ScenarioCatalog, catalog: Catalog) -> None:
    for scenario in scenarios.scenarios:
        metrics = [driver.metric for driver in scenario.drivers]
        assert 4 <= len(metrics) <= 8, f"{scenario.id} has {len(metrics)} drivers"
        assert len(metrics) == len(set(metrics)), f"{scenario.id} repeats a driver"
        for driver in scenario.drivers:
            assert driver.metric in catalog, f"{scenario.id}: unknown metric {driver.metric}"
            assert 0 < driver.weight <= 5, f"{scenario.id}: {driver.metric}"


def test_every_per_unit_metric_drives_a_scenario(scenarios: ScenarioCatalog) -> None:
    used = {driver.metric for scenario in scenarios.scenarios for driver in scenario.drivers}
    assert not PER_UNIT_METRICS - used, f"never a driver: {sorted(PER_UNIT_METRICS - used)}"


def test_overdue_medium_and_high_findings_drive_a_data_breach(
    scenarios: ScenarioCatalog,
) -> None:
    """A medium finding past deadline on the card-payments unit must count."""
    weights = {d.metric: d.weight for d in _by_id(scenarios, "data_breach").drivers}
    assert weights.get("vuln_medium_overdue", 0) >= 2, f"data_breach drivers: {weights}"
    assert weights.get("vuln_high_overdue", 0) >= 2, f"data_breach drivers: {weights}"


@pytest.mark.parametrize("scenario_id", sorted(SCENARIO_IDS))
def test_expected_annual_loss_at_target_is_sane(
    scenarios: ScenarioCatalog, scenario_id: str
) -> None:
    scenario = _by_id(scenarios, scenario_id)
    loss = expected_annual_loss(scenario)
    assert MIN_ANNUAL_LOSS <= loss <= MAX_ANNUAL_LOSS, (
        f"{scenario_id}: {loss:,.0f} USD a year for a {REVENUE:,} USD company"
    )
    # A single event at the 90th percentile stays below 5% of revenue, and the frequency
    # range is a range of rare events, not a daily occurrence.
    assert scenario.magnitude.p90 <= 0.05, scenario_id
    assert scenario.frequency.high <= 2, scenario_id


def test_total_loss_at_target_and_ransomware_in_low_millions(
    scenarios: ScenarioCatalog,
) -> None:
    total = sum(expected_annual_loss(s) for s in scenarios.scenarios)
    assert total <= 0.01 * REVENUE, f"{total:,.0f} USD a year across all scenarios"
    assert 200_000 <= expected_annual_loss(_by_id(scenarios, "ransomware")) <= 3_000_000


def test_expected_loss_formula_matches_a_hand_computed_case() -> None:
    """Guards the helper itself: p10 0.002, p90 0.03 gives a mean share of ~1.35%."""
    scenario = Scenario.model_validate(
        _good_scenario(frequency={"low": 0.03, "mode": 0.1, "high": 0.4})
    )
    assert _mean_loss_share(scenario) == pytest.approx(0.01353, rel=1e-3)
    assert expected_annual_loss(scenario) == pytest.approx(1_015_000, rel=1e-3)


def test_words_are_board_ready(scenarios: ScenarioCatalog) -> None:
    for scenario in scenarios.scenarios:
        text = scenario.what_could_happen
        assert text.count("{where}") == 1, scenario.id
        for units in (["Card Payments"], ["Card Payments", "E-commerce"]):
            sentence = what_could_happen(text, units)
            assert sentence[0].isupper() and sentence.endswith("."), scenario.id
            assert ". " not in sentence[:-1], f"{scenario.id}: more than one sentence"
            assert not ACRONYM.search(sentence), f"{scenario.id}: acronym in {sentence!r}"
            assert "  " not in sentence and "{" not in sentence, scenario.id
        assert scenario.title[0].isupper() and not scenario.title.endswith("."), scenario.id
        remedy = scenario.remedy
        assert remedy[0].islower() and not remedy.endswith("."), f"{scenario.id}: {remedy!r}"
        assert not ACRONYM.search(remedy), f"{scenario.id}: acronym in {remedy!r}"


def test_impact_and_data_classes_are_known(scenarios: ScenarioCatalog) -> None:
    for scenario in scenarios.scenarios:
        assert scenario.impact_types, scenario.id
        assert len(set(scenario.impact_types)) == len(scenario.impact_types), scenario.id
        unknown = set(scenario.sensitive_data) - DATA_CLASSES
        assert not unknown, f"{scenario.id}: unknown data classes {sorted(unknown)}"
    breach = _by_id(scenarios, "data_breach")
    assert {"payment_card", "personal"} <= set(breach.sensitive_data)
    assert breach.regulated and _by_id(scenarios, "regulatory_penalty").regulated


# ---------------------------------------------------------------- loader errors


def _good_scenario(**changes: object) -> dict:
    scenario = {
        "id": "ransomware",
        "title": "Ransomware disrupting operations",
        "what_could_happen": "Criminals lock up the systems of {where} and halt trading.",
        "impact_types": ["operational", "financial"],
        "drivers": [
            {"metric": "edr_coverage_pct", "weight": 3},
            {"metric": "restore_test_success_pct", "weight": 2},
        ],
        "frequency": {"low": 0.02, "mode": 0.06, "high": 0.3},
        "magnitude": {"p10": 0.002, "p90": 0.03},
        "remedy": "close the endpoint-protection gaps",
    }
    return {**scenario, **changes}


def _write(tmp_path: Path, scenarios: list[dict]) -> Path:
    path = tmp_path / "scenarios.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "scenarios": scenarios}), encoding="utf-8")
    return path


def test_a_small_valid_file_loads(tmp_path: Path) -> None:
    loaded = load_scenarios(_write(tmp_path, [_good_scenario()]))
    assert loaded.ids == ["ransomware"]
    assert _by_id(loaded, "ransomware").drivers[0].metric == "edr_coverage_pct"


@pytest.mark.parametrize(
    ("scenarios", "expected"),
    [
        pytest.param(
            [
                _good_scenario(
                    drivers=[
                        {"metric": "edr_coverage_pct", "weight": 3},
                        {"metric": "laptops_with_antivirus", "weight": 1},
                    ]
                )
            ],
            r"scenario ransomware: unknown driving metric\(s\) \['laptops_with_antivirus'\]",
            id="unknown metric",
        ),
        pytest.param(
            [_good_scenario(magnitude={"p10": 0.03, "p90": 0.002})],
            r"magnitude needs p10 < p90",
            id="p10 above p90",
        ),
        pytest.param(
            [_good_scenario(magnitude={"p10": 0.01, "p90": 0.01})],
            r"magnitude needs p10 < p90",
            id="p10 equals p90",
        ),
        pytest.param(
            [_good_scenario(what_could_happen="Criminals halt trading.")],
            r"scenario ransomware: what_could_happen needs a \{where\}",
            id="missing where",
        ),
        pytest.param(
            [_good_scenario(what_could_happen="Criminals lock up {where} and {hold}.")],
            r"\{hold\} is neither \{where\} nor a \{one\|many\} choice",
            id="unknown placeholder",
        ),
        pytest.param(
            [_good_scenario(frequency={"low": 0.5, "mode": 0.1, "high": 0.4})],
            r"frequency needs low <= mode <= high",
            id="frequency out of order",
        ),
        pytest.param(
            [_good_scenario(), _good_scenario(title="Again")],
            r"scenario ids must be unique",
            id="duplicate id",
        ),
        pytest.param(
            [_good_scenario(drivers=[{"metric": "edr_coverage_pct", "weight": 0}] * 2)],
            r"weight[\s\S]*greater than 0",
            id="zero weight",
        ),
        pytest.param(
            [_good_scenario(impact_types=["operational", "brand"])],
            r"impact_types[\s\S]*'legal_regulatory'[\s\S]*brand",
            id="unknown impact type",
        ),
    ],
)
def test_loader_rejects_a_bad_file_naming_the_problem(
    tmp_path: Path, scenarios: list[dict], expected: str
) -> None:
    with pytest.raises(ValidationError, match=expected):
        load_scenarios(_write(tmp_path, scenarios))


# ---------------------------------------------------------------- metric phrases

SAMPLE_VALUES = {"percent": 95.7, "count": 14, "hours": 22, "days": 18, "ratio": 1.5}
UNIT_WORDS = {
    "percent": ("percent", "%", "per cent"),
    "hours": ("hour", "hours", "h "),
    "days": ("day", "days"),
}


def test_every_metric_has_a_phrase_in_plain_words(catalog: Catalog) -> None:
    for metric in catalog:
        phrase = metric.phrase
        assert phrase, f"{metric.id} has no phrase"
        assert phrase == phrase.strip() and "  " not in phrase, metric.id
        assert phrase[0].islower(), f"{metric.id}: {phrase!r} should continue a sentence"
        assert not phrase.endswith((".", ",", ";", ":")), metric.id
        for acronym in ACRONYM.findall(phrase):
            # Spelled out once, acronym in parentheses after it: "multi-factor ... (MFA)".
            assert f"({acronym})" in phrase, f"{metric.id}: {acronym} not spelled out"
            before = phrase.split(f"({acronym})")[0].split()
            assert len(before) >= 2, f"{metric.id}: {acronym} not spelled out"
        if metric.unit == "percent":
            assert phrase.startswith("of "), f"{metric.id}: '95.7% {phrase}' does not read"
        for word in UNIT_WORDS.get(metric.unit, ()):
            assert not phrase.lower().startswith(word), f"{metric.id}: unit word repeated"


@pytest.mark.parametrize("value_key", ["sample", "one", "fraction"])
def test_describe_reads_as_one_clean_phrase(catalog: Catalog, value_key: str) -> None:
    for metric in catalog:
        value = {"sample": SAMPLE_VALUES[metric.unit], "one": 1, "fraction": 2.5}[value_key]
        text = metric.describe(value)
        assert text.startswith(format_value(value, metric.unit) + " "), text
        assert text == text.strip() and "  " not in text, f"{metric.id}: {text!r}"
        doubled = re.search(r"\b(\w+)\s+\1\b", text, flags=re.IGNORECASE)
        assert not doubled, f"{metric.id}: {doubled.group(0)!r} in {text!r}"
        assert not re.search(r"%\s*(percent|per cent|%)", text), text
        assert not text.startswith(metric.name), f"{metric.id} fell back to its name: {text!r}"


def test_describe_gives_the_board_sentences_we_expect(catalog: Catalog) -> None:
    assert (
        catalog["mfa_coverage_pct"].describe(95.7)
        == "95.7% of user accounts protected by multi-factor authentication (MFA)"
    )
    assert (
        catalog["vuln_high_overdue"].describe(14)
        == "14 high-severity vulnerabilities open past their fix-by date"
    )
    assert catalog["mttd_hours"].describe(22) == "22 hours on average to detect a security incident"
    assert (
        catalog["mttr_critical_days"].describe(1)
        == "1 day on average to fix a critical vulnerability"
    )
