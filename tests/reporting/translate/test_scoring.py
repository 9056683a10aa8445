"""Properties of the risk scoring the board relies on."""

import itertools

import pytest

from reporting.context import load_context
from reporting.translate import build_report, scoring
from tests.reporting.translate.conftest import obs, result_of


def test_likelihood_never_falls_as_weakness_rises():
    levels = [scoring.likelihood(w / 100) for w in range(101)]
    assert levels == sorted(levels)
    assert levels[0] == 1 and levels[-1] == 5


@pytest.mark.parametrize(
    ("data", "regulated", "revenue"),
    list(itertools.product([0.0, 0.5, 1.0], [False, True], [None, 10e6, 750e6, 5e9])),
)
def test_raising_criticality_never_lowers_impact(data, regulated, revenue):
    impacts = [
        scoring.impact(c, data=data, regulated=regulated, annual_revenue=revenue)
        for c in range(1, 6)
    ]
    assert impacts == sorted(impacts)
    assert all(1 <= i <= 5 for i in impacts)


def test_scores_map_to_ratings_and_appetite_names_the_highest_rating_accepted():
    assert [scoring.rating(s) for s in (1, 5, 6, 10, 12, 16, 20, 25)] == [
        "low",
        "low",
        "moderate",
        "moderate",
        "high",
        "high",
        "critical",
        "critical",
    ]
    for score in range(1, 26):
        rated = scoring.rating(score)
        for appetite in ("low", "moderate", "high"):
            order = ["low", "moderate", "high", "critical"]
            expected = order.index(rated) <= order.index(appetite)
            assert scoring.within_appetite(score, appetite, 0, None) is expected
    assert not scoring.within_appetite(6, "high", 6e6, 5e6)  # over the loss tolerance


def test_impossible_inputs_are_rejected():
    with pytest.raises(ValueError, match="criticality"):
        scoring.impact(6, data=0, regulated=False, annual_revenue=None)
    with pytest.raises(ValueError, match="weakness"):
        scoring.likelihood(1.5)


CONTEXT = load_context(
    """
organization: {name: Test Co, annual_revenue: 500000000, currency: USD}
business_units:
  - {name: Payments, criticality: 5, data: [payment_card, personal], regulations: [PCI DSS 4.0]}
  - {name: Sandbox, criticality: 1, data: []}
frameworks: [PCI DSS 4.0]
"""
)


def _score(report, unit, scenario):
    return next(r.score for r in report.risks if r.business_unit == unit and r.scenario == scenario)


@pytest.mark.parametrize(
    ("metric_id", "values"),
    [
        ("vuln_medium_overdue", [0, 5, 10, 20, 40, 80]),
        ("vuln_high_overdue", [0, 3, 8, 15, 30]),
        ("mfa_coverage_pct", [100, 97, 94, 90, 70, 40]),
        ("edr_coverage_pct", [100, 96, 92, 85, 60]),
    ],
)
def test_a_driving_metric_made_worse_never_lowers_any_risk(metric_id, values):
    baseline = [
        obs("vuln_critical_overdue", 2, unit="Payments"),
        obs("patch_compliance_pct", 93, unit="Payments"),
    ]
    previous_scores: dict[str, int] = {}
    for value in values:
        report = build_report(
            result_of(*baseline, obs(metric_id, value, unit="Payments")), CONTEXT, trials=500
        )
        scores = {r.id: r.score for r in report.risks}
        for risk_id, score in previous_scores.items():
            assert scores[risk_id] >= score, (metric_id, value, risk_id)
        previous_scores = scores


def test_medium_findings_on_the_payment_unit_outrank_critical_ones_on_the_sandbox():
    report = build_report(
        result_of(
            obs("vuln_medium_overdue", 25, unit="Payments"),
            obs("vuln_high_overdue", 0, unit="Payments"),
            obs("vuln_critical_overdue", 0, unit="Payments"),
            obs("vuln_critical_overdue", 40, unit="Sandbox"),
            obs("vuln_critical_open", 60, unit="Sandbox"),
            obs("vuln_medium_overdue", 2, unit="Sandbox"),
        ),
        CONTEXT,
        trials=2000,
    )
    payments = [r for r in report.unit_risks if r.business_unit == "Payments"]
    sandbox = [r for r in report.unit_risks if r.business_unit == "Sandbox"]
    assert payments and sandbox
    best_payment = min(r.rank for r in payments)
    assert best_payment < min(r.rank for r in sandbox)
    top = report.unit_risks[0]
    assert top.business_unit == "Payments"
    assert any(d.metric_id == "vuln_medium_overdue" for d in top.drivers)
    # The register's row for the scenario names Payments first.
    assert report.risk(top.scenario).units[0] == "Payments"
    # The sandbox's critical findings are the worse technical picture...
    sandbox_breach = next(r for r in sandbox if r.scenario == "data_breach")
    payment_breach = next(r for r in payments if r.scenario == "data_breach")
    assert sandbox_breach.likelihood >= payment_breach.likelihood
    # ...but business impact decides the ranking.
    assert payment_breach.impact > sandbox_breach.impact
    assert payment_breach.score > sandbox_breach.score


@pytest.mark.parametrize(
    ("metric_id", "values"),
    [
        ("vuln_critical_overdue", [22, 44, 110, 400]),
        ("mfa_coverage_pct", [70, 50, 20, 0]),
    ],
)
def test_past_red_worse_still_raises_the_exposure_and_never_lowers_a_rating(metric_id, values):
    # Far past tolerance, every step worse still costs more: nothing saturates at red.
    baseline = [obs("patch_compliance_pct", 80, unit="Payments")]
    before: dict[str, tuple[int, float]] = {}
    for value in values:
        report = build_report(
            result_of(*baseline, obs(metric_id, value, unit="Payments")), CONTEXT, trials=2000
        )
        now = {r.id: (r.score, r.exposure.mean) for r in report.risks}
        driven = [r.id for r in report.risks if any(d.metric_id == metric_id for d in r.drivers)]
        assert driven
        for risk_id in driven:
            if risk_id in before:
                assert now[risk_id][0] >= before[risk_id][0], (value, risk_id)
                assert now[risk_id][1] > before[risk_id][1], (value, risk_id)
        before = now


def test_five_times_the_overdue_findings_raises_the_risk():
    def breach(count):
        report = build_report(
            result_of(
                obs("vuln_critical_overdue", count, unit="Payments"),
                obs("patch_compliance_pct", 85, unit="Payments"),
            ),
            CONTEXT,
            trials=4000,
        )
        return next(r for r in report.risks if r.scenario == "data_breach")

    worse, better = breach(110), breach(22)
    assert worse.exposure.mean > better.exposure.mean * 1.02
    assert worse.exposure.annual_probability > better.exposure.annual_probability
    assert worse.score >= better.score
