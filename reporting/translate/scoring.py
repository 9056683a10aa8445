"""Risk scoring: likelihood from the metrics, impact from the business, rating and appetite.

Model and assumptions, stated once:

Likelihood (1-5), shown to the board as the control gap: how far the controls fall short
of target, not a yearly chance (the exposure model gives that). Each driving metric of a scenario has a weakness w in [0, 1] (see
`status`). W is 70 % their weighted mean and 30 % the largest of them, over the drivers
that have data: attackers use the weakest control, so perfect multi-factor authentication
does not average away a backlog of overdue vulnerabilities. W sets the likelihood:
W < 0.1 -> 1 (very low), < 0.3 -> 2 (low), < 0.5 -> 3 (medium), < 0.7 -> 4 (high),
else 5 (very high). Making any driving metric worse never lowers W, so never lowers
the likelihood. Drivers without data are left out, and the share of weight that had data
is reported as the evidence coverage.

Impact (1-5). It starts from the business unit's criticality (1-5; the highest
criticality in the company for a company-wide risk, 3 when nothing is known), adds the
weight of the most sensitive data the unit holds among those the scenario cares about (1
for payment card, health, children's or government data, 0.5 for other personal,
financial, credential, employee, intellectual property or operational technology data),
0.5 when the scenario is regulatory and
the unit is under a regulation, and +0.5 / -0.5 for a company with revenue above 2 billion /
below 50 million; then it is rounded half up and kept within 1-5. Raising criticality never
lowers impact. Technical severity plays no part: a critical finding on a criticality-1
sandbox carries less impact than a medium one on a criticality-5 payment system.

Rating. The score is likelihood x impact: up to 5 low, up to 10 moderate, up to 16 high,
above that critical. (So a unit of the highest impact rates low only while the likelihood
is the lowest, and moderate while it is low.)

Appetite. The board's appetite names the highest rating it accepts: a low appetite accepts
low risks, moderate accepts up to moderate, high up to high; a critical risk is always
outside. When the context sets a tolerance, a risk whose 1-in-10-year annual loss exceeds
it is outside appetite whatever its rating.

Trend. The score against the previous quarter's score, both computed over the drivers
measured alike in the two quarters (same metric, same business unit): higher is
worsening, lower is improving; equal scores are compared on W (a move of 0.05 or more
counts). With no driver measured alike in both quarters the risk is new.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

RATING_CEILING = {"low": 5, "moderate": 10, "high": 16}

LARGE_REVENUE = 2_000_000_000
SMALL_REVENUE = 50_000_000
_W_EDGES = (0.1, 0.3, 0.5, 0.7)
_TREND_EPSILON = 0.05


@dataclass(frozen=True)
class WeightedWeakness:
    value: float  # W in [0, 1]
    coverage: float  # share of driver weight with data


def combine(weaknesses: list[tuple[float, float]], total_weight: float) -> WeightedWeakness | None:
    """70 % weighted mean, 30 % weakest link, of (weakness, weight) pairs; None when
    no driver has data."""
    present = sum(weight for _, weight in weaknesses)
    if present <= 0:
        return None
    mean = sum(w * weight for w, weight in weaknesses) / present
    value = 0.7 * mean + 0.3 * max(w for w, _ in weaknesses)
    return WeightedWeakness(value=value, coverage=present / total_weight)


def likelihood(weakness: float) -> int:
    if not 0 <= weakness <= 1:
        raise ValueError(f"weakness must lie in [0, 1], got {weakness}")
    return 1 + sum(weakness >= edge for edge in _W_EDGES)


DATA_WEIGHT = {"payment_card": 1.0, "health": 1.0, "children": 1.0, "government": 1.0}
OTHER_DATA_WEIGHT = 0.5


def data_weight(held: set[str], sensitive: set[str]) -> float:
    """Weight of the most sensitive data held among the kinds a scenario cares about."""
    return max((DATA_WEIGHT.get(d, OTHER_DATA_WEIGHT) for d in held & sensitive), default=0.0)


def impact(
    criticality: int,
    *,
    data: float,
    regulated: bool,
    annual_revenue: float | None,
) -> int:
    if not 1 <= criticality <= 5:
        raise ValueError(f"criticality must lie in 1-5, got {criticality}")
    if not 0 <= data <= 1:
        raise ValueError(f"data weight must lie in 0-1, got {data}")
    value = float(criticality) + data
    value += 0.5 if regulated else 0.0
    if annual_revenue is not None:
        if annual_revenue >= LARGE_REVENUE:
            value += 0.5
        elif annual_revenue < SMALL_REVENUE:
            value -= 0.5
    return max(1, min(5, math.floor(value + 0.5)))


def rating(score: int) -> str:
    for name, ceiling in RATING_CEILING.items():
        if score <= ceiling:
            return name
    return "critical"


def within_appetite(
    score: int, appetite: str, bad_year_loss: float, tolerance: float | None
) -> bool:
    if score > RATING_CEILING[appetite]:
        return False
    return tolerance is None or bad_year_loss <= tolerance


def trend(
    score: int, weakness: float, previous_score: int | None, previous_weakness: float | None
) -> str:
    if previous_score is None or previous_weakness is None:
        return "new"
    if score != previous_score:
        return "worsening" if score > previous_score else "improving"
    if abs(weakness - previous_weakness) >= _TREND_EPSILON:
        return "worsening" if weakness > previous_weakness else "improving"
    return "stable"
