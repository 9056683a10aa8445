"""Board wording: money, evidence sentences and risk statements in plain language."""

from __future__ import annotations

import re

from reporting.board.words import (
    chance_of,
    count,
    format_value,
    gap_and_impact,
    listed,
    money,
    owner_does,
    sentence,
    units_phrase,
)
from reporting.catalog import Metric
from reporting.report import Driver


def where(business_unit: str | None) -> str:
    return business_unit if business_unit else "the company"


_AGREEING = re.compile(r"\{([^{}|]+)\|([^{}|]+)\}")


def what_could_happen(template: str, units: list[str | None]) -> str:
    """A scenario's sentence for where it lies: `{where}` becomes the unit, the company, or
    the units ('A, B and 4 other business units'), and each `{one|many}` the word that
    agrees with it ('relies' or 'rely')."""
    place = where(units[0]) if len(units) == 1 else units_phrase(units)
    many = len(units) > 1
    text = template.replace("{where}", place)
    return _AGREEING.sub(lambda m: m.group(2) if many else m.group(1), text)


@sentence
def evidence(
    metric: Metric,
    value: float,
    target: float,
    previous: float | None,
    business_unit: str | None,
    movement: str,
) -> str:
    """'14 high-severity vulnerabilities open past their fix-by date in Card Payments,
    against a target of 0, up from 11 last quarter'."""
    text = metric.describe(value)
    if business_unit:
        text += f" in {business_unit}"
    text += f", against a target of {format_value(target, metric.unit)}"
    if previous is not None:
        if movement == "stable":
            text += ", unchanged on last quarter"
        else:
            direction = "up" if value > previous else "down"
            text += f", {direction} from {format_value(previous, metric.unit)} last quarter"
    return text


@sentence
def statement(
    *,
    what_could_happen: str,
    likelihood: int,
    impact: int,
    rating: str,
    chance: float,
    event_p10: float,
    event_p90: float,
    bad_year: float,
    currency: str,
    evidence_lines: list[str],
    response: str,
) -> str:
    first = what_could_happen.rstrip(".") + "."
    judged = (
        f"Rated {rating}: {gap_and_impact(likelihood, impact)}; the gap is how far the "
        "controls below fall short of target, the impact what this part of the business "
        "stands to lose."
    )
    shown = f"The evidence: {'; '.join(evidence_lines)}." if evidence_lines else ""
    cost = (
        f"In money: one such event would probably cost {money(event_p10, currency)} to "
        f"{money(event_p90, currency)}, and we estimate "
        f"{chance_of(chance, 'at least one such event')} in a year"
    )
    if chance >= 0.2:
        # Only when events are common enough for a 1-in-10 year to hold one.
        cost += f"; in a bad year (1 in 10) losses could reach {money(bad_year, currency)}"
    cost += "."
    return " ".join(part for part in (first, judged, shown, cost, response) if part)


ON_TARGET = "keep its driving controls at target"


@sentence
def remedy(drivers: list[Driver], limit: int = 2, *, ordered: bool = False) -> str:
    """What would bring the risk back, from its evidence: each driving metric off target,
    heaviest first, from its value to its target, in its unit ('bring critical
    vulnerabilities past remediation deadline in Card Payments down from 14 to 0'). Nothing
    is asked of a control on target. `ordered`: the drivers are already in the order to say."""
    off = [d for d in drivers if d.status != "green"]
    if not ordered:
        off.sort(key=lambda d: (-d.weakness * d.weight, -d.weight))
    if not off:
        return ON_TARGET
    parts = []
    for d in off[:limit]:
        name = d.name[0].lower() + d.name[1:] if d.name[1:2].islower() else d.name
        where = f" in {d.business_unit}" if d.business_unit else ""
        span = f"from {format_value(d.value, d.unit)} to {format_value(d.target, d.unit)}"
        parts.append(
            f"raise {name}{where} {span}"
            if d.value < d.target
            else f"bring {name}{where} down {span}"
        )
    text = listed(parts)
    if len(off) > limit:
        text += f", with {count(len(off) - limit, 'more metric', 'more metrics')} off target"
    return text


@sentence
def response(
    *, within_appetite: bool, appetite: str, remedy: str, owner: str | None, over_tolerance: bool
) -> str:
    """What is asked of the board, and of the risk's one accountable owner."""
    if within_appetite:
        if remedy == ON_TARGET:
            return (
                "It is within the board's appetite, its controls on target; "
                f"{owner_does(owner, 'keeps them there')}."
            )
        return (
            f"It is within the board's appetite; to keep it there, "
            f"{owner_does(owner, 'should ' + remedy)}."
        )
    why = (
        "above the loss the board tolerates"
        if over_tolerance
        else f"outside the board's {appetite} appetite"
    )
    return (
        f"It is {why}: the board is asked to accept it, to fund work to {remedy}, "
        f"or to set a date by which {owner_does(owner, 'brings it back within appetite')}."
    )
