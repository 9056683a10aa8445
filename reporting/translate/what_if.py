"""The what-if: the exposure if some metrics stood at other values this quarter.

What this module owns: turning a proposed improvement (metric -> value, and optionally
its cost) into changed observations, rebuilding the report on them, and setting the
result beside the report the board already has. Assumptions:

- The change starts from what ingest read (`IngestResult`), not from a report: the
  quarter reported is changed and every other quarter is left as read, so trends and
  last-quarter comparisons stay those of the report.
- A changed metric takes the new value everywhere it was reported that quarter (every
  business unit and company-wide); a metric with no value that quarter is added as one
  company-wide figure, named in the catalog's words and sourced to "what-if".
- Each risk's Monte Carlo is seeded by the risk and the quarter (see `exposure`), so the
  before and after years are common random numbers and the difference is the change, not
  noise, provided `trials` matches the trials the report was built with.
- The value of an improvement is the fall in the expected (mean) yearly loss of the whole
  company, per unit of money its cost names; a cost must be above zero.
"""

from __future__ import annotations

from pydantic import BaseModel

from reporting.catalog import Catalog, load_catalog
from reporting.context import BusinessContext
from reporting.observations import IngestResult, Observation, Source
from reporting.report import BoardReport
from reporting.translate import exposure
from reporting.translate.report import ReportError, build_report


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
    """The company's exposure before and after a what-if, and each risk's."""

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
    result: IngestResult,
    context: BusinessContext | None,
    report: BoardReport,
    changes: dict[str, float],
    *,
    cost: float | None = None,
    trials: int = exposure.DEFAULT_TRIALS,
) -> WhatIf:
    """Exposure if the given metrics stood at the given values in the report's quarter.

    `result` is what ingest read and `report` the report built from it (with `context`);
    neither is changed."""
    catalog = load_catalog()
    unknown = [m for m in changes if m not in catalog]
    if unknown:
        raise ReportError(f"Unknown metric(s) for the what-if: {', '.join(unknown)}.")
    if cost is not None and cost <= 0:
        raise ReportError("The cost of an improvement must be above zero.")
    if report.period not in result.periods:
        raise ReportError(
            f"The what-if needs the data the report was built from; it has none for "
            f"{report.period_label}."
        )
    changed = result.model_copy(
        update={"observations": _changed(result.observations, report, changes, catalog)}
    )
    after = build_report(changed, context, period=report.period, trials=trials, context_given=True)
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


def _changed(
    observations: list[Observation],
    report: BoardReport,
    changes: dict[str, float],
    catalog: Catalog,
) -> list[Observation]:
    """Ingest's observations with the report's quarter changed: new copies where a value
    changes, the same objects elsewhere (nothing downstream edits them)."""
    changed = []
    seen = set()
    for obs in observations:
        if obs.period == report.period and obs.metric_id in changes:
            changed.append(obs.model_copy(update={"value": changes[obs.metric_id]}))
            seen.add(obs.metric_id)
        else:
            changed.append(obs)
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
    return changed
