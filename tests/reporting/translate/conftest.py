from __future__ import annotations

from reporting.catalog import load_catalog
from reporting.observations import IngestResult, Observation, Source


def obs(
    metric_id: str, value: float, period: str = "2026-Q3", unit: str | None = None
) -> Observation:
    metric = load_catalog()[metric_id]
    return Observation(
        metric_id=metric_id,
        label=metric.name,
        period=period,
        period_label=period,
        business_unit=unit,
        value=value,
        unit=metric.unit,
        source=Source(file="test.csv", sheet=None, cell="C2"),
    )


def result_of(*observations: Observation) -> IngestResult:
    return IngestResult(observations=list(observations))
