"""The BoardReport built: what ingest read and the business context in, one report out.

What this module owns: the order of the steps (judge the metrics, assess the risks, add
up the exposure, assess compliance, summarise) and the assumptions the report states
about the context. The rules live in the step modules (`metrics`, `risks`, `exposure`,
`compliance`, `summary`). Assumptions:

- The quarter reported is the one asked for, else the latest with data; "last quarter" is
  the latest earlier quarter with data, which need not be the calendar quarter before.
- Without a business context the defaults are used and said (`describe_defaults`); without
  an annual revenue, `DEFAULT_REVENUE` sizes the losses.
- The company's yearly loss is the trial-by-trial sum of the risks' simulated years, so
  its percentiles are not the sum of theirs (see `exposure` for what the risks share).
- What ingest handed over is not changed; the report carries judged copies of the
  observations and ingest's unmapped labels and warnings as they were.
- A business unit the context does not describe, and a context naming a scenario that does
  not exist, are said as assumptions rather than refused.
"""

from __future__ import annotations

import numpy as np

from reporting import quarters
from reporting.catalog import Catalog, load_catalog
from reporting.catalog.scenarios import ScenarioCatalog, load_scenarios
from reporting.context import DEFAULT_REVENUE, BusinessContext, describe_defaults
from reporting.observation_table import table_of
from reporting.observations import IngestResult
from reporting.report import BoardReport, ExceedancePoint, Exposure
from reporting.translate import compliance, exposure, losses, options, risks, summary
from reporting.translate.caveats import caveats, data_caveat
from reporting.translate.metrics import definition, metric_statuses


class ReportError(ValueError):
    """The report cannot be built; the message is one sentence for the user."""


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
    """The report for `period` (the latest quarter by default). `context_given` says
    whether the user gave the context (by default: whether one was passed)."""
    catalog = catalog or load_catalog()
    scenarios = scenarios or load_scenarios()
    given = context is not None if context_given is None else context_given
    context = context or BusinessContext()
    observations = result.observations
    if not observations:
        raise ReportError("No usable metric values were found, so there is nothing to report.")
    table = table_of(observations)  # observations held by column are read by column
    periods = quarters.in_order(
        table.distinct("period") if table is not None else (o.period for o in observations)
    )
    period = period or periods[-1]
    if period not in periods:
        raise ReportError(f"There is no data for {period}; the files cover {', '.join(periods)}.")
    previous = quarters.previous_reported(periods, period)
    assumptions = describe_defaults(context, given=given)
    revenue = context.organization.annual_revenue or DEFAULT_REVENUE
    currency = context.organization.currency
    assumptions += _context_checks(context, result, scenarios)
    assumptions += compliance.unmapped_frameworks(context)

    judged, statuses = metric_statuses(observations, context, catalog)
    current_rows = {(r.metric_id, r.business_unit): r for r in statuses.get(period, [])}
    previous_rows = (
        {(r.metric_id, r.business_unit): r for r in statuses.get(previous, [])} if previous else {}
    )
    register, unit_register, by_scenario = risks.assess_risks(
        scenarios,
        current_rows,
        previous_rows,
        context=context,
        catalog=catalog,
        revenue=revenue,
        currency=currency,
        period=period,
        trials=trials,
    )
    for risk in register:
        risk.benchmark = losses.benchmark(risk, context.organization.sector, currency)
    unowned = risks.unowned_note(register + unit_register, context)
    if unowned:
        assumptions.append(unowned)
    # The company's year is the trial-by-trial sum of the risks'.
    total = (
        exposure.total_of(list(by_scenario.values()), trials)
        if by_scenario
        else exposure.years_of(np.zeros(1))
    )
    total_exposure = Exposure(**total.percentiles(), currency=currency)
    caveat = data_caveat(result, fiscal_start_known=context.fiscal_start_month is not None)
    cover = losses.insurance(total, context, total_exposure.p90)
    material = losses.materiality(
        total,
        context,
        revenue,
        mean=total_exposure.mean,
        bad_year=total_exposure.p90,
        risks=register,
        currency=currency,
        cover=cover,
        caveat=caveat,
    )
    frameworks = compliance.assess(statuses, period, previous, context, catalog)
    current = statuses.get(period, [])
    base = options.Base(
        scenarios=scenarios,
        current=current_rows,
        context=context,
        catalog=catalog,
        revenue=revenue,
        period=period,
        trials=trials,
        years=by_scenario,
        within={r.scenario: r.within_appetite for r in register},
        targets={
            s.id: risks.split_units(s, current_rows) or [None]
            for s in scenarios.scenarios
            if s.id in by_scenario
        },
        units={u for _, u in current_rows if u is not None},
    )
    budget = options.budget(base, register)
    assumptions += options.unknown_units(context, base.units)
    if budget.unpriced:
        assumptions.append(options.unpriced_note(budget.unpriced, len(unit_register or register)))
    report_summary = summary.summarise(
        current=current,
        risks=register,
        unit_risks=unit_register,
        frameworks=frameworks,
        total=total_exposure,
        context=context,
        revenue=revenue,
        has_previous=previous is not None,
        caveat=caveat,
        materiality=material,
        budget=budget,
        review_by=quarters.end(quarters.next_quarter(period)),
    )
    labels = (
        quarters.labels_counted(table.period_labels_written())
        if table is not None
        else quarters.labels(observations)
    )
    judged_table = table_of(judged)
    report = BoardReport(
        organization=context.organization.name,
        currency=currency,
        period=period,
        period_label=labels[period],
        previous_period=previous,
        periods=periods,
        period_labels=labels,
        # Held by column, set after: validating them would build a model each.
        observations=[] if judged_table is not None else judged,
        unmapped=result.unmapped,
        warnings=result.warnings,
        assumptions=assumptions,
        metrics=current,
        risks=register,
        unit_risks=unit_register,
        compliance=frameworks,
        exposure=total_exposure,
        exceedance=[ExceedancePoint(loss=x, probability=p) for x, p in total.exceedance()],
        summary=report_summary,
        definitions={
            m: definition(catalog[m], context)
            for m in sorted(
                judged_table.metric_id_set()
                if judged_table is not None
                else {o.metric_id for o in judged}
            )
        },
        key_metrics=summary.key_metrics(current, register, report_summary),
    )
    if judged_table is not None:
        report.observations = judged
    report.trials = trials
    report.budget = budget
    if previous:
        report.change = options.money_change(
            base, previous_rows, previous, {s.id: s.title for s in scenarios.scenarios}
        )
    report.thresholds = losses.thresholds(total, context, revenue)
    report.insurance = cover
    report.materiality = material
    report.caveats = caveats(
        result,
        context,
        given=given,
        periods=periods,
        register=register,
        unit_risks=unit_register,
        catalog=catalog,
    )
    return report


def _context_checks(
    context: BusinessContext, result: IngestResult, scenarios: ScenarioCatalog
) -> list[str]:
    """Assumptions to state where the context does not fit the data or the scenarios."""
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
