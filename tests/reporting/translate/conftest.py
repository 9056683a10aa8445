from __future__ import annotations

import pytest

from reporting.catalog import load_catalog
from reporting.context import load_context
from reporting.ingest import ingest_paths
from reporting.observations import IngestResult, Observation, Source
from tests.conftest import SAMPLE


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


@pytest.fixture(scope="session")
def sample_context():
    return load_context((SAMPLE / "context.yaml").read_bytes())


@pytest.fixture(scope="session")
def sample_result(sample_context):
    files = [p for p in SAMPLE.iterdir() if p.suffix in (".xlsx", ".csv")]
    return ingest_paths(files, fiscal_year_start_month=7, mappings=sample_context.mappings)
