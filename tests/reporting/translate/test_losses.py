"""Losses against the tolerance, the insurance and the materiality threshold."""

import numpy as np
import pytest

from reporting.context import load_context
from reporting.translate import build_report, losses
from reporting.translate.exposure import years_of
from tests.reporting.translate.conftest import obs, result_of

# Ten simulated years: six without loss, then 1, 3, 8 and 20 million.
YEARS = years_of(np.array([0, 0, 0, 0, 0, 0, 1e6, 3e6, 8e6, 20e6]))


def test_the_chance_of_exceeding_is_the_share_of_years_above():
    assert losses.above(YEARS, 2e6) == pytest.approx(0.3)
    assert losses.above(YEARS, 20e6) == 0


def test_insurance_pays_above_the_retention_up_to_the_limit():
    context = load_context("insurance: {retention: 1000000, limit: 5000000}")
    cover = losses.insurance(YEARS, context, bad_year=8e6)
    # 8M: the company keeps 1M, the policy pays 5M, and 2M above the limit is kept too.
    assert cover.bad_year_uninsured == pytest.approx(3e6)
    assert cover.bad_year_uninsured_share == pytest.approx(3 / 8)
    assert cover.chance_limit_exhausted == pytest.approx(0.2)
    assert losses.insurance(YEARS, load_context("{}"), 8e6) is None


def test_materiality_uses_the_threshold_given_else_a_stated_default():
    given = load_context("materiality: {threshold: 5000000}")
    assert (
        next(t for t in losses.thresholds(YEARS, given, 1e9) if t.kind == "materiality").chance
        == 0.2
    )
    view = losses.materiality(
        YEARS,
        given,
        1e9,
        mean=3.2e6,
        bad_year=8e6,
        risks=[],
        currency="USD",
        cover=None,
        caveat=None,
    )
    assert view.verdict == "Yes" and not view.assumed
    assumed = losses.materiality(
        YEARS,
        load_context("{}"),
        1e9,
        mean=3.2e6,
        bad_year=8e6,
        risks=[],
        currency="USD",
        cover=None,
        caveat=None,
    )
    assert assumed.assumed and assumed.threshold == 1e7
    assert assumed.verdict == "Possibly"  # 1 year in 10 above 10M: not more than 10 %
    assert "assumed" in assumed.lines[0][1]


def test_the_material_impact_answer_gives_the_chance_of_crossing_the_threshold():
    context = load_context(
        "organization: {annual_revenue: 200000000}\nmateriality: {threshold: 2000000}"
    )
    report = build_report(result_of(obs("vuln_critical_overdue", 40)), context, trials=4000)
    answer = report.summary.answers.material_impact
    assert "exceed the materiality threshold of $2.0M" in answer
    assert answer.startswith(report.materiality.verdict)
    kinds = [t.kind for t in report.thresholds]
    assert kinds == ["materiality"]


def test_each_risk_stands_beside_a_public_figure_for_one_event(sample_report):
    from reporting.catalog.benchmarks import load_benchmarks

    catalog = load_benchmarks()
    for risk in sample_report.risks:
        bench = risk.benchmark
        assert bench is not None and bench.source in {s.title for s in catalog.sources.values()}
        ratio = risk.exposure.event_p50 / bench.figure
        assert bench.ratio == pytest.approx(ratio)
        assert bench.outside == (ratio > catalog.spread or ratio < 1 / catalog.spread)
        assert ("check the revenue" in bench.text) == bench.outside
    breach = sample_report.risk("data_breach").benchmark
    assert breach.figure == 4_880_000 and "IBM" in breach.source


def test_a_sector_with_its_own_figure_uses_it():
    from reporting.catalog.benchmarks import load_benchmarks

    ref, figure = load_benchmarks().for_scenario("data_breach", "Healthcare")
    assert figure == 9_770_000 and ref.typical == 4_880_000
    _, default = load_benchmarks().for_scenario("insider_misuse", None)
    assert default == 200_000


def test_public_figures_in_another_currency_are_shown_not_compared():
    context = load_context("organization: {currency: JPY, annual_revenue: 50000000000}")
    report = build_report(result_of(obs("mfa_coverage_pct", 60)), context, trials=1000)
    for risk in report.risks:
        assert risk.benchmark.ratio is None and not risk.benchmark.outside
        assert "Not compared: it is in USD, this pack in JPY." in risk.benchmark.text
