"""Metrics judged: each observation against its target, beside last quarter's figure.

What this module owns: the status rows (`MetricStatus`) every later step reads, the
judged copies of the observations a report carries, and the definition of each metric as
the board sees it. The rules themselves live in `status`; the assumptions of applying them:

- The target is the one written beside the value in the sheet, else the context file's,
  else the catalog's (`status.resolve_target`). A metric's definition shows the target
  that applies when the sheet gives none.
- "Last quarter" for a value is the latest earlier quarter that has any data, and the
  previous value is that quarter's figure for the same metric and the same business unit
  (or company-wide for company-wide figures). A figure missing there has no previous
  value; a unit's figure is never compared with a company-wide one.
- Ingest's observations are never changed: the report carries copies that add the
  metric's name, the target applied and the status it gives.
"""

from __future__ import annotations

from collections import defaultdict

from reporting import quarters
from reporting.catalog import Catalog, Metric
from reporting.context import BusinessContext
from reporting.observation_table import table_of
from reporting.observations import Observation
from reporting.report import MetricDefinition, MetricStatus
from reporting.translate import status


def metric_statuses(
    observations: list[Observation], context: BusinessContext, catalog: Catalog
) -> tuple[list[Observation], dict[str, list[MetricStatus]]]:
    """The observations as judged (copies carrying their metric name, the target applied
    and the status it gives: what the JSON contract and the views show), and the status
    rows per period. Ingest's own observations are left as they were read. Observations
    held by column are judged by column (`judged`), under the same rules."""
    if (table := table_of(observations)) is not None:
        from reporting.translate.judged import judge_table

        return judge_table(table, context, catalog)
    periods = quarters.in_order(o.period for o in observations)
    prior = {p: quarters.previous_reported(periods, p) for p in periods}
    by_key = {(o.metric_id, o.business_unit, o.period): o for o in observations}
    judged: list[Observation] = []
    rows: dict[str, list[MetricStatus]] = defaultdict(list)
    for obs in observations:
        metric = catalog[obs.metric_id]
        target = status.resolve_target(metric, obs.target, context.targets)
        state = status.status(metric, obs.value, target)
        judged.append(
            obs.model_copy(update={"status": state, "name": metric.name, "applied_target": target})
        )
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
                target_source=status.target_source(metric, obs.target, context.targets),
                tolerance=metric.tolerance,
                higher_is_better=metric.higher_is_better,
                status=state,
                previous=previous,
                change=None if previous is None else obs.value - previous,
                movement=status.movement(metric, obs.value, previous, target),
                weakness=status.weakness(metric, obs.value, target),
                source=obs.source,
            )
        )
    return judged, rows


def definition(metric: Metric, context: BusinessContext) -> MetricDefinition:
    """The metric as the board reads it, with the target that applies when no sheet gives
    one (the context file's, else the catalog's)."""
    return MetricDefinition(
        metric_id=metric.id,
        name=metric.name,
        domain=metric.domain_name,
        definition=metric.definition,
        unit=metric.unit,
        target=status.resolve_target(metric, None, context.targets),
        target_source=status.target_source(metric, None, context.targets),
        tolerance=metric.tolerance,
        higher_is_better=metric.higher_is_better,
    )
