"""The sample company's report, built once per test module (5,000 trials: fast, and the
exports only carry the numbers, they never recompute them)."""

from __future__ import annotations

import pytest

from reporting.context import load_context
from reporting.ingest import ingest_paths
from reporting.report import BoardReport
from reporting.translate import build_report
from tests.conftest import SAMPLE


@pytest.fixture(scope="session")
def sample_inputs():
    context = load_context((SAMPLE / "context.yaml").read_bytes())
    files = [p for p in SAMPLE.iterdir() if p.suffix in (".xlsx", ".csv")]
    result = ingest_paths(files, fiscal_year_start_month=7, mappings=context.mappings)
    return result, context


@pytest.fixture(scope="module")
def report(sample_inputs) -> BoardReport:
    result, context = sample_inputs
    return build_report(result, context, trials=5000)
