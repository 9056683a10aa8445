"""The FAIR Monte Carlo: reproducible, statistically sound, and honest about its inputs."""

import numpy as np
import pytest

from reporting.catalog.scenarios import load_scenarios
from reporting.translate import exposure

RANSOMWARE = load_scenarios().get("ransomware")
BREACH = load_scenarios().get("data_breach")
REVENUE = 750e6


def model(weakness=0.3, scale=1.0, share=1.0, key="ransomware@2026-Q3", scenario=RANSOMWARE):
    return exposure.loss_model(
        key, scenario, weakness=weakness, scale=scale, revenue=REVENUE, share=share
    )


def rates(trials=20_000, key="ransomware@2026-Q3", scenario=RANSOMWARE):
    return exposure.ScenarioYears(key, scenario, trials)


def test_the_same_risk_and_period_give_the_same_figures():
    first = rates().simulate(model()).percentiles()
    assert rates().simulate(model()).percentiles() == first
    other = rates(key="ransomware@2026-Q2").simulate(model(key="ransomware@2026-Q2"))
    assert other.percentiles() != first


def test_seeded_sample_company_figure_is_stable_within_tolerance():
    # Guards the model against accidental change: the expected annual loss of ransomware
    # for a 750M company at weakness 0.3 and full scale is frequency x mean magnitude.
    years = rates(200_000).simulate(model())
    f = RANSOMWARE.frequency
    freq_mean = (f.low + 4 * f.mode + f.high) / 6 * exposure.frequency_factor(0.3)
    mu, sigma = exposure.lognormal_from_percentiles(
        RANSOMWARE.magnitude.p10 * REVENUE, RANSOMWARE.magnitude.p90 * REVENUE
    )
    assert years.mean == pytest.approx(freq_mean * np.exp(mu + sigma**2 / 2), rel=0.05)
    # The chance of at least one event a year is that of a Poisson count given its rate.
    draws = exposure.pert(np.random.default_rng(3), f.low, f.mode, f.high, 200_000)
    chance = 1 - np.exp(-draws * exposure.frequency_factor(0.3)).mean()
    assert years.percentiles()["annual_probability"] == pytest.approx(chance, rel=0.02)


def test_sparse_years_give_the_percentiles_of_every_year_zeros_included():
    years = rates().simulate(model(weakness=0.6, share=0.2))
    dense = years.dense()
    expected = dict(zip(("p10", "p50", "p90"), np.percentile(dense, [10, 50, 90]), strict=True))
    figures = years.percentiles()
    for name, value in expected.items():
        assert figures[name] == pytest.approx(value, abs=1e-6)
    assert figures["mean"] == pytest.approx(dense.mean())
    assert exposure.years_of(dense).percentiles() == pytest.approx(figures)


def test_the_lognormal_fit_reproduces_its_percentiles():
    mu, sigma = exposure.lognormal_from_percentiles(1e6, 20e6)
    draws = np.random.default_rng(7).lognormal(mu, sigma, 400_000)
    p10, p90 = np.percentile(draws, [10, 90])
    assert p10 == pytest.approx(1e6, rel=0.02)
    assert p90 == pytest.approx(20e6, rel=0.02)


def test_pert_stays_within_its_bounds_and_centres_on_its_mean():
    draws = exposure.pert(np.random.default_rng(1), 0.1, 0.3, 1.2, 200_000)
    assert draws.min() >= 0.1 and draws.max() <= 1.2
    assert draws.mean() == pytest.approx((0.1 + 4 * 0.3 + 1.2) / 6, rel=0.01)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: exposure.pert(np.random.default_rng(), 0.5, 0.2, 1.0, 10), "PERT needs"),
        (lambda: exposure.lognormal_from_percentiles(5.0, 1.0), "lognormal needs"),
        (lambda: exposure.frequency_factor(1.2), "weakness"),
        (lambda: model(share=0), "share"),
        (lambda: model(scale=1.5), "scale"),
        (
            lambda: exposure.magnitude_scale(6, data=0, cares_about_data=False, regulated=None),
            "criticality",
        ),
    ],
)
def test_impossible_parameters_are_rejected(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_worse_controls_only_ever_add_loss_in_every_simulated_year():
    scenario = rates()
    before = scenario.simulate(model(weakness=0.1)).dense()
    after = scenario.simulate(model(weakness=0.8)).dense()
    assert (after >= before).all()
    assert after.mean() > before.mean() * 1.5
    smaller = scenario.simulate(model(weakness=0.1, scale=0.25)).dense()
    assert smaller.mean() == pytest.approx(before.mean() * 0.25)


def test_splitting_a_scenario_across_units_leaves_the_company_total_alone():
    trials = 100_000
    whole = rates(trials).simulate(model(weakness=0.4, key="r@q")).percentiles()
    scenario = rates(trials)
    units = [scenario.simulate(model(weakness=0.4, share=0.2, key=f"r:u{i}@q")) for i in range(5)]
    split = exposure.total_of(units, trials).percentiles()
    assert split["mean"] == pytest.approx(whole["mean"], rel=0.05)
    assert split["p90"] == pytest.approx(whole["p90"], rel=0.05)
    assert split["annual_probability"] == pytest.approx(whole["annual_probability"], rel=0.03)


def test_a_units_loss_per_event_follows_its_criticality_data_and_regulation():
    def scale(criticality, data, regulated=True):
        return exposure.magnitude_scale(
            criticality, data=data, cares_about_data=True, regulated=regulated
        )

    card_5, card_4, card_3 = scale(5, 1.0), scale(4, 1.0), scale(3, 1.0)
    assert card_5 > card_4 > card_3 > scale(2, 0.0)
    assert scale(5, 1.0) > scale(5, 0.5) > scale(5, 0.0)
    assert scale(5, 1.0, regulated=True) > scale(5, 1.0, regulated=False)
    # The reference company (most critical, most sensitive data, regulated) is the scenario.
    assert card_5 == 1.0
    # A scenario that names no data is not scaled by data.
    assert exposure.magnitude_scale(4, data=0, cares_about_data=False, regulated=None) == 0.75
    event_5 = exposure.event_loss(model(scale=card_5, scenario=BREACH))
    event_2 = exposure.event_loss(model(scale=scale(2, 0.0), scenario=BREACH))
    assert event_5["event_p50"] > event_2["event_p50"] * 5


def test_the_loss_exceedance_curve_falls_from_near_the_event_chance():
    years = rates(50_000).simulate(model())
    curve = years.exceedance()
    probabilities = [p for _, p in curve]
    assert probabilities == sorted(probabilities, reverse=True)
    assert probabilities[0] <= years.percentiles()["annual_probability"] + 1e-9
    assert curve[-1][1] < 0.001
    dense = years.dense()
    for loss, chance in curve[::7]:
        assert chance == pytest.approx((dense > loss).mean())


def _one_at_a_time(years_of_rates, models):
    """Each model simulated alone, on a cold memo (what `simulate_many` must agree with)."""
    out = []
    for m in models:
        exposure.forget()
        out.append(years_of_rates().simulate(m))
    return out


def test_risks_simulated_together_get_exactly_the_years_they_get_alone():
    models = [
        model(weakness=w, share=s, scale=c, key=f"ransomware-{i}@2026-Q3")
        for i, (w, s, c) in enumerate([(0.0, 0.5, 1.0), (0.9, 0.1, 0.25), (0.4, 0.02, 0.1)])
    ]
    alone = _one_at_a_time(rates, models)
    exposure.forget()
    together = rates().simulate_many(models)
    for a, b in zip(alone, together, strict=True):
        assert np.array_equal(a.year, b.year)
        assert np.array_equal(a.loss, b.loss)


def test_simulated_years_are_shared_read_only_and_forgotten_on_request():
    exposure.forget()
    shared = exposure.rates_for("ransomware@2026-Q3", RANSOMWARE, 20_000)
    assert exposure.rates_for("ransomware@2026-Q3", RANSOMWARE, 20_000) is shared
    first = shared.simulate(model())
    # A second report (another page, session or what-if) gets the same years, not a redo.
    assert shared.simulate(model()) is first
    assert rates().simulate(model()) is first  # a fresh ScenarioYears of the same inputs
    with pytest.raises(ValueError):
        first.loss[0] = 0.0
    # A risk whose controls changed is simulated anew; the others are not.
    changed = shared.simulate(model(weakness=0.8))
    assert changed is not first and changed.mean > first.mean
    exposure.forget()
    again = exposure.rates_for("ransomware@2026-Q3", RANSOMWARE, 20_000).simulate(model())
    assert again is not first and np.array_equal(again.loss, first.loss)


def test_the_shared_years_are_bounded_in_bytes_as_well_as_in_count():
    kept = exposure._Kept(10, 100, len)
    for key in "abcdef":
        kept.put(key, "x" * 30)  # three fit in 100 bytes
    assert [k for k in "abcdef" if kept.get(k) is not None] == ["d", "e", "f"]
    kept.put("big", "x" * 500)  # larger than the budget alone: kept, the rest let go
    assert kept.get("big") is not None and kept.get("f") is None


def test_the_loss_curve_starts_at_numpys_first_percentile_of_the_losses():
    rng = np.random.default_rng(11)
    for size in (1, 2, 3, 17, 61, 151, 1000, 54_321):
        losses = rng.lognormal(12, 2, size)
        years = exposure.Years(100_000, np.arange(size, dtype=np.int64), losses)
        start = max(float(np.percentile(np.sort(losses), 1)), 1.0)
        assert years.exceedance()[0][0] == start, size
