"""The FAIR Monte Carlo: reproducible, statistically sound, and honest about its inputs."""

import numpy as np
import pytest

from reporting.catalog.scenarios import load_scenarios
from reporting.translate import exposure

RANSOMWARE = load_scenarios().get("ransomware")


def model(weakness=0.3, impact=5, share=1.0, key="ransomware@2026-Q3"):
    return exposure.loss_model(
        key, RANSOMWARE, weakness=weakness, impact=impact, revenue=750e6, share=share
    )


def test_the_same_risk_and_period_give_the_same_figures():
    first = exposure.percentiles(exposure.simulate(model(), 20_000))
    again = exposure.percentiles(exposure.simulate(model(), 20_000))
    assert first == again
    other = exposure.percentiles(exposure.simulate(model(key="ransomware@2026-Q2"), 20_000))
    assert other != first


def test_seeded_sample_company_figure_is_stable_within_tolerance():
    # Guards the model against accidental change: the expected annual loss of ransomware
    # for a 750M company at weakness 0.3 and impact 5 is frequency x mean magnitude.
    annual = exposure.simulate(model(), 200_000)
    f = RANSOMWARE.frequency
    freq_mean = (f.low + 4 * f.mode + f.high) / 6 * exposure.frequency_factor(0.3)
    mu, sigma = exposure.lognormal_from_percentiles(
        RANSOMWARE.magnitude.p10 * 750e6, RANSOMWARE.magnitude.p90 * 750e6
    )
    expected = freq_mean * np.exp(mu + sigma**2 / 2)
    assert annual.mean() == pytest.approx(expected, rel=0.05)


def test_lognormal_fit_reproduces_its_percentiles():
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
    ],
)
def test_impossible_parameters_are_rejected(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_weaker_controls_and_higher_impact_mean_more_exposure():
    base = exposure.simulate(model(weakness=0.1), 20_000).mean()
    assert exposure.simulate(model(weakness=0.8), 20_000).mean() > base
    assert exposure.simulate(model(weakness=0.1, impact=2), 20_000).mean() < base


def test_the_loss_exceedance_curve_falls_from_near_the_event_chance():
    annual = exposure.simulate(model(), 50_000)
    curve = exposure.exceedance(annual)
    probabilities = [p for _, p in curve]
    assert probabilities == sorted(probabilities, reverse=True)
    assert probabilities[0] <= (annual > 0).mean() + 1e-9
    assert curve[-1][1] < 0.001
