"""Exposure in money: a FAIR-style Monte Carlo of annualised loss.

Model and assumptions:

- Loss event frequency (events per year) is drawn from a PERT distribution (low, mode,
  high; shape 4) given by the scenario for a reference company whose driving metrics meet
  their targets. The weakness W of the driving metrics (0-1, see `scoring`) multiplies it
  by `1 + 2 W`: the reference rate at target, twice it at the amber/red edge (W = 0.5) and
  three times at twice the tolerance (W = 1). Metrics better than target earn no credit.
- When a scenario is assessed per business unit, each unit carries an equal share of the
  company's frequency (1/n for n units assessed).
- Loss magnitude per event is lognormal, fitted to the scenario's 10th and 90th
  percentiles given as shares of annual revenue, and scaled for a business unit by its
  impact score: x0.1, x0.25, x0.5, x0.75, x1 for impact 1-5.
- The number of events in a simulated year is Poisson with the drawn frequency; a year's
  loss is the sum of its events' magnitudes. Risks are independent, so the company's total
  is the trial-by-trial sum.
- Each risk has its own seed derived from its id and the period, so a report is
  reproducible and a what-if compares like with like (common random numbers).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from reporting.catalog.scenarios import Scenario

DEFAULT_TRIALS = 50_000
Z90 = 1.2815515655446004  # standard normal 90th percentile
PERT_SHAPE = 4.0
IMPACT_SCALE = {1: 0.1, 2: 0.25, 3: 0.5, 4: 0.75, 5: 1.0}


def frequency_factor(weakness: float) -> float:
    if not 0 <= weakness <= 1:
        raise ValueError(f"weakness must lie in [0, 1], got {weakness}")
    return 1 + 2 * weakness


def pert(rng: np.random.Generator, low: float, mode: float, high: float, size: int) -> np.ndarray:
    """Beta-PERT samples; rejects impossible parameters."""
    if not low <= mode <= high or low == high:
        raise ValueError(
            f"PERT needs low <= mode <= high and low < high, got {low}, {mode}, {high}"
        )
    span = high - low
    alpha = 1 + PERT_SHAPE * (mode - low) / span
    beta = 1 + PERT_SHAPE * (high - mode) / span
    return low + rng.beta(alpha, beta, size) * span


def lognormal_from_percentiles(p10: float, p90: float) -> tuple[float, float]:
    """(mu, sigma) of the lognormal whose 10th and 90th percentiles are given."""
    if not 0 < p10 < p90:
        raise ValueError(f"lognormal needs 0 < p10 < p90, got {p10}, {p90}")
    mu = (np.log(p10) + np.log(p90)) / 2
    sigma = (np.log(p90) - np.log(p10)) / (2 * Z90)
    return float(mu), float(sigma)


@dataclass(frozen=True)
class LossModel:
    """Inputs for one risk, ready to simulate."""

    key: str  # stable id: seeds the random stream
    frequency: tuple[float, float, float]  # PERT low, mode, high, events per year
    magnitude: tuple[float, float]  # lognormal p10, p90, in money per event


def loss_model(
    key: str,
    scenario: Scenario,
    *,
    weakness: float,
    impact: int,
    revenue: float,
    share: float,
) -> LossModel:
    if not 0 < share <= 1:
        raise ValueError(f"frequency share must lie in (0, 1], got {share}")
    factor = frequency_factor(weakness) * share
    f = scenario.frequency
    scale = IMPACT_SCALE[impact] * revenue
    return LossModel(
        key=key,
        frequency=(f.low * factor, f.mode * factor, f.high * factor),
        magnitude=(scenario.magnitude.p10 * scale, scenario.magnitude.p90 * scale),
    )


def seed_for(key: str) -> int:
    return zlib.crc32(key.encode("utf-8"))


def simulate(model: LossModel, trials: int = DEFAULT_TRIALS) -> np.ndarray:
    """Annual loss for each simulated year (vectorised; no Python loop over trials)."""
    rng = np.random.default_rng(seed_for(model.key))
    rates = pert(rng, *model.frequency, size=trials)
    events = rng.poisson(rates)
    total = int(events.sum())
    mu, sigma = lognormal_from_percentiles(*model.magnitude)
    losses = rng.lognormal(mu, sigma, size=total)
    year = np.repeat(np.arange(trials), events)
    return np.bincount(year, weights=losses, minlength=trials)


def percentiles(annual: np.ndarray) -> dict[str, float]:
    p10, p50, p90 = np.percentile(annual, [10, 50, 90])
    return {
        "p10": float(p10),
        "p50": float(p50),
        "p90": float(p90),
        "mean": float(annual.mean()),
        "annual_probability": float((annual > 0).mean()),
    }


def event_loss(model: LossModel) -> dict[str, float]:
    """One event's loss: the lognormal's 10th, 50th and 90th percentiles."""
    mu, _ = lognormal_from_percentiles(*model.magnitude)
    low, high = model.magnitude
    return {"event_p10": low, "event_p50": float(np.exp(mu)), "event_p90": high}


def exceedance(annual: np.ndarray, points: int = 40) -> list[tuple[float, float]]:
    """Loss exceedance curve: (loss, chance that a year's loss exceeds it), log-spaced."""
    positive = annual[annual > 0]
    if positive.size == 0:
        return [(0.0, 0.0)]
    low = max(float(np.percentile(positive, 1)), 1.0)
    high = float(annual.max())
    if high <= low:
        return [(low, float((annual > low).mean()))]
    grid = np.geomspace(low, high, points)
    ordered = np.sort(annual)
    above = 1 - np.searchsorted(ordered, grid, side="right") / annual.size
    return [(float(x), float(p)) for x, p in zip(grid, above, strict=True)]
