"""Metric status against target, and how far a metric falls short.

- The target is the one written beside the value in the sheet, else the context file's
  override, else the catalog's default. The tolerance is always the catalog's.
- Status: green when the target is met; amber when it is missed by no more than the
  tolerance; red beyond. Direction decides which side is good.
- Weakness, used by risk scoring: 0 at or better than target, 0.5 at the amber/red edge,
  and on towards 1 without reaching it: x / (1 + x) for a shortfall of x tolerances (2/3
  at twice the tolerance, 0.9 at ten times). A metric made worse always has a higher
  weakness, however far past its tolerance it already is, so five times the overdue
  findings still moves the risk.
- Movement between quarters: a change smaller than 5 % of the tolerance (or 0.1 % of the
  target when the tolerance is 0) is "stable".
"""

from __future__ import annotations

from reporting.catalog import Metric

_MIN_TOLERANCE_SHARE = 0.05


def resolve_target(
    metric: Metric, sheet_target: float | None, overrides: dict[str, float]
) -> float:
    if sheet_target is not None:
        return sheet_target
    return overrides.get(metric.id, metric.target)


def target_source(metric: Metric, sheet_target: float | None, overrides: dict[str, float]) -> str:
    """Where `resolve_target`'s target came from: "sheet", "context" or "catalog" (the
    catalog's default, which the board is told is a default)."""
    if sheet_target is not None:
        return "sheet"
    return "context" if metric.id in overrides else "catalog"


def shortfall(metric: Metric, value: float, target: float) -> float:
    """How far the value is on the wrong side of the target (0 when met)."""
    gap = target - value if metric.higher_is_better else value - target
    return max(0.0, gap)


def _scale(metric: Metric, target: float) -> float:
    # A tolerance of 0 would make any miss infinitely weak; fall back to a sliver of target.
    return metric.tolerance if metric.tolerance > 0 else max(abs(target) * 0.05, 1.0)


def status(metric: Metric, value: float, target: float) -> str:
    gap = shortfall(metric, value, target)
    if gap <= 0:
        return "green"
    return "amber" if gap <= metric.tolerance else "red"


def weakness(metric: Metric, value: float, target: float) -> float:
    return weakness_of(shortfall(metric, value, target) / _scale(metric, target))


def weakness_of(tolerances_short):
    """The weakness of a shortfall of x tolerances (a float, or an array of them)."""
    return tolerances_short / (1 + tolerances_short)


def movement(metric: Metric, value: float, previous: float | None, target: float) -> str:
    if previous is None:
        return "new"
    change = value - previous
    threshold = _scale(metric, target) * _MIN_TOLERANCE_SHARE
    if abs(change) <= threshold:
        return "stable"
    better = change > 0 if metric.higher_is_better else change < 0
    return "improving" if better else "worsening"
