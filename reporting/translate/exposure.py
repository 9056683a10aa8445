"""Exposure in money: a FAIR-style Monte Carlo of annualised loss.

Model and assumptions:

- Loss event frequency (events per year) is drawn from a PERT distribution (low, mode,
  high; shape 4) given by the scenario for a reference company whose driving metrics meet
  their targets. One draw per simulated year is shared by every risk of the scenario: how
  often such attacks succeed is one uncertain figure for the whole company, so splitting a
  scenario across business units moves no loss into or out of the company's total.
- The weakness W of a risk's driving metrics (0-1, see `scoring`) multiplies that rate by
  `1 + 2 W`: the reference rate at target, twice it at the amber/red edge (W = 0.5),
  rising on towards three times as the metrics fall further short. Metrics better than
  target earn no credit.
- When a scenario is assessed per business unit, each unit carries an equal share of the
  company's frequency (1/n for n units assessed).
- Loss magnitude per event is lognormal, fitted to the scenario's 10th and 90th
  percentiles given as shares of annual revenue for the reference company (the most
  critical business, holding the data the scenario cares about, under regulation). A
  business unit's event is that loss scaled by what the unit is (`magnitude_scale`): its
  criticality (x0.1, x0.25, x0.5, x0.75, x1 for 1-5), the data it holds among those the
  scenario cares about (x1 for the most sensitive classes, x0.7 for other personal or
  confidential data, x0.4 for none) and, for a regulatory scenario, whether a regulation
  applies (x1, else x0.8). Nothing is capped, so a criticality-5 unit holding card data
  costs more per event than a criticality-3 unit holding none.
- In a simulated year a risk's events are Poisson with that year's rate; a year's loss is
  the sum of its events' magnitudes. Given the scenario's yearly rates, risks are
  independent, and the company's year is the trial-by-trial sum of every risk's.
- Each risk draws its events from its own seeded streams (from its id and the quarter),
  so a report is reproducible and a what-if compares like with like (common random
  numbers): a risk's events are thinned from those of the weakest possible controls, so
  making its controls worse only ever adds events, in every simulated year.
- A risk's years are held sparse (only the years with a loss), which keeps a register of
  thousands of unit risks cheap; percentiles are those of the whole set of years.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import numpy as np

from reporting.catalog.scenarios import Scenario

DEFAULT_TRIALS = 50_000
Z90 = 1.2815515655446004  # standard normal 90th percentile
PERT_SHAPE = 4.0
MAX_FACTOR = 3.0  # the frequency factor's bound (W = 1)
CRITICALITY_SCALE = {1: 0.1, 2: 0.25, 3: 0.5, 4: 0.75, 5: 1.0}
DATA_SCALE = {1.0: 1.0, 0.5: 0.7, 0.0: 0.4}  # by `scoring.data_weight`
UNREGULATED_SCALE = 0.8


def frequency_factor(weakness: float) -> float:
    if not 0 <= weakness <= 1:
        raise ValueError(f"weakness must lie in [0, 1], got {weakness}")
    return 1 + 2 * weakness


def magnitude_scale(
    criticality: int, *, data: float, cares_about_data: bool, regulated: bool | None
) -> float:
    """A unit's loss per event as a share of the reference company's.

    `data` is `scoring.data_weight` of what the unit holds among the scenario's data;
    `cares_about_data` whether the scenario names data at all; `regulated` None for a
    scenario that is not regulatory, else whether a regulation applies to the unit."""
    if criticality not in CRITICALITY_SCALE:
        raise ValueError(f"criticality must lie in 1-5, got {criticality}")
    scale = CRITICALITY_SCALE[criticality]
    if cares_about_data:
        scale *= DATA_SCALE[1.0 if data >= 1 else 0.5 if data > 0 else 0.0]
    if regulated is False:
        scale *= UNREGULATED_SCALE
    return scale


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
    """Inputs for one risk, ready to simulate against its scenario's yearly rates."""

    key: str  # stable id: seeds the risk's own streams
    factor: float  # multiplies the scenario's yearly rate: (1 + 2 W) x share
    ceiling: float  # the factor at the weakest controls: 3 x share
    magnitude: tuple[float, float]  # lognormal p10, p90, in money per event


def loss_model(
    key: str,
    scenario: Scenario,
    *,
    weakness: float,
    scale: float,
    revenue: float,
    share: float,
) -> LossModel:
    """A risk's model: `scale` is `magnitude_scale` of the unit (or company)."""
    if not 0 < share <= 1:
        raise ValueError(f"frequency share must lie in (0, 1], got {share}")
    if not 0 < scale <= 1:
        raise ValueError(f"magnitude scale must lie in (0, 1], got {scale}")
    money = scale * revenue
    return LossModel(
        key=key,
        factor=frequency_factor(weakness) * share,
        ceiling=MAX_FACTOR * share,
        magnitude=(scenario.magnitude.p10 * money, scenario.magnitude.p90 * money),
    )


def seed_for(key: str) -> int:
    return zlib.crc32(key.encode("utf-8"))


@dataclass(frozen=True)
class Years:
    """A risk's (or a total's) simulated years, held sparse: the years with a loss, in
    order, and their losses; every other of the `trials` years lost nothing."""

    trials: int
    year: np.ndarray  # int64, ascending, unique
    loss: np.ndarray  # float64, > 0

    def dense(self) -> np.ndarray:
        out = np.zeros(self.trials)
        out[self.year] = self.loss
        return out

    @property
    def mean(self) -> float:
        return float(self.loss.sum() / self.trials)

    def percentiles(self) -> dict[str, float]:
        ordered = np.sort(self.loss)
        p10, p50, p90 = (_quantile(ordered, self.trials, q) for q in (0.1, 0.5, 0.9))
        return {
            "p10": p10,
            "p50": p50,
            "p90": p90,
            "mean": self.mean,
            "annual_probability": self.loss.size / self.trials,
        }

    def exceedance(self, points: int = 40) -> list[tuple[float, float]]:
        """Loss exceedance curve: (loss, chance that a year's loss exceeds it), log-spaced."""
        if self.loss.size == 0:
            return [(0.0, 0.0)]
        ordered = np.sort(self.loss)
        low = max(float(np.percentile(ordered, 1)), 1.0)
        high = float(ordered[-1])
        if high <= low:
            return [(low, float((ordered > low).sum() / self.trials))]
        grid = np.geomspace(low, high, points)
        above = (ordered.size - np.searchsorted(ordered, grid, side="right")) / self.trials
        return [(float(x), float(p)) for x, p in zip(grid, above, strict=True)]


def years_of(annual: np.ndarray) -> Years:
    """Sparse years from a dense array of yearly losses."""
    year = np.flatnonzero(annual)
    return Years(annual.size, year, annual[year])


def _quantile(ordered_losses: np.ndarray, trials: int, q: float) -> float:
    """`np.percentile(years, 100 q)` (linear) of the years, zeros included, from the
    sorted losses of the years with a loss."""
    zeros = trials - ordered_losses.size
    h = (trials - 1) * q
    low = math.floor(h)

    def at(i: int) -> float:
        return 0.0 if i < zeros else float(ordered_losses[i - zeros])

    a, b = at(low), at(min(low + 1, trials - 1))
    return a + (h - low) * (b - a)


class ScenarioYears:
    """A scenario's yearly rate of loss events for the reference company, one draw per
    simulated year, shared by the scenario's risks."""

    def __init__(self, key: str, scenario: Scenario, trials: int = DEFAULT_TRIALS) -> None:
        f = scenario.frequency
        rng = np.random.default_rng(seed_for(key))
        rates = pert(rng, f.low, f.mode, f.high, size=trials)
        self.trials = trials
        self._cumulative = np.cumsum(rates)
        self._total = float(self._cumulative[-1])

    def simulate(self, model: LossModel) -> Years:
        """The risk's years: its events drawn at the weakest controls' rate, each kept with
        the chance `factor / ceiling`, placed in a year in proportion to that year's rate
        (a Poisson process given the rates), with lognormal losses."""
        seed = seed_for(model.key)
        events = np.random.default_rng([seed, 0])
        sizes = np.random.default_rng([seed, 1])
        count = int(events.poisson(model.ceiling * self._total))
        place = events.random(count)
        keep = events.random(count) < model.factor / model.ceiling
        mu, sigma = lognormal_from_percentiles(*model.magnitude)
        losses = sizes.lognormal(mu, sigma, size=count)[keep]
        year = np.searchsorted(self._cumulative, place[keep] * self._total, side="right")
        np.minimum(year, self.trials - 1, out=year)
        return _by_year(self.trials, year, losses)


def _by_year(trials: int, year: np.ndarray, losses: np.ndarray) -> Years:
    if year.size == 0:
        return Years(trials, np.zeros(0, dtype=np.int64), np.zeros(0))
    years, where = np.unique(year, return_inverse=True)
    return Years(trials, years.astype(np.int64), np.bincount(where, weights=losses))


def total_of(parts: list[Years], trials: int) -> Years:
    """The trial-by-trial sum of several risks' years."""
    if not parts:
        return Years(trials, np.zeros(0, dtype=np.int64), np.zeros(0))
    return _by_year(
        trials, np.concatenate([p.year for p in parts]), np.concatenate([p.loss for p in parts])
    )


def event_loss(model: LossModel) -> dict[str, float]:
    """One event's loss: the lognormal's 10th, 50th and 90th percentiles."""
    mu, _ = lognormal_from_percentiles(*model.magnitude)
    low, high = model.magnitude
    return {"event_p10": low, "event_p50": float(np.exp(mu)), "event_p90": high}
