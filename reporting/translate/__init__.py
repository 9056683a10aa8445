"""Translate: observations plus business context in, one `BoardReport` out.

    report = build_report(ingest_result, context, period="2026-Q3")

Steps, each in its own module: metric status against targets (`status`), risk scoring per
scenario and business unit (`scoring`), exposure in money (`exposure`), compliance per
framework (`compliance`), board wording (`wording`) and the summary (`summary`). Pure
functions; no input is read twice and nothing here draws.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel

from reporting.catalog import Catalog, load_catalog
from reporting.catalog.scenarios import Scenario, ScenarioCatalog, load_scenarios
from reporting.context import DEFAULT_REVENUE, BusinessContext, describe_defaults
from reporting.ingest.periods import period_sort_key
from reporting.observations import IngestResult, Observation, Source, period_labels
from reporting.report import (
    BoardReport,
    Driver,
    ExceedancePoint,
    Exposure,
    MetricStatus,
    Risk,
)
from reporting.translate import compliance, exposure, scoring, status, summary, wording


class ReportError(ValueError):
    """The report cannot be built; the message is one sentence for the user."""


def previous_period(periods: list[str], period: str) -> str | None:
    earlier = [p for p in periods if period_sort_key(p) < period_sort_key(period)]
    return max(earlier, key=period_sort_key) if earlier else None


def metric_statuses(
    observations: list[Observation], context: BusinessContext, catalog: Catalog
) -> dict[str, list[MetricStatus]]:
    """Status rows per period; also sets each observation's status (a derived field the
    JSON contract carries, recomputed on every build)."""
    periods = sorted({o.period for o in observations}, key=period_sort_key)
    prior = {p: previous_period(periods, p) for p in periods}
    by_key = {(o.metric_id, o.business_unit, o.period): o for o in observations}
    rows: dict[str, list[MetricStatus]] = defaultdict(list)
    for obs in observations:
        metric = catalog[obs.metric_id]
        target = status.resolve_target(metric, obs.target, context.targets)
        obs.status = status.status(metric, obs.value, target)
        before = by_key.get((obs.metric_id, obs.business_unit, prior[obs.period]))
        previous = before.value if before is not None else None
        rows[obs.period].append(
            MetricStatus.model_construct(
                metric_id=metric.id,
                name=metric.name,
                domain=metric.domain_name,
                business_unit=obs.business_unit,
                value=obs.value,
                unit=metric.unit,
                target=target,
                tolerance=metric.tolerance,
                higher_is_better=metric.higher_is_better,
                status=obs.status,
                previous=previous,
                change=None if previous is None else obs.value - previous,
                movement=status.movement(metric, obs.value, previous, target),
                weakness=status.weakness(metric, obs.value, target),
                source=obs.source,
            )
        )
    return rows


@dataclass
class _Assessment:
    weakness: scoring.WeightedWeakness
    drivers: list[tuple[float, MetricStatus]]  # (weight, row)


def _assess_drivers(
    scenario: Scenario, unit: str | None, rows: dict[tuple[str, str | None], MetricStatus]
) -> _Assessment | None:
    found = []
    for driver in scenario.drivers:
        row = rows.get((driver.metric, unit)) if unit else None
        row = row or rows.get((driver.metric, None))
        if row is not None:
            found.append((driver.weight, row))
    total = sum(d.weight for d in scenario.drivers)
    combined = scoring.combine([(row.weakness, weight) for weight, row in found], total)
    return None if combined is None else _Assessment(combined, found)


# A scenario is assessed per business unit when the metrics reported for that unit carry
# at least this share of the driver weight that has any data; otherwise the unit split would repeat the same
# company-wide evidence once per unit.
UNIT_SPLIT_SHARE = 0.4


def _split_units(scenario: Scenario, rows: dict[tuple[str, str | None], MetricStatus]) -> list[str]:
    weights = {d.metric: d.weight for d in scenario.drivers}
    reported = sum(weights[m] for m in {m for m, _ in rows if m in weights})
    by_unit: dict[str, float] = defaultdict(float)
    for metric_id, unit in rows:
        if unit is not None and metric_id in weights:
            by_unit[unit] += weights[metric_id]
    return sorted(u for u, w in by_unit.items() if w / reported >= UNIT_SPLIT_SHARE)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def build_report(
    result: IngestResult,
    context: BusinessContext | None = None,
    *,
    period: str | None = None,
    catalog: Catalog | None = None,
    scenarios: ScenarioCatalog | None = None,
    trials: int = exposure.DEFAULT_TRIALS,
    context_given: bool | None = None,
) -> BoardReport:
    catalog = catalog or load_catalog()
    scenarios = scenarios or load_scenarios()
    given = context is not None if context_given is None else context_given
    context = context or BusinessContext()
    observations = result.observations
    if not observations:
        raise ReportError("No usable metric values were found, so there is nothing to report.")
    periods = sorted({o.period for o in observations}, key=period_sort_key)
    period = period or periods[-1]
    if period not in periods:
        raise ReportError(f"There is no data for {period}; the files cover {', '.join(periods)}.")
    previous = previous_period(periods, period)
    assumptions = describe_defaults(context, given=given)
    revenue = context.organization.annual_revenue or DEFAULT_REVENUE
    currency = context.organization.currency
    assumptions += _context_checks(context, result, scenarios)

    statuses = metric_statuses(observations, context, catalog)
    current_rows = {(r.metric_id, r.business_unit): r for r in statuses.get(period, [])}
    previous_rows = (
        {(r.metric_id, r.business_unit): r for r in statuses.get(previous, [])} if previous else {}
    )

    risks: list[Risk] = []
    annual_by_risk: dict[str, np.ndarray] = {}
    for scenario in scenarios.scenarios:
        targets: list[str | None] = _split_units(scenario, current_rows) or [None]
        for unit in targets:
            now = _assess_drivers(scenario, unit, current_rows)
            if now is None:
                continue
            risk, annual = _risk(
                scenario,
                unit,
                now,
                _assess_drivers(scenario, unit, previous_rows),
                context=context,
                catalog=catalog,
                revenue=revenue,
                currency=currency,
                share=1 / len(targets),
                period=period,
                trials=trials,
            )
            risks.append(risk)
            annual_by_risk[risk.id] = annual

    unowned = sorted(
        {
            r.title
            for r in risks
            if not context.owners.get(r.scenario) and not _unit_owner(r.business_unit, context)
        }
    )
    if unowned:
        assumptions.append(
            f"No owner was named for {', '.join(unowned)}: the CISO is shown as owner until "
            "the business context names one."
        )
    risks.sort(key=lambda r: (-r.score, -r.impact, -r.exposure.p50, r.title, r.business_unit or ""))
    for rank, risk in enumerate(risks, start=1):
        risk.rank = rank
    # Risks are independent: the company's year is the trial-by-trial sum.
    total = np.sum(list(annual_by_risk.values()), axis=0) if annual_by_risk else np.zeros(1)
    total_exposure = Exposure(**exposure.percentiles(total), currency=currency)
    frameworks = compliance.assess(statuses, period, previous, context, catalog)
    current = statuses.get(period, [])
    report_summary = summary.summarise(
        current=current,
        risks=risks,
        frameworks=frameworks,
        total=total_exposure,
        context=context,
        revenue=revenue,
        has_previous=previous is not None,
    )
    return BoardReport(
        organization=context.organization.name,
        currency=currency,
        period=period,
        period_label=period_labels(observations)[period],
        previous_period=previous,
        periods=periods,
        observations=observations,
        unmapped=result.unmapped,
        warnings=result.warnings,
        assumptions=assumptions,
        metrics=current,
        risks=risks,
        compliance=frameworks,
        exposure=total_exposure,
        exceedance=[ExceedancePoint(loss=x, probability=p) for x, p in exposure.exceedance(total)],
        summary=report_summary,
    )


def _risk(
    scenario: Scenario,
    unit: str | None,
    now: _Assessment,
    before: _Assessment | None,
    *,
    context: BusinessContext,
    catalog: Catalog,
    revenue: float,
    currency: str,
    share: float,
    period: str,
    trials: int,
) -> tuple[Risk, np.ndarray]:
    criticality, data, regulations = _unit_profile(unit, context)
    impact = scoring.impact(
        criticality,
        data=scoring.data_weight(data, set(scenario.sensitive_data)),
        regulated=scenario.regulated and bool(regulations),
        annual_revenue=context.organization.annual_revenue,
    )
    likelihood = scoring.likelihood(now.weakness.value)
    score = likelihood * impact
    rating = scoring.rating(score)
    previous_rating = None
    if before is not None:
        previous_rating = scoring.rating(scoring.likelihood(before.weakness.value) * impact)
    trend = _trend(scenario, now, before, impact)
    key = f"{scenario.id}:{_slug(unit)}" if unit else scenario.id
    model = exposure.loss_model(
        f"{key}@{period}",
        scenario,
        weakness=now.weakness.value,
        impact=impact,
        revenue=revenue,
        share=share,
    )
    annual = exposure.simulate(model, trials)
    figures = exposure.percentiles(annual)
    event = exposure.event_loss(model)
    appetite = context.risk_appetite.per_scenario.get(scenario.id, context.risk_appetite.default)
    tolerance = context.risk_appetite.tolerance
    within = scoring.within_appetite(score, appetite, figures["p90"], tolerance)
    owner = context.owners.get(scenario.id) or _unit_owner(unit, context) or "CISO"
    drivers = []
    for weight, row in now.drivers:
        metric = catalog[row.metric_id]
        drivers.append(
            Driver(
                metric_id=row.metric_id,
                name=row.name,
                business_unit=row.business_unit,
                value=row.value,
                target=row.target,
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
    shown = [d.evidence for d in ranked if d.weakness > 0][:3] or [ranked[0].evidence]
    # Say what pulled the other way, so a stable or improving trend reads true beside
    # evidence that worsened.
    relief = _biggest_relief(drivers, catalog)
    if relief is not None and trend != "worsening" and relief.evidence not in shown:
        shown.append(f"offset by {relief.evidence}")
    what = scenario.what_could_happen.replace("{where}", wording.where(unit))
    respond = wording.response(
        within_appetite=within,
        appetite=appetite,
        remedy=scenario.remedy,
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
        remedy=scenario.remedy,
        impact_types=list(scenario.impact_types),
        owner=owner,
        exposure=Exposure(**figures, **event, currency=currency),
        exceedance=[
            ExceedancePoint(loss=x, probability=p) for x, p in exposure.exceedance(annual, 30)
        ],
        drivers=drivers,
        evidence_coverage=round(now.weakness.coverage, 3),
    )
    return risk, annual


def _trend(scenario: Scenario, now: _Assessment, before: _Assessment | None, impact: int) -> str:
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


def _unit_owner(unit: str | None, context: BusinessContext) -> str | None:
    described = context.unit(unit)
    return described.owner if described else None


def _context_checks(
    context: BusinessContext, result: IngestResult, scenarios: ScenarioCatalog
) -> list[str]:
    notes = []
    for unit in result.business_units:
        if context.business_units and context.unit(unit) is None:
            notes.append(
                f"Business unit '{unit}' is not described in the business context: "
                "medium criticality (3 of 5) was assumed."
            )
    for key, where in (
        *((k, "risk_appetite.per_scenario") for k in context.risk_appetite.per_scenario),
        *((k, "owners") for k in context.owners),
    ):
        if scenarios.get(key) is None:
            notes.append(
                f"The context names '{key}' under {where}, which is not a risk scenario; "
                f"known scenarios are {', '.join(scenarios.ids)}."
            )
    return notes


class WhatIfRisk(BaseModel):
    """One risk before and after a what-if."""

    risk_id: str
    title: str
    business_unit: str | None
    before_mean: float | None
    after_mean: float
    before_rating: str | None
    after_rating: str


class WhatIf(BaseModel):
    changes: dict[str, float]
    before_p50: float
    after_p50: float
    before_p90: float
    after_p90: float
    currency: str
    cost: float | None = None
    reduction_per_unit_cost: float | None = None
    risks: list[WhatIfRisk]


def what_if(
    report: BoardReport,
    context: BusinessContext | None,
    changes: dict[str, float],
    *,
    cost: float | None = None,
    trials: int = exposure.DEFAULT_TRIALS,
) -> WhatIf:
    """Exposure if the given metrics stood at the given values this quarter."""
    catalog = load_catalog()
    unknown = [m for m in changes if m not in catalog]
    if unknown:
        raise ReportError(f"Unknown metric(s) for the what-if: {', '.join(unknown)}.")
    if cost is not None and cost <= 0:
        raise ReportError("The cost of an improvement must be above zero.")
    changed = []
    seen = set()
    for obs in report.observations:
        if obs.period == report.period and obs.metric_id in changes:
            changed.append(
                obs.model_copy(update={"value": changes[obs.metric_id], "target": obs.target})
            )
            seen.add(obs.metric_id)
        else:
            changed.append(obs.model_copy())
    for metric_id, value in changes.items():
        if metric_id not in seen:
            changed.append(
                Observation(
                    metric_id=metric_id,
                    label=catalog[metric_id].name,
                    period=report.period,
                    period_label=report.period_label,
                    value=value,
                    unit=catalog[metric_id].unit,
                    source=Source(file="what-if"),
                )
            )
    after = build_report(
        IngestResult(observations=changed),
        context,
        period=report.period,
        trials=trials,
        context_given=True,
    )
    before_by_id = {r.id: r for r in report.risks}
    rows = [
        WhatIfRisk(
            risk_id=r.id,
            title=r.title,
            business_unit=r.business_unit,
            before_mean=before.exposure.mean if (before := before_by_id.get(r.id)) else None,
            after_mean=r.exposure.mean,
            before_rating=before.rating if before else None,
            after_rating=r.rating,
        )
        for r in after.risks
    ]
    reduction = report.exposure.mean - after.exposure.mean
    return WhatIf(
        changes=changes,
        before_p50=report.exposure.p50,
        after_p50=after.exposure.p50,
        before_p90=report.exposure.p90,
        after_p90=after.exposure.p90,
        currency=report.currency,
        cost=cost,
        reduction_per_unit_cost=reduction / cost if cost else None,
        risks=rows,
    )


__all__ = ["BoardReport", "ReportError", "WhatIf", "WhatIfRisk", "build_report", "what_if"]
