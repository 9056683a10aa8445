"""The budget conversation: options priced with the report's own model, ranked by what
they buy per unit of money, and the portfolio a budget buys."""

import itertools
import random

import pytest

from reporting.context import load_context
from reporting.translate import build_report
from reporting.translate.options import best_subset
from tests.reporting.translate.conftest import obs, result_of

FIGURES = [
    obs("vuln_high_overdue", 30, unit="Payments"),
    obs("vuln_critical_overdue", 6, unit="Payments"),
    obs("mfa_coverage_pct", 80, unit="Payments"),
    obs("vendors_assessed_pct", 40),
    obs("vendor_high_risk_findings_open", 25),
]

CONTEXT = """
organization: {name: Test Co, annual_revenue: 500000000, currency: USD}
business_units:
  - {name: Payments, criticality: 5, data: [payment_card], owner: Payments COO}
risk_appetite: {default: moderate}
frameworks: []
initiatives:
  - name: Clear overdue findings
    owner: Head of Infrastructure
    cost: {one_off: 100000, yearly: 20000}
    due: 2027-03-31
    effect:
      - {metric: vuln_high_overdue, to: 0, business_unit: Payments}
      - {metric: vuln_critical_overdue, to: 0, business_unit: Payments}
  - name: Gold-plated overdue findings
    cost: {one_off: 2000000}
    effect:
      - {metric: vuln_high_overdue, to: 0, business_unit: Payments}
      - {metric: vuln_critical_overdue, to: 0, business_unit: Payments}
  - name: Make things worse
    cost: {one_off: 1000}
    effect:
      - {metric: mfa_coverage_pct, to: 10, business_unit: Payments}
"""


@pytest.fixture(scope="module")
def report():
    return build_report(result_of(*FIGURES), load_context(CONTEXT), trials=20_000)


def option(report, name):
    return next(o for o in report.budget.options if o.name == name)


def test_an_initiative_that_brings_drivers_to_target_lowers_the_expected_loss(report):
    clear = option(report, "Clear overdue findings")
    assert clear.eal_removed > 0 and clear.p90_removed >= 0
    assert clear.by_scenario["data_breach"] > 0
    # Over three years, against its cost over three years.
    assert clear.horizon_cost == 100_000 + 3 * 20_000
    assert clear.per_money == pytest.approx(clear.eal_removed * 3 / clear.horizon_cost)
    assert (
        clear.effects[0]
        == "High-severity vulnerabilities past remediation deadline in Payments to 0"
    )
    worse = option(report, "Make things worse")
    assert worse.eal_removed < 0


def test_options_rank_by_reduction_per_money_and_the_same_effect_dearer_ranks_lower(report):
    names = [o.name for o in report.budget.options]
    assert names.index("Clear overdue findings") < names.index("Gold-plated overdue findings")
    gold = option(report, "Gold-plated overdue findings")
    # The same effect, priced with the same years: exactly the same loss removed.
    assert gold.eal_removed == option(report, "Clear overdue findings").eal_removed
    costed = [o.per_money for o in report.budget.options if o.per_money is not None]
    assert costed == sorted(costed, reverse=True)


def test_a_risk_no_initiative_brings_within_appetite_gets_a_default_option_without_a_price(report):
    defaults = [o for o in report.budget.options if o.default]
    assert defaults
    supplier = next(o for o in defaults if "supplier" in o.name)
    assert supplier.one_off is None and supplier.per_money is None
    assert supplier.eal_removed > 0
    # Defaults come after every costed option.
    assert report.budget.options[-1].per_money is None
    decision = next(d for d in report.summary.decisions if d.risk_id == "third_party")
    assert "cost not yet given" in decision.ask


def test_the_portfolio_never_funds_an_option_that_removes_nothing(report):
    portfolio = report.budget.portfolio
    assert "Make things worse" not in portfolio.chosen
    assert portfolio.spend <= portfolio.budget
    assert portfolio.eal_removed > 0


@pytest.mark.parametrize("seed", range(8))
def test_the_portfolio_pick_is_the_best_a_brute_force_finds(seed):
    rng = random.Random(seed)
    n = rng.randint(1, 9)
    costs = [
        rng.choice([0, rng.uniform(1, 100)]) if rng.random() < 0.1 else rng.uniform(1, 100)
        for _ in range(n)
    ]
    gains = [rng.uniform(-20, 80) for _ in range(n)]
    limit = rng.uniform(0, sum(costs))
    picked = best_subset(costs, gains, limit)
    assert sum(costs[i] for i in picked) <= limit + 1e-9
    best = max(
        sum(gains[i] for i in subset)
        for k in range(n + 1)
        for subset in itertools.combinations(range(n), k)
        if sum(costs[i] for i in subset) <= limit
    )
    assert sum(gains[i] for i in picked) == pytest.approx(best)


def test_what_changed_prices_each_metric_that_moved_with_this_quarters_years():
    context = load_context(CONTEXT)
    quarters = [
        obs("vuln_high_overdue", 5, period="2026-Q2", unit="Payments"),
        obs("vuln_high_overdue", 30, unit="Payments"),
        obs("mfa_coverage_pct", 80, period="2026-Q2", unit="Payments"),
        obs("mfa_coverage_pct", 80, unit="Payments"),
    ]
    report = build_report(result_of(*quarters), context, trials=20_000)
    change = report.change
    assert change.previous_period == "2026-Q2"
    (moved,) = change.by_metric  # MFA did not move
    assert moved.name == "High-severity vulnerabilities past remediation deadline"
    assert moved.amount > 0  # more overdue findings cost more
    assert change.before + moved.amount + change.other == pytest.approx(change.after)
    # One quarter alone has nothing to compare.
    alone = build_report(result_of(obs("vuln_high_overdue", 30)), context, trials=500)
    assert alone.change is None


def test_an_option_that_changes_nothing_buys_nothing_whatever_unit_it_names():
    base = [obs("mfa_coverage_pct", 90), obs("edr_coverage_pct", 80), obs("backup_success_pct", 90)]
    context = load_context(
        """
business_units: [{name: Retail, criticality: 4}]
initiatives:
  - name: Same as now
    cost: {one_off: 1000}
    effect: [{metric: edr_coverage_pct, to: 80, business_unit: Retail}]
  - name: Somewhere else
    cost: {one_off: 1000}
    effect: [{metric: edr_coverage_pct, to: 99, business_unit: Nowhere}]
"""
    )
    report = build_report(result_of(*base), context, trials=4000)
    same = option(report, "Same as now")
    assert same.eal_removed == pytest.approx(0, abs=1e-6) and not same.brought_within
    nowhere = option(report, "Somewhere else")
    assert nowhere.eal_removed == pytest.approx(0, abs=1e-6)
    assert any("'Somewhere else' names Nowhere" in a for a in report.assumptions)


def test_each_metric_is_priced_alone_whatever_the_order_of_the_rows():
    rows = [
        obs("mfa_coverage_pct", 50, period="2026-Q2", unit="Payments"),
        obs("mfa_coverage_pct", 90, unit="Payments"),
        obs("mfa_coverage_pct", 90, period="2026-Q2"),
        obs("mfa_coverage_pct", 90),
    ]
    context = load_context(CONTEXT)
    forward = build_report(result_of(*rows), context, trials=4000).change
    backward = build_report(result_of(*reversed(rows)), context, trials=4000).change
    assert forward.by_metric[0].amount < 0  # Payments' MFA improved: loss fell
    assert forward.by_metric[0].amount == pytest.approx(backward.by_metric[0].amount)


def test_risks_failing_on_the_same_metrics_share_one_default_option():
    report = build_report(
        result_of(obs("mfa_coverage_pct", 40), obs("edr_coverage_pct", 40)),
        load_context("risk_appetite: {default: low}"),
        trials=2000,
    )
    defaults = [o for o in report.budget.options if o.default]
    effects = [tuple(sorted(o.effects)) for o in defaults]
    assert len(effects) == len(set(effects))
    assert any(" and " in o.name for o in defaults)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "initiatives: [{name: A, effect: [{metric: mfa_coverage_pct, to: 99}]},"
            " {name: a, effect: [{metric: mfa_coverage_pct, to: 98}]}]",
            "initiative 'A' is listed twice",
        ),
        (
            "initiatives: [{name: A, cost: {one_off: 0}, effect: [{metric: mfa_coverage_pct, to: 99}]}]",
            "cost must be above zero",
        ),
    ],
)
def test_initiatives_the_pack_cannot_weigh_are_refused_with_a_reason(text, message):
    from reporting.context import ContextError

    with pytest.raises(ContextError, match=message):
        load_context(text)


def test_a_move_priced_in_its_own_unit_is_the_whole_reports_change_from_it():
    # Each metric moved in one place only: a unit's own row, or the company-wide row that
    # every unit without its own reads. Pricing just the unit risks that read the row must
    # give what re-pricing every unit gives (the metric priced alone).
    rows = [
        obs("vuln_high_overdue", 5, period="2026-Q2", unit="Payments"),
        obs("vuln_high_overdue", 30, unit="Payments"),
        obs("vuln_high_overdue", 4, period="2026-Q2", unit="Retail"),
        obs("vuln_high_overdue", 4, unit="Retail"),
        obs("mfa_coverage_pct", 97, period="2026-Q2"),
        obs("mfa_coverage_pct", 80),
        obs("mfa_coverage_pct", 99, period="2026-Q2", unit="Payments"),
        obs("mfa_coverage_pct", 99, unit="Payments"),
    ]
    report = build_report(result_of(*rows), load_context(CONTEXT), trials=20_000)
    change = report.change
    by_metric = {step.name: step.amount for step in change.by_metric}
    assert {(m.name, m.business_unit) for m in change.movers} == {
        ("High-severity vulnerabilities past remediation deadline", "Payments"),
        ("Multi-factor authentication coverage", None),
    }
    for mover in change.movers:
        assert mover.worse and mover.amount > 0
        assert mover.amount == pytest.approx(by_metric[mover.name], rel=1e-9)
