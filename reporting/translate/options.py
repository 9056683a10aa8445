"""The budget conversation: what each option would buy, and which to fund for a budget.

What this module owns: turning an initiative (metrics brought to values, a cost, an owner,
a date) into money removed from the company's simulated year, the default option for a
risk outside appetite when the context names none, the ranking by reduction per unit of
money, and the portfolio a budget buys. Assumptions, stated once:

- An option is priced with the report's own model, seeds and simulated years: only the
  scenarios whose drivers it changes are priced again, every other scenario keeps its
  years, so the difference is the option's effect and not noise (common random numbers).
- An effect sets a metric to a value in the reported quarter: in the business unit it
  names, or wherever the metric was reported (company-wide and every unit); a metric with
  no value that quarter is added for that unit, or company-wide.
- Reduction per unit of money: the expected annual loss removed over `HORIZON_YEARS`
  years, divided by what the option costs over those years (one-off plus yearly). An
  option without a cost has no ratio, and the pack says the cost is missing.
- A risk outside appetite that no initiative in the context brings within appetite gets a
  default option: its driving metrics off target brought to target where they are off,
  owned by the risk's owner, with no cost until the user gives one.
- The portfolio: the options with a cost whose first-year spend (one-off plus one year)
  fits the budget and whose added expected loss removed is largest, found exactly
  (branch and bound); the chosen options are then priced together, since two options on
  the same controls do not add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from reporting.board.words import count, format_value, listed, sentence
from reporting.catalog import Catalog
from reporting.catalog.scenarios import ScenarioCatalog
from reporting.context import BusinessContext, Cost, Effect, Initiative
from reporting.observations import Source
from reporting.report import (
    Budget,
    MetricStatus,
    MoneyChange,
    MoneyMove,
    MoneyStep,
    OptionResult,
    Portfolio,
    Risk,
)
from reporting.translate import exposure, risks, status

HORIZON_YEARS = 3
Rows = risks.Rows
# How many unit risks the options, and then the change in money, may each price again: the
# sample company needs a few hundred; a register of thousands of unit risks stops here
# (about 1 s each), and what was not priced is said rather than left out silently.
PRICING_WORK = 5_000


@dataclass
class Base:
    """What the report was built on, to price options against."""

    scenarios: ScenarioCatalog
    current: Rows
    context: BusinessContext
    catalog: Catalog
    revenue: float
    period: str
    trials: int
    years: dict[str, exposure.Years]  # each scenario's simulated years
    within: dict[str, bool]  # each scenario's appetite, as the register has it
    targets: dict[str, list[str | None]] = field(default_factory=dict)  # each one's split
    units: set[str] = field(default_factory=set)  # the business units the data has
    work: int = PRICING_WORK  # unit risks that may still be priced again (see PRICING_WORK)

    def spend(self, units: int) -> None:
        """Take `units` risk pricings from the work left, or raise `OutOfWork`."""
        if units > self.work:
            raise OutOfWork
        self.work -= units

    def total(self, years: dict[str, exposure.Years]) -> np.ndarray:
        out = np.zeros(self.trials)
        for y in years.values():
            out[y.year] += y.loss
        return out


class OutOfWork(Exception):
    """The pricing work left for options and the change in money is spent."""


def default_options(
    register: list[Risk], context: BusinessContext, covered: set[str] = frozenset()
) -> list[Initiative]:
    """An option per risk outside appetite that no initiative in the context brings within
    it (`covered`: the scenarios they do). Risks whose failing metrics are the same share
    one option, named for all of them."""
    named = {i.name.casefold() for i in context.initiatives}
    by_effect: dict[tuple, tuple[list[Risk], list[Effect]]] = {}
    for risk in register:
        if risk.within_appetite or risk.scenario in covered:
            continue
        off = [d for d in risk.drivers if d.status != "green"]
        if not off:
            continue
        effects = [
            Effect(metric=d.metric_id, to=d.target, business_unit=d.business_unit) for d in off
        ]
        key = tuple(sorted((e.metric, e.business_unit or "", e.to) for e in effects))
        by_effect.setdefault(key, ([], effects))[0].append(risk)
    out = []
    for risks_, effects in by_effect.values():
        titles = [r.title[0].lower() + r.title[1:] for r in risks_]
        name = "Close the control gaps behind " + listed(titles)
        if name.casefold() in named:
            continue
        out.append(Initiative(name=name, owner=risks_[0].owner, effect=effects))
    return out


def apply(effects: list[Effect], rows: Rows, catalog: Catalog) -> Rows:
    """The quarter's rows with the effects applied (see the module's assumptions)."""
    out = dict(rows)
    by_metric: dict[str, list[tuple[str, str | None]]] = {}
    for key in rows:
        by_metric.setdefault(key[0], []).append(key)
    for effect in effects:
        metric = catalog[effect.metric]
        known = by_metric.setdefault(effect.metric, [])
        if effect.business_unit is None:
            keys = list(known) or [(effect.metric, None)]
        else:
            keys = [(effect.metric, effect.business_unit)]
        for key in keys:
            row = out.get(key)
            target = row.target if row is not None else metric.target
            changed = {
                "value": effect.to,
                "status": status.status(metric, effect.to, target),
                "weakness": status.weakness(metric, effect.to, target),
            }
            if row is None:
                known.append(key)
                row = MetricStatus(
                    metric_id=metric.id,
                    name=metric.name,
                    domain=metric.domain,
                    business_unit=key[1],
                    value=effect.to,
                    unit=metric.unit,
                    target=target,
                    tolerance=metric.tolerance,
                    higher_is_better=metric.higher_is_better,
                    status="green",
                    weakness=0.0,
                    source=Source(file="option", sheet=None, cell=None),
                )
            out[key] = row.model_copy(update=changed)
    return out


def price(
    base: Base, effects: list[Effect]
) -> tuple[dict[str, exposure.Years], dict[str, bool], set[str]]:
    """Each scenario's years and appetite with the effects applied (those naming a business
    unit the data does not have are left out, and said): the scenarios they touch priced
    again on the report's own split by unit, the others as they were."""
    usable = [e for e in effects if e.business_unit is None or e.business_unit in base.units]
    return price_rows(base, apply(usable, base.current, base.catalog), {e.metric for e in usable})


def price_rows(
    base: Base, current: Rows, metrics: set[str]
) -> tuple[dict[str, exposure.Years], dict[str, bool], set[str]]:
    """Each scenario's years and appetite on `current`, re-pricing only the scenarios
    driven by `metrics`, and which scenarios were priced again."""
    years, within = dict(base.years), dict(base.within)
    repriced: set[str] = set()
    for scenario in base.scenarios.scenarios:
        if not metrics & {d.metric for d in scenario.drivers}:
            continue
        base.spend(len(base.targets.get(scenario.id) or [None]))
        priced = risks.price_scenario(
            scenario,
            current,
            context=base.context,
            revenue=base.revenue,
            period=base.period,
            trials=base.trials,
            targets=base.targets.get(scenario.id),
        )
        if priced is None:
            continue
        within[scenario.id], years[scenario.id] = priced
        repriced.add(scenario.id)
    return years, within, repriced


def evaluate(base: Base, initiative: Initiative, default: bool = False) -> OptionResult:
    """What the initiative buys, against the report's year."""
    before = base.total(base.years)
    years, within, repriced = price(base, initiative.effect)
    after = base.total(years)
    removed = float(before.mean() - after.mean())
    p90 = float(np.percentile(before, 90) - np.percentile(after, 90))
    cost = initiative.cost
    horizon = cost.over(HORIZON_YEARS) if cost is not None else None
    return OptionResult(
        name=initiative.name,
        owner=initiative.owner,
        default=default,
        one_off=cost.one_off if cost is not None else None,
        yearly=cost.yearly if cost is not None else None,
        due=initiative.due,
        effects=[_effect_words(e, base) for e in initiative.effect],
        targets=[e.model_dump() for e in initiative.effect],
        metrics=sorted({e.metric for e in initiative.effect}),
        eal_removed=removed,
        p90_removed=p90,
        by_scenario={
            s: float(base.years[s].mean - years[s].mean) for s in base.years if s in repriced
        },
        brought_within=[s for s, ok in within.items() if ok and not base.within.get(s, True)],
        horizon_cost=horizon,
        per_money=removed * HORIZON_YEARS / horizon if horizon else None,
    )


def budget(base: Base, register: list[Risk]) -> Budget:
    """Every option priced and ranked (costed, by reduction per unit of money, first), and
    the portfolio the context's budget buys (without one: every costed option that removes
    loss)."""
    budget_limit = base.context.budget
    results: list[OptionResult] = []
    unpriced: list[str] = []

    def priced(initiative: Initiative, default: bool = False) -> None:
        try:
            results.append(evaluate(base, initiative, default))
        except OutOfWork:
            unpriced.append(initiative.name)

    for initiative in base.context.initiatives:
        priced(initiative)
    covered = {s for r in results for s in r.brought_within}
    for initiative in default_options(register, base.context, covered):
        priced(initiative, default=True)
    results.sort(key=lambda r: (r.per_money is None, -(r.per_money or 0), -r.eal_removed, r.name))
    costed = [r for r in results if r.horizon_cost]
    portfolio = None
    if costed:
        limit = (
            budget_limit
            if budget_limit is not None
            else sum(_first_year(r) for r in costed if r.eal_removed > 0)
        )
        try:
            portfolio = choose(base, costed, limit)
        except OutOfWork:
            unpriced.append("the portfolio, priced together")
    return Budget(
        horizon_years=HORIZON_YEARS,
        options=results,
        portfolio=portfolio,
        budget_given=budget_limit is not None,
        unpriced=unpriced,
    )


def choose(base: Base, options: list[OptionResult], limit: float) -> Portfolio:
    """The options to fund within `limit` (first-year spend) for the most expected loss
    removed, then priced together."""
    picked = best_subset([_first_year(o) for o in options], [o.eal_removed for o in options], limit)
    chosen = [options[i] for i in picked]
    initiatives = {i.name: i for i in base.context.initiatives}
    effects = [e for o in chosen for e in initiatives[o.name].effect] if chosen else []
    before = base.total(base.years)
    after = base.total(price(base, effects)[0]) if effects else before
    return Portfolio(
        budget=limit,
        chosen=[o.name for o in chosen],
        spend=sum(_first_year(o) for o in chosen),
        eal_removed=float(before.mean() - after.mean()),
        p90_removed=float(np.percentile(before, 90) - np.percentile(after, 90)),
        eal_removed_alone=sum(o.eal_removed for o in chosen),
    )


def best_subset(costs: list[float], gains: list[float], limit: float) -> list[int]:
    """The indices whose costs fit `limit` with the largest total gain (0/1 knapsack by
    branch and bound: exact, and quick for the tens of options a board weighs)."""
    items = sorted(
        (i for i in range(len(costs)) if gains[i] > 0 and costs[i] <= limit),
        key=lambda i: -gains[i] / costs[i] if costs[i] > 0 else -float("inf"),
    )
    best: tuple[float, list[int]] = (0.0, [])

    def bound(k: int, room: float, gain: float) -> float:
        for i in items[k:]:
            if costs[i] <= room:
                room -= costs[i]
                gain += gains[i]
            else:
                return gain + (gains[i] * room / costs[i] if costs[i] > 0 else gains[i])
        return gain

    def search(k: int, room: float, gain: float, taken: list[int]) -> None:
        nonlocal best
        if gain > best[0]:
            best = (gain, list(taken))
        if k == len(items) or bound(k, room, gain) <= best[0]:
            return
        i = items[k]
        if costs[i] <= room:
            taken.append(i)
            search(k + 1, room - costs[i], gain + gains[i], taken)
            taken.pop()
        search(k + 1, room, gain, taken)

    search(0, limit, 0.0, [])
    return sorted(best[1])


def _first_year(option: OptionResult) -> float:
    return (option.one_off or 0) + (option.yearly or 0)


def _effect_words(effect: Effect, base: Base) -> str:
    metric = base.catalog[effect.metric]
    where = f" in {effect.business_unit}" if effect.business_unit else ""
    return f"{metric.name}{where} to {format_value(effect.to, metric.unit)}"


__all__ = ["HORIZON_YEARS", "Base", "Cost", "best_subset", "budget", "evaluate"]


# The metrics priced one by one in "what changed": those whose move weighs most.
CHANGE_METRICS = 8
#: The measures, by business unit, that 'what changed' names.
CHANGE_MOVERS = 6
MOVER_CANDIDATES = 60


def money_change(
    base: Base, previous: Rows, previous_period: str, titles: dict[str, str]
) -> MoneyChange | None:
    """Expected annual loss this quarter against last, by scenario, and by the metrics
    that moved: each priced alone with this quarter's seeds (this quarter's loss against the
    same quarter with that metric back at last quarter's value)."""
    if not previous:
        return None
    base.work = PRICING_WORK  # its own share of work, after the options'
    then: dict[str, exposure.Years] = {}
    for scenario in base.scenarios.scenarios:
        units = {
            u for m, u in previous if u is not None and m in {d.metric for d in scenario.drivers}
        }
        try:
            base.spend(max(len(units), 1))
        except OutOfWork:
            return None
        priced = risks.price_scenario(
            scenario,
            previous,
            context=base.context,
            revenue=base.revenue,
            period=previous_period,
            trials=base.trials,
        )
        if priced is not None:
            then[scenario.id] = priced[1]
    before = sum(y.mean for y in then.values())
    after = sum(y.mean for y in base.years.values())
    by_scenario = [
        MoneyStep(
            name=titles.get(s, s),
            amount=(base.years[s].mean if s in base.years else 0.0)
            - (then[s].mean if s in then else 0.0),
        )
        for s in sorted(set(base.years) | set(then))
    ]
    by_scenario.sort(key=lambda step: -abs(step.amount))
    # The metrics that moved, heaviest move first (how far each one's weakness changed).
    moved: dict[str, float] = {}
    for key, row in base.current.items():
        old = previous.get(key)
        if old is not None and old.value != row.value:
            moved[row.metric_id] = moved.get(row.metric_id, 0.0) + abs(row.weakness - old.weakness)
    heaviest = sorted(moved, key=lambda m: -moved[m])[:CHANGE_METRICS]
    by_metric = []
    left_out = len(moved) - len(heaviest)
    for metric_id in heaviest:
        undone = dict(base.current)
        for key in base.current:
            if key[0] == metric_id and key in previous:
                undone[key] = previous[key]
        try:
            years, _, _ = price_rows(base, undone, {metric_id})
        except OutOfWork:
            left_out += 1
            continue
        without = sum(y.mean for y in years.values())
        by_metric.append(MoneyStep(name=base.catalog[metric_id].name, amount=after - without))
    by_metric.sort(key=lambda step: -abs(step.amount))
    return MoneyChange(
        movers=_movers(base, previous, after),
        previous_period=previous_period,
        before=before,
        after=after,
        by_scenario=by_scenario,
        by_metric=by_metric,
        other=(after - before) - sum(step.amount for step in by_metric),
        metrics_left_out=left_out,
    )


def _movers(base: Base, previous: Rows, after: float) -> list[MoneyMove]:
    """The measures, by business unit, whose move since last quarter did most to expected
    annual loss, the worsenings and the improvements each up to half of `CHANGE_MOVERS`:
    each priced alone, this quarter's loss against the same quarter with only that measure,
    in only that unit, back at last quarter's value. Candidates are the moves that changed a
    measure's weakness most."""
    moves = {
        key: row.weakness - previous[key].weakness
        for key, row in base.current.items()
        if key in previous and previous[key].value != row.value
    }
    priced: list[MoneyMove] = []
    rates: dict[str, exposure.ScenarioYears] = {}
    for key in sorted(moves, key=lambda k: -abs(moves[k]))[:MOVER_CANDIDATES]:
        row, old = base.current[key], previous[key]
        try:
            amount: float | None = _move_amount(base, key, old, rates)
        except OutOfWork:
            amount = None
        priced.append(
            MoneyMove(
                metric_id=row.metric_id,
                name=row.name,
                business_unit=row.business_unit,
                previous=old.value,
                value=row.value,
                unit=row.unit,
                worse=moves[key] > 0,
                amount=amount,
            )
        )

    def weight(move: MoneyMove) -> float:
        return abs(move.amount) if move.amount is not None else 0.0

    worse = sorted((m for m in priced if m.worse), key=weight, reverse=True)
    better = sorted((m for m in priced if not m.worse), key=weight, reverse=True)
    half = CHANGE_MOVERS // 2
    take_worse = max(half, CHANGE_MOVERS - len(better))
    return worse[:take_worse] + better[: CHANGE_MOVERS - min(take_worse, len(worse))]


@sentence
def unpriced_note(unpriced: list[str], risks: int) -> str:
    """What to say of the options the pricing work left out (see `PRICING_WORK`)."""
    return (
        f"With {count(risks, 'risk', 'risks')} to price again, not every option could be "
        f"priced in this build: {listed(unpriced)} {'was' if len(unpriced) == 1 else 'were'} "
        "left out."
    )


def _move_amount(
    base: Base,
    key: tuple[str, str | None],
    old: MetricStatus,
    rates: dict[str, exposure.ScenarioYears],
) -> float:
    """What one measure's move in one unit did to expected annual loss: only the unit risks
    that read that row are priced again, now and with the row as it was. (Expected loss adds
    up over unit risks, and each is priced on the scenario's own seeded years, so this is
    the whole report's change, without re-pricing every other unit.)"""
    metric, unit = key
    then = {**base.current, key: old}
    amount = 0.0
    for scenario in base.scenarios.scenarios:
        if metric not in {d.metric for d in scenario.drivers}:
            continue
        targets = base.targets.get(scenario.id) or risks.split_units(scenario, base.current)
        targets = targets or [None]
        # A unit's own row, or a company-wide row for every unit with none of its own.
        reading = [
            u
            for u in targets
            if u == unit or (unit is None and (u is None or (metric, u) not in base.current))
        ]
        if not reading:
            continue
        base.spend(2 * len(reading))
        if scenario.id not in rates:
            rates[scenario.id] = exposure.rates_for(
                f"{scenario.id}@{base.period}", scenario, base.trials
            )
        for u in reading:
            for rows, sign in ((base.current, 1.0), (then, -1.0)):
                assessed = risks.assess_drivers(scenario, u, rows)
                if assessed is None:
                    continue
                priced = risks.price(
                    scenario,
                    u,
                    assessed,
                    context=base.context,
                    revenue=base.revenue,
                    share=1 / len(targets),
                    period=base.period,
                    rates=rates[scenario.id],
                )
                amount += sign * priced.years.mean
    return amount


@sentence
def unknown_units(context: BusinessContext, units: set[str]) -> list[str]:
    """What to say of initiatives whose effects name a business unit the data lacks."""
    out = []
    for initiative in context.initiatives:
        missing = sorted({e.business_unit for e in initiative.effect if e.business_unit} - units)
        if missing:
            out.append(
                f"The initiative '{initiative.name}' names {listed(missing)}, which "
                f"{'has' if len(missing) == 1 else 'have'} no figures this quarter: "
                "those effects are left out of what it buys."
            )
    return out
