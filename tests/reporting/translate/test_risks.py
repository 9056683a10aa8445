"""The risk register: which units a scenario is assessed for, its trend, evidence and owner."""

import itertools

import pytest

from reporting.context import load_context
from reporting.translate import build_report
from tests.reporting.translate.conftest import obs, result_of

CONTEXT = load_context(
    """
organization: {name: Test Co, annual_revenue: 500000000, currency: USD}
business_units:
  - {name: Payments, criticality: 5, data: [payment_card], owner: Payments COO}
  - {name: Sandbox, criticality: 1, data: []}
owners: {data_breach: Head of Data}
frameworks: []
"""
)


def _risks(*observations, context=CONTEXT):
    """The register, then each scenario's risk in each unit it was split into."""
    report = build_report(result_of(*observations), context, trials=500)
    return report.risks + report.unit_risks


def test_company_wide_figures_are_used_when_no_unit_data_exists():
    risks = _risks(obs("vendors_assessed_pct", 60), obs("vendor_high_risk_findings_open", 12))
    third = next(r for r in risks if r.scenario == "third_party")
    assert third.business_unit is None and third.id == "third_party"
    assert third.evidence_coverage < 1


def test_a_unit_has_its_own_risk_only_when_its_figures_carry_enough_of_the_weight():
    company = [obs("vendors_assessed_pct", 60), obs("vendor_high_risk_findings_open", 12)]
    # Multi-factor authentication alone is a quarter of the supplier risk's evidence.
    thin = _risks(*company, obs("mfa_coverage_pct", 90, unit="Payments"))
    assert [r.id for r in thin if r.scenario == "third_party"] == ["third_party"]
    thick = _risks(
        *company,
        obs("mfa_coverage_pct", 90, unit="Payments"),
        obs("vendor_high_risk_findings_open", 2, unit="Payments"),
    )
    (payments,) = [r for r in thick if r.scenario == "third_party"]
    assert payments.id == "third_party:payments"
    # The unit's own figure is used, and the company's where the unit has none.
    used = {(d.metric_id, d.business_unit) for d in payments.drivers}
    assert used == {
        ("vendors_assessed_pct", None),
        ("vendor_high_risk_findings_open", "Payments"),
        ("mfa_coverage_pct", "Payments"),
    }


def test_trend_compares_only_drivers_measured_alike_in_both_quarters():
    # Last quarter only the company-wide figure existed; this quarter the unit reports its
    # own, far better, figure. That is a change of measurement, not an improvement.
    risks = _risks(
        obs("vuln_high_overdue", 40, period="2026-Q2"),
        obs("vuln_high_overdue", 2, unit="Payments"),
        obs("mfa_coverage_pct", 90, period="2026-Q2"),
        obs("mfa_coverage_pct", 90),
    )
    breach = next(r for r in risks if r.scenario == "data_breach")
    assert breach.business_unit == "Payments"
    assert breach.trend == "stable"  # only multi-factor authentication compares, unchanged


def test_what_pulled_the_other_way_is_said_beside_the_evidence():
    risks = _risks(
        obs("vuln_high_overdue", 30, period="2026-Q2"),
        obs("vuln_high_overdue", 0),
        obs("mfa_coverage_pct", 90, period="2026-Q2"),
        obs("mfa_coverage_pct", 91),
    )
    breach = next(r for r in risks if r.scenario == "data_breach")
    assert breach.trend != "worsening"
    assert breach.evidence[0].startswith("91%")
    assert breach.evidence[-1].startswith("offset by 0 high-severity vulnerabilities")


def test_the_owner_is_the_scenarios_then_the_units_then_the_ciso_and_that_is_said():
    report = build_report(
        result_of(
            obs("vuln_high_overdue", 9, unit="Payments"),
            obs("vuln_high_overdue", 9, unit="Sandbox"),
        ),
        CONTEXT,
        trials=500,
    )
    owners = {r.id: r.owner for r in report.unit_risks}
    assert owners == {
        "data_breach:payments": "Head of Data",
        "data_breach:sandbox": "Head of Data",
        "regulatory_penalty:payments": "Payments COO",
        "regulatory_penalty:sandbox": "CISO",
    }
    # One accountable owner per scenario: the scenario's, else its worst unit's.
    assert {r.id: r.owner for r in report.risks} == {
        "data_breach": "Head of Data",
        "regulatory_penalty": "Payments COO",
    }
    assert any(
        a.startswith("No owner was named for “Regulatory penalty or failed audit”: the CISO")
        for a in report.assumptions
    )


def test_risks_of_one_rating_rank_by_expected_yearly_loss():
    report = build_report(
        result_of(
            obs("vuln_high_overdue", 9, unit="Payments"),
            obs("vuln_high_overdue", 9, unit="Sandbox"),
            obs("edr_coverage_pct", 60, unit="Payments"),
            obs("edr_coverage_pct", 60, unit="Sandbox"),
        ),
        CONTEXT,
        trials=500,
    )
    for risks in (report.risks, report.unit_risks):
        assert [r.rank for r in risks] == list(range(1, len(risks) + 1))
        for higher, lower in itertools.pairwise(risks):
            if higher.rating == lower.rating:
                assert higher.exposure.mean >= lower.exposure.mean
    units = report.unit_risks
    payments = next(r for r in units if r.business_unit == "Payments")
    sandbox = next(
        r for r in units if r.business_unit == "Sandbox" and r.scenario == payments.scenario
    )
    # Same controls, same share of the rate: the critical, card-holding unit costs more.
    assert payments.exposure.event_p50 > sandbox.exposure.event_p50 * 5


def test_a_scenario_split_across_units_is_one_row_naming_them_worst_first():
    report = build_report(
        result_of(
            obs("vuln_high_overdue", 30, unit="Payments"),
            obs("vuln_high_overdue", 2, unit="Sandbox"),
            obs("mfa_coverage_pct", 80, unit="Payments"),
            obs("mfa_coverage_pct", 99, unit="Sandbox"),
        ),
        CONTEXT,
        trials=4000,
    )
    assert len({r.scenario for r in report.risks}) == len(report.risks)
    breach = report.risk("data_breach")
    assert breach.business_unit is None and breach.units == ["Payments", "Sandbox"]
    units = report.units_of(breach)
    assert [u.id for u in units] == ["data_breach:payments", "data_breach:sandbox"]
    # Rated as its worst unit, outside appetite when any unit is.
    assert breach.rating == units[0].rating
    assert breach.within_appetite == all(u.within_appetite for u in units)
    assert "Payments" in breach.what_could_happen
    # Its money is the units' together: means add up exactly.
    assert breach.exposure.mean == pytest.approx(sum(u.exposure.mean for u in units))
    # Counts count scenarios.
    assert len(report.outside_appetite) <= len(report.risks)


def test_the_remedy_asks_only_what_is_off_target_and_how_far_to_go():
    risks = _risks(
        obs("mfa_coverage_pct", 99.7, unit="Payments"),
        obs("encryption_coverage_pct", 100, unit="Payments"),
        obs("vuln_high_overdue", 14, unit="Payments"),
        obs("vuln_critical_overdue", 3, unit="Payments"),
    )
    breach = next(r for r in risks if r.scenario == "data_breach")
    assert "multi-factor" not in breach.remedy and "encrypt" not in breach.remedy
    assert "from 14 to 0" in breach.remedy and "in Payments" in breach.remedy
    assert breach.remedy in breach.response
    on_target = _risks(
        obs("mfa_coverage_pct", 99.7, unit="Payments"),
        obs("encryption_coverage_pct", 100, unit="Payments"),
    )
    calm = next(r for r in on_target if r.scenario == "data_breach")
    assert calm.remedy == "keep its driving controls at target"


def test_splitting_the_same_figures_by_unit_leaves_the_company_total_alone():
    context = load_context("organization: {annual_revenue: 500000000}\nframeworks: []")
    figures = {"vuln_high_overdue": 12, "mfa_coverage_pct": 90, "edr_coverage_pct": 85}
    whole = build_report(
        result_of(*(obs(m, v) for m, v in figures.items())), context, trials=20_000
    )
    units = ["North", "South", "East"]
    split = build_report(
        result_of(*(obs(m, v, unit=u) for m, v in figures.items() for u in units)),
        context,
        trials=20_000,
    )
    assert split.unit_risks and not whole.unit_risks
    assert split.exposure.mean == pytest.approx(whole.exposure.mean, rel=0.05)
    assert split.exposure.p90 == pytest.approx(whole.exposure.p90, rel=0.05)


def test_a_card_holding_critical_units_breach_costs_more_per_event_than_a_minor_units():
    context = load_context(
        """
organization: {annual_revenue: 500000000}
business_units:
  - {name: Cards, criticality: 5, data: [payment_card], regulations: [PCI DSS 4.0]}
  - {name: Kiosk, criticality: 2, data: []}
frameworks: []
"""
    )
    report = build_report(
        result_of(
            *(obs("vuln_high_overdue", 9, unit=u) for u in ("Cards", "Kiosk")),
            *(obs("mfa_coverage_pct", 90, unit=u) for u in ("Cards", "Kiosk")),
        ),
        context,
        trials=2000,
    )
    cards = report.risk("data_breach:cards").exposure
    kiosk = report.risk("data_breach:kiosk").exposure
    assert cards.event_p50 > kiosk.event_p50 * 4
    assert cards.event_p90 > kiosk.event_p90 * 4
