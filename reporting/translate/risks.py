"""Risks: each scenario assessed for the business units its evidence speaks about.

What this module owns: which metrics drive a scenario for a unit, when a scenario is split
by business unit, each `Risk` (scores, trend, exposure, evidence, owner and wording) and
the ranking of the register. Scores come from `scoring`, money from `exposure`, sentences
from `wording`. Assumptions of its rules:

- Drivers. A scenario's drivers are the catalog metrics its scenario file names, with
  weights. For a business unit, the unit's own figure of a metric is used, else the
  company-wide figure; company-wide risks use company-wide figures only. Drivers without
  data are left out (`scoring.combine` reports the share of weight that had data).
- Unit split. A scenario is assessed per business unit when the metrics reported for
  that unit carry at least `UNIT_SPLIT_SHARE` of the driver weight that has any data;
  otherwise it is one company-wide risk, so the same company-wide evidence is not repeated
  once per unit. The units assessed share the company's event frequency equally.
- Impact profile. A unit is scored on its criticality, data and regulations from the
  business context; a company-wide risk on the highest criticality and every data type and
  regulation of the company; a unit or company the context does not describe is medium
  criticality (3 of 5) with no sensitive data and no regulation.
- Trend. Compared with last quarter over the drivers measured alike in both quarters (the
  same metric from the same unit, or company-wide in both); "new" when there was no
  assessment last quarter or nothing compares.
- Evidence. The board reads the three drivers that weigh most on the risk now (weakness
  times weight; the heaviest driver when none is weak), and, unless the risk is worsening,
  the driver that improved most since last quarter as what pulled the other way.
- Remedy. What the evidence asks: each driving metric off target, heaviest first, from its
  value to its target, in its unit (`wording.remedy`); a control on target is asked nothing.
- Owner. The context's owner for the scenario, else the business unit's owner, else the
  CISO (and the report says so).
- Ranking. One order everywhere (`RANKING_WORDS`): by rating, then by expected yearly
  loss, so risks of equal rating rank by money; then title and unit, so the order is
  stable.
- Money. A unit's loss per event follows what the unit is: its criticality, the data it
  holds and the regulations it is under (`exposure.magnitude_scale`), uncapped.
- Identity. A risk's id is the scenario id, with the unit's name in lower-case words for a
  unit risk (`data_breach:card-payments`); with the quarter it seeds the risk's Monte Carlo
  (see `exposure`), so a what-if compares like with like.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from reporting.board.words import DEFAULT_OWNER, listed, sentence, the_owner
from reporting.catalog import Catalog
from reporting.catalog.scenarios import Scenario, ScenarioCatalog
from reporting.context import BusinessContext
from reporting.report import Driver, ExceedancePoint, Exposure, MetricStatus, Risk
from reporting.translate import exposure, scoring, status, wording
from reporting.translate.caveats import MIN_EVIDENCE

Rows = dict[tuple[str, str | None], MetricStatus]  # (metric id, business unit) -> status row

# A scenario is assessed per business unit when the metrics reported for that unit carry
# at least this share of the driver weight that has any data; otherwise the unit split would
# repeat the same company-wide evidence once per unit.
UNIT_SPLIT_SHARE = 0.4


@dataclass
class Assessment:
    """A scenario's combined weakness for one unit (or the company), and the drivers behind it."""

    weakness: scoring.WeightedWeakness
    drivers: list[tuple[float, MetricStatus]]  # (weight, row)


def assess_drivers(scenario: Scenario, unit: str | None, rows: Rows) -> Assessment | None:
    """The scenario's drivers for `unit` (its own figures, else company-wide ones), or None
    when no driver has data."""
    found = []
    for driver in scenario.drivers:
        row = rows.get((driver.metric, unit)) if unit else None
        row = row or rows.get((driver.metric, None))
        if row is not None:
            found.append((driver.weight, row))
    total = sum(d.weight for d in scenario.drivers)
    combined = scoring.combine([(row.weakness, weight) for weight, row in found], total)
    return None if combined is None else Assessment(combined, found)


def split_units(scenario: Scenario, rows: Rows) -> list[str]:
    """The business units the scenario is assessed for; empty for one company-wide risk."""
    weights = {d.metric: d.weight for d in scenario.drivers}
    reported = sum(weights[m] for m in {m for m, _ in rows if m in weights})
    by_unit: dict[str, float] = defaultdict(float)
    for metric_id, unit in rows:
        if unit is not None and metric_id in weights:
            by_unit[unit] += weights[metric_id]
    return sorted(u for u, w in by_unit.items() if w / reported >= UNIT_SPLIT_SHARE)


def assess_risks(
    scenarios: ScenarioCatalog,
    current: Rows,
    previous: Rows,
    *,
    context: BusinessContext,
    catalog: Catalog,
    revenue: float,
    currency: str,
    period: str,
    trials: int,
) -> tuple[list[Risk], list[Risk], dict[str, exposure.Years]]:
    """The ranked register for `period` (one risk per scenario), the ranked risks of each
    scenario in each business unit it was split into (the drill-down), and each scenario's
    simulated yearly losses (its risks' added trial by trial; the company's year is theirs
    added). Each scenario's yearly rate is drawn once and shared by its risks (see
    `exposure`)."""
    register: list[Risk] = []
    by_unit: list[Risk] = []
    years_by_scenario: dict[str, exposure.Years] = {}
    for scenario in scenarios.scenarios:
        targets: list[str | None] = split_units(scenario, current) or [None]
        assessed = []
        for unit in targets:
            now = assess_drivers(scenario, unit, current)
            if now is not None:
                assessed.append((unit, now, assess_drivers(scenario, unit, previous)))
        if not assessed:
            continue
        rates = exposure.rates_for(f"{scenario.id}@{period}", scenario, trials)
        all_priced = price_many(
            scenario,
            [(unit, now) for unit, now, _ in assessed],
            context=context,
            revenue=revenue,
            share=1 / len(targets),
            period=period,
            rates=rates,
        )
        found: dict[str, tuple[Risk, exposure.Years]] = {}
        for (unit, now, before), priced in zip(assessed, all_priced, strict=True):
            risk, years = _risk(
                scenario,
                unit,
                now,
                before,
                priced,
                context=context,
                catalog=catalog,
                currency=currency,
            )
            # Two units of one slug make one id (and one seed): the last one counts.
            found[risk.id] = (risk, years)
        if len(found) == 1:
            # Company-wide, or split into one unit only: the risk is its own row.
            ((risk, years),) = found.values()
            register.append(risk)
        else:
            units = [risk for risk, _ in found.values()]
            rank(units)
            years = exposure.total_of([y for _, y in found.values()], trials)
            register.append(_roll_up(scenario, units, years, context, currency))
            by_unit += units
        years_by_scenario[scenario.id] = years
    rank(register)
    rank(by_unit)
    return register, by_unit, years_by_scenario


def _roll_up(
    scenario: Scenario,
    units: list[Risk],
    years: exposure.Years,
    context: BusinessContext,
    currency: str,
) -> Risk:
    """One row for a scenario assessed in several units: rated as its worst unit (the first
    by the register's order), outside appetite when any unit is, its money the trial-by-trial
    sum of the units' years, and one owner. Its evidence and remedy come from the units that
    drive it (those outside appetite, else all), worst unit first, heaviest driver first
    within a unit; a company-wide figure every unit shares is said once."""
    lead = units[0]
    figures = years.percentiles()
    within = all(u.within_appetite for u in units)
    driving = [u for u in units if not u.within_appetite] or units
    # Where it lies: every unit it was assessed in, as the register's "Where" says.
    what = wording.what_could_happen(scenario.what_could_happen, [u.business_unit for u in units])
    owner = context.owners.get(scenario.id) or lead.owner
    ranked = _once([d for u in driving for d in u.ranked_drivers])
    shown = _evidence_lines(ranked)
    event_low = min(u.exposure.event_p10 or 0 for u in units)
    event_high = max(u.exposure.event_p90 or 0 for u in units)
    costliest = max(units, key=lambda u: u.exposure.event_p50 or 0)
    tolerance = context.risk_appetite.tolerance
    fix = wording.remedy(ranked, ordered=True)
    respond = wording.response(
        within_appetite=within,
        appetite=lead.appetite,
        remedy=fix,
        owner=owner,
        over_tolerance=tolerance is not None and figures["p90"] > tolerance,
    )
    # Rated, trended and judged as its worst unit: those fields are the lead's.
    return lead.model_copy(
        update={
            "id": scenario.id,
            "business_unit": None,
            "units": [u.business_unit for u in units if u.business_unit],
            "within_appetite": within,
            "statement": wording.statement(
                what_could_happen=what,
                likelihood=lead.likelihood,
                impact=lead.impact,
                rating=lead.rating,
                chance=figures["annual_probability"],
                event_p10=event_low,
                event_p90=event_high,
                bad_year=figures["p90"],
                currency=currency,
                evidence_lines=shown,
                response=respond,
            ),
            "what_could_happen": what,
            "evidence": shown,
            "response": respond,
            "remedy": fix,
            "owner": owner,
            "exposure": Exposure(
                **figures,
                event_p10=event_low,
                event_p50=costliest.exposure.event_p50,
                event_p90=event_high,
                currency=currency,
            ),
            "exceedance": _curve(years),
            "drivers": ranked,  # the other units' are in their own rows
            "benchmark": None,
        }
    )


def _evidence_lines(ranked: list[Driver]) -> list[str]:
    """What a board reads as the evidence: the three heaviest drivers that are short of
    target (the heaviest driver when none is)."""
    return [d.evidence for d in ranked if d.weakness > 0][:3] or [ranked[0].evidence]


RATING_ORDER = {"critical": 0, "high": 1, "moderate": 2, "low": 3}


def rank(risks: list[Risk]) -> None:
    """The one order of risks everywhere (`RANKING_WORDS`): rating, then expected yearly
    loss (ties broken by money), then title and unit so the order is stable."""
    risks.sort(
        key=lambda r: (
            RATING_ORDER[r.rating],
            -r.exposure.mean,
            r.title,
            r.business_unit or "",
        )
    )
    for position, risk in enumerate(risks, start=1):
        risk.rank = position


def _once(drivers: list[Driver]) -> list[Driver]:
    """Each (metric, unit) figure once, in the order given."""
    seen: set[tuple[str, str | None]] = set()
    out = []
    for d in drivers:
        if (d.metric_id, d.business_unit) not in seen:
            seen.add((d.metric_id, d.business_unit))
            out.append(d)
    return out


def _risk_key(scenario: Scenario, unit: str | None) -> str:
    """A risk's id: the scenario's, with the unit's name in lower-case words."""
    return f"{scenario.id}:{_slug(unit)}" if unit else scenario.id


@sentence
def unowned_note(risks: list[Risk], context: BusinessContext) -> str | None:
    """The assumption to state when some risks have no owner named in the context."""
    unowned = sorted(
        {
            r.title
            for r in risks
            if not context.owners.get(r.scenario)
            and not unit_owner(r.business_unit or next(iter(r.units), None), context)
        }
    )
    if not unowned:
        return None
    return (
        f"No owner was named for {listed([f'“{t}”' for t in unowned])}: "
        f"{the_owner(DEFAULT_OWNER)} stands in until the business context names one."
    )


def unit_owner(unit: str | None, context: BusinessContext) -> str | None:
    described = context.unit(unit)
    return described.owner if described else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


@dataclass
class Priced:
    """A risk's scores and money, without its words: what an option changes."""

    impact: int
    likelihood: int
    score: int
    rating: str
    appetite: str
    within: bool
    model: exposure.LossModel
    years: exposure.Years
    figures: dict[str, float]


def price(
    scenario: Scenario,
    unit: str | None,
    now: Assessment,
    *,
    context: BusinessContext,
    revenue: float,
    share: float,
    period: str,
    rates: exposure.ScenarioYears,
) -> Priced:
    """The scores, simulated years and appetite of the scenario in `unit` (see `_risk`)."""
    return price_many(
        scenario,
        [(unit, now)],
        context=context,
        revenue=revenue,
        share=share,
        period=period,
        rates=rates,
    )[0]


def price_many(
    scenario: Scenario,
    assessed: list[tuple[str | None, Assessment]],
    *,
    context: BusinessContext,
    revenue: float,
    share: float,
    period: str,
    rates: exposure.ScenarioYears,
) -> list[Priced]:
    """`price` of the scenario in each (unit, assessment), simulated together."""
    scored = []
    for unit, now in assessed:
        criticality, data, regulations = _unit_profile(unit, context)
        held = scoring.data_weight(data, set(scenario.sensitive_data))
        impact = scoring.impact(
            criticality,
            data=held,
            regulated=scenario.regulated and bool(regulations),
            annual_revenue=context.organization.annual_revenue,
        )
        likelihood = scoring.likelihood(now.weakness.value)
        model = exposure.loss_model(
            f"{_risk_key(scenario, unit)}@{period}",
            scenario,
            weakness=now.weakness.value,
            scale=exposure.magnitude_scale(
                criticality,
                data=held,
                cares_about_data=bool(scenario.sensitive_data),
                regulated=bool(regulations) if scenario.regulated else None,
            ),
            revenue=revenue,
            share=share,
        )
        scored.append((impact, likelihood, model))
    simulated = rates.simulate_many([model for _, _, model in scored])
    appetite = context.risk_appetite.per_scenario.get(scenario.id, context.risk_appetite.default)
    out = []
    for (impact, likelihood, model), years in zip(scored, simulated, strict=True):
        score = likelihood * impact
        figures = years.percentiles()
        within = scoring.within_appetite(
            score, appetite, figures["p90"], context.risk_appetite.tolerance
        )
        out.append(
            Priced(
                impact,
                likelihood,
                score,
                scoring.rating(score),
                appetite,
                within,
                model,
                years,
                figures,
            )
        )
    return out


def price_scenario(
    scenario: Scenario,
    current: Rows,
    *,
    context: BusinessContext,
    revenue: float,
    period: str,
    trials: int,
    targets: list[str | None] | None = None,
) -> tuple[bool, exposure.Years] | None:
    """Whether the scenario is within appetite (every unit it is assessed in), and its
    years, as `assess_risks` finds them, without the words; None when no driver has data.
    `targets`: the units to assess (by default the split the rows give), so an option is
    priced on the report's own split."""
    targets = targets or split_units(scenario, current) or [None]
    assessed = [(u, a) for u in targets if (a := assess_drivers(scenario, u, current))]
    if not assessed:
        return None
    rates = exposure.rates_for(f"{scenario.id}@{period}", scenario, trials)
    all_priced = price_many(
        scenario,
        assessed,
        context=context,
        revenue=revenue,
        share=1 / len(targets),
        period=period,
        rates=rates,
    )
    # Two units of one slug make one id (and one seed): the last one counts.
    found = {_risk_key(scenario, u): p for (u, _), p in zip(assessed, all_priced, strict=True)}
    priced = list(found.values())
    if len(priced) == 1:
        return priced[0].within, priced[0].years
    years = exposure.total_of([p.years for p in priced], trials)
    return all(p.within for p in priced), years


def _risk(
    scenario: Scenario,
    unit: str | None,
    now: Assessment,
    before: Assessment | None,
    priced: Priced,
    *,
    context: BusinessContext,
    catalog: Catalog,
    currency: str,
) -> tuple[Risk, exposure.Years]:
    impact, likelihood, score, rating = (
        priced.impact,
        priced.likelihood,
        priced.score,
        priced.rating,
    )
    model, years, figures, within = priced.model, priced.years, priced.figures, priced.within
    appetite = priced.appetite
    previous_rating = None
    if before is not None:
        previous_rating = scoring.rating(scoring.likelihood(before.weakness.value) * impact)
    trend = _trend(scenario, now, before, impact)
    key = _risk_key(scenario, unit)
    event = exposure.event_loss(model)
    tolerance = context.risk_appetite.tolerance
    owner = context.owners.get(scenario.id) or unit_owner(unit, context) or DEFAULT_OWNER
    drivers = []
    for weight, row in now.drivers:
        metric = catalog[row.metric_id]
        drivers.append(
            Driver(
                metric_id=row.metric_id,
                name=row.name,
                business_unit=row.business_unit,
                value=row.value,
                unit=row.unit,
                target=row.target,
                target_source=row.target_source,
                status=row.status,
                previous=row.previous,
                weight=weight,
                weakness=row.weakness,
                evidence=wording.evidence(
                    metric, row.value, row.target, row.previous, row.business_unit, row.movement
                ),
                source=row.source,
            )
        )
    # The evidence a board reads: the drivers that weigh most on this risk now.
    ranked = sorted(drivers, key=lambda d: (-d.weakness * d.weight, -d.weight))
    shown = _evidence_lines(ranked)
    # Say what pulled the other way, so a stable or improving trend reads true beside
    # evidence that worsened.
    relief = _biggest_relief(drivers, catalog)
    if relief is not None and trend != "worsening" and relief.evidence not in shown:
        shown.append(f"offset by {relief.evidence}")
    what = wording.what_could_happen(scenario.what_could_happen, [unit])
    fix = wording.remedy(drivers)
    respond = wording.response(
        within_appetite=within,
        appetite=appetite,
        remedy=fix,
        owner=owner,
        over_tolerance=tolerance is not None and figures["p90"] > tolerance,
    )
    risk = Risk(
        id=key,
        rank=0,
        scenario=scenario.id,
        title=scenario.title,
        business_unit=unit,
        likelihood=likelihood,
        impact=impact,
        score=score,
        rating=rating,
        trend=trend,
        previous_rating=previous_rating,
        appetite=appetite,
        within_appetite=within,
        statement=wording.statement(
            what_could_happen=what,
            likelihood=likelihood,
            impact=impact,
            rating=rating,
            chance=figures["annual_probability"],
            event_p10=event["event_p10"],
            event_p90=event["event_p90"],
            bad_year=figures["p90"],
            currency=currency,
            evidence_lines=shown,
            response=respond,
        ),
        what_could_happen=what,
        evidence=shown,
        response=respond,
        remedy=fix,
        impact_types=list(scenario.impact_types),
        owner=owner,
        exposure=Exposure(**figures, **event, currency=currency),
        exceedance=_curve(years),
        drivers=drivers,
        evidence_coverage=round(now.weakness.coverage, 3),
        enough_evidence=now.weakness.coverage >= MIN_EVIDENCE,
    )
    return risk, years


def _trend(scenario: Scenario, now: Assessment, before: Assessment | None, impact: int) -> str:
    """Trend over the drivers measured alike in both quarters: the same metric from the same
    business unit (or both company-wide). A metric reported for the first time, or a unit
    figure replacing last quarter's company figure, says nothing about direction."""
    if before is None:
        return "new"
    earlier = {row.metric_id: row.business_unit for _, row in before.drivers}
    same = {
        row.metric_id
        for _, row in now.drivers
        if row.metric_id in earlier and earlier[row.metric_id] == row.business_unit
    }
    total = sum(d.weight for d in scenario.drivers)
    pairs = []
    for assessment in (now, before):
        combined = scoring.combine(
            [(row.weakness, w) for w, row in assessment.drivers if row.metric_id in same], total
        )
        pairs.append(combined)
    if pairs[0] is None or pairs[1] is None:
        return "new"
    score_now = scoring.likelihood(pairs[0].value) * impact
    score_before = scoring.likelihood(pairs[1].value) * impact
    return scoring.trend(score_now, pairs[0].value, score_before, pairs[1].value)


def _biggest_relief(drivers: list[Driver], catalog: Catalog) -> Driver | None:
    """The driver whose weakness fell most since last quarter, if any fell."""
    best, drop = None, 0.0
    for driver in drivers:
        if driver.previous is None:
            continue
        before = status.weakness(catalog[driver.metric_id], driver.previous, driver.target)
        if before - driver.weakness > drop:
            best, drop = driver, before - driver.weakness
    return best


def _unit_profile(unit: str | None, context: BusinessContext) -> tuple[int, set[str], set[str]]:
    """Criticality, data and regulations to score impact on (see the module's assumptions)."""
    if unit is None:
        units = context.business_units
        if not units:
            return 3, set(), set()
        return (
            max(u.criticality for u in units),
            {d for u in units for d in u.data},
            {r for u in units for r in u.regulations},
        )
    described = context.unit(unit)
    if described is None:
        return 3, set(), set()
    return described.criticality, set(described.data), set(described.regulations)


def _curve(years: exposure.Years) -> list[ExceedancePoint]:
    """A risk's loss exceedance curve, 30 points."""
    return [ExceedancePoint(loss=x, probability=p) for x, p in years.exceedance(30)]
