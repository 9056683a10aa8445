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
- Everything here is a pure function of its inputs (the seeds come from the keys), so a
  scenario's yearly rates and each risk's years are computed once per process and shared:
  by the options and the change in money (which re-price mostly unchanged risks), by every
  page and session, and by a what-if, which then simulates only the risks it touches.
  Shared arrays are read-only.
"""

from __future__ import annotations

import math
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from reporting.catalog.scenarios import Scenario

DEFAULT_TRIALS = 50_000
Z90 = 1.2815515655446004  # standard normal 90th percentile
PERT_SHAPE = 4.0
MAX_FACTOR = 3.0  # the frequency factor's bound (W = 1)
CRITICALITY_SCALE = {1: 0.1, 2: 0.25, 3: 0.5, 4: 0.75, 5: 1.0}
DATA_SCALE = {1.0: 1.0, 0.5: 0.7, 0.0: 0.4}  # by `scoring.data_weight`
UNREGULATED_SCALE = 0.8
# Shared results (see the module's notes): scenarios' rates (800 KB each at 50,000 trials)
# and risks' years (a few KB to 800 KB each, by how often the risk loses money). The sample
# company holds about 28 MB of them, the 50-unit enterprise about 23 MB.
RATES_KEPT = 48
RATES_BYTES = 64 * 2**20
YEARS_BYTES = 256 * 2**20
# A risk with at least one event in this share of the years is summed year by year.
DENSE_EVENTS = 8
YEARS_KEPT = 20_000


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

    @cached_property
    def _ordered(self) -> np.ndarray:
        return np.sort(self.loss)

    @cached_property
    def _figures(self) -> dict[str, float]:
        ordered = self._ordered
        p10, p50, p90 = (_quantile(ordered, self.trials, q) for q in (0.1, 0.5, 0.9))
        return {
            "p10": p10,
            "p50": p50,
            "p90": p90,
            "mean": self.mean,
            "annual_probability": self.loss.size / self.trials,
        }

    def percentiles(self) -> dict[str, float]:
        return dict(self._figures)

    def exceedance(self, points: int = 40) -> list[tuple[float, float]]:
        """Loss exceedance curve: (loss, chance that a year's loss exceeds it), log-spaced."""
        if self.loss.size == 0:
            return [(0.0, 0.0)]
        ordered = self._ordered
        # np.percentile(ordered, 1), linear, read off the sorted losses directly.
        h = (ordered.size - 1) * 0.01
        below = math.floor(h)
        above = min(below + 1, ordered.size - 1)
        t, a, b = h - below, float(ordered[below]), float(ordered[above])
        first = b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t  # numpy's own lerp
        low = max(first, 1.0)
        high = float(ordered[-1])
        if high <= low:
            return [(low, float((ordered > low).sum() / self.trials))]
        grid = np.geomspace(low, high, points)
        above = (ordered.size - np.searchsorted(ordered, grid, side="right")) / self.trials
        return list(zip(grid.tolist(), above.tolist(), strict=True))


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
    simulated year, shared by the scenario's risks. Built through `rates_for`, one per
    (key, frequency, trials) in a process; it remembers the years it simulated."""

    def __init__(self, key: str, scenario: Scenario, trials: int = DEFAULT_TRIALS) -> None:
        f = scenario.frequency
        rng = np.random.default_rng(seed_for(key))
        rates = pert(rng, f.low, f.mode, f.high, size=trials)
        self.name = (key, f.low, f.mode, f.high, trials)  # what the rates are a function of
        self.trials = trials
        self._cumulative = _frozen(np.cumsum(rates))
        self._total = float(self._cumulative[-1])
        # Where each of `trials` equal buckets of the total rate starts (see `_year_of`).
        self._starts = np.searchsorted(
            self._cumulative, np.arange(trials) * (self._total / trials), side="right"
        )

    def simulate(self, model: LossModel) -> Years:
        """The risk's years: its events drawn at the weakest controls' rate, each kept with
        the chance `factor / ceiling`, placed in a year in proportion to that year's rate
        (a Poisson process given the rates), with lognormal losses."""
        return self.simulate_many([model])[0]

    def simulate_many(self, models: list[LossModel]) -> list[Years]:
        """`simulate` of each model, the ones not simulated before drawn together: each
        risk draws from its own seeded streams, then one placement of all their events in
        the years and one sum by risk and year."""
        out: list[Years | None] = [_YEARS.get((self.name, m)) for m in models]
        todo = [i for i, found in enumerate(out) if found is None]
        if not todo:
            return out  # type: ignore[return-value]
        places, losses, counts = [], [], []
        for i in todo:
            model = models[i]
            seed = seed_for(model.key)
            events = np.random.default_rng([seed, 0])
            sizes = np.random.default_rng([seed, 1])
            count = int(events.poisson(model.ceiling * self._total))
            place = events.random(count)
            keep = events.random(count) < model.factor / model.ceiling
            mu, sigma = lognormal_from_percentiles(*model.magnitude)
            losses.append(sizes.lognormal(mu, sigma, size=count)[keep])
            places.append(place[keep])
            counts.append(int(keep.sum()))
        year = self._year_of(np.concatenate(places) * self._total)
        loss = np.concatenate(losses)
        bounds = np.concatenate([[0], np.cumsum(counts)])
        sparse = []
        for n, i in enumerate(todo):
            if counts[n] * DENSE_EVENTS < self.trials:
                sparse.append(n)
                continue
            # Most years lose something: a sum into every year is quicker than sorting.
            part = slice(bounds[n], bounds[n + 1])
            dense = np.bincount(year[part], weights=loss[part], minlength=self.trials)
            out[i] = self._keep(models[i], years_of(dense))
        if sparse:
            # One sum by (risk, year) for the rest: their years come out in order, risk
            # after risk.
            pick = np.concatenate([np.arange(bounds[n], bounds[n + 1]) for n in sparse])
            owner = np.repeat(np.arange(len(sparse), dtype=np.int64), [counts[n] for n in sparse])
            cells, where = np.unique(owner * self.trials + year[pick], return_inverse=True)
            summed = np.bincount(where, weights=loss[pick], minlength=cells.size)
            edges = np.searchsorted(cells // self.trials, np.arange(len(sparse) + 1))
            for m, n in enumerate(sparse):
                part = slice(edges[m], edges[m + 1])
                found = Years(self.trials, cells[part] % self.trials, summed[part])
                out[todo[n]] = self._keep(models[todo[n]], found)
        return out  # type: ignore[return-value]

    def _keep(self, model: LossModel, years: Years) -> Years:
        _frozen(years.year)
        _frozen(years.loss)
        _YEARS.put((self.name, model), years)
        return years

    def _year_of(self, at: np.ndarray) -> np.ndarray:
        """The simulated year each point of [0, total rate) falls in:
        `searchsorted(cumulative, at, side="right")`, found through an index of where each
        of `trials` equal buckets of the total starts (each point starts a bucket early and
        steps on over the few years in between)."""
        bucket = (at * (self.trials / self._total)).astype(np.int64) - 1
        np.clip(bucket, 0, self.trials - 1, out=bucket)
        year = self._starts[bucket]
        last = self.trials - 1
        active = np.arange(at.size)
        while active.size:
            here = year[active]
            step = (self._cumulative[np.minimum(here, last)] <= at[active]) & (here <= last)
            active = active[step]
            year[active] += 1
        np.minimum(year, last, out=year)
        return year


def rates_for(key: str, scenario: Scenario, trials: int = DEFAULT_TRIALS) -> ScenarioYears:
    """The scenario's yearly rates for `key` (its id and quarter), shared in the process."""
    f = scenario.frequency
    name = (key, f.low, f.mode, f.high, trials)
    found = _RATES.get(name)
    if found is None:
        found = ScenarioYears(key, scenario, trials)
        _RATES.put(name, found)
    return found


class _Kept:
    """A bounded, thread-safe memo, oldest forgotten first: at most `size` entries and
    `budget` bytes (as `weigh` counts them)."""

    def __init__(self, size: int, budget: int, weigh) -> None:
        self._size = size
        self._budget = budget
        self._weigh = weigh
        self._held = 0
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._held = 0

    def put(self, key, value) -> None:
        with self._lock:
            if key in self._items:
                self._held -= self._weigh(self._items.pop(key))
            self._items[key] = value
            self._held += self._weigh(value)
            while len(self._items) > 1 and (
                len(self._items) > self._size or self._held > self._budget
            ):
                self._held -= self._weigh(self._items.popitem(last=False)[1])


_RATES = _Kept(RATES_KEPT, RATES_BYTES, lambda r: r._cumulative.nbytes + r._starts.nbytes)
_YEARS = _Kept(YEARS_KEPT, YEARS_BYTES, lambda y: y.year.nbytes + y.loss.nbytes)


def forget() -> None:
    """Drop every shared result (a bench, or a test that changes how seeds are made)."""
    _RATES.clear()
    _YEARS.clear()


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


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
