"""Observations held by column are the observations ingest always handed on, in models,
in JSON and in a report."""

from __future__ import annotations

import json

import pytest

from reporting.catalog import load_catalog
from reporting.cli.validate import validation_json
from reporting.context import load_context
from reporting.export.report_json import json_bytes
from reporting.ingest import ingest_paths
from reporting.observation_table import Observations, table_of
from reporting.observations import Observation
from reporting.translate import build_report
from reporting.translate.metrics import metric_statuses
from tests.conftest import SAMPLE

FILES = sorted(p for p in SAMPLE.iterdir() if p.suffix in (".xlsx", ".csv"))


@pytest.fixture(scope="module")
def context():
    return load_context((SAMPLE / "context.yaml").read_bytes())


@pytest.fixture(scope="module")
def result(context):
    return ingest_paths(FILES, fiscal_year_start_month=7, mappings=context.mappings)


def test_ingest_keeps_its_observations_by_column_and_counts_without_models(result):
    assert isinstance(result.observations, Observations)
    assert len(result.observations) == 350 and result.usable
    assert result.observations._models is None  # nothing built yet
    assert result.periods == sorted({o.period for o in result.observations})


def test_the_models_built_from_columns_equal_models_validated_from_what_was_read(result):
    for built in result.observations:
        given = built.model_dump(include=built.model_fields_set)
        validated = Observation.model_validate(given)
        assert built == validated
        assert built.model_fields_set == validated.model_fields_set
        assert built.model_dump_json() == validated.model_dump_json()


def test_validate_json_written_from_columns_parses_as_the_standard_library_wrote_it(result):
    extra = {"periods": result.periods, "business_units": result.business_units}
    before = json.loads(json.dumps({**validation_json(result), **extra}, indent=2, default=str))
    assert json.loads(json_bytes(result, extra)) == before


def test_the_report_judges_by_column_as_it_judges_models(result, context):
    catalog = load_catalog()
    models = list(result.observations)
    by_column, rows_by_column = metric_statuses(result.observations, context, catalog)
    by_model, rows_by_model = metric_statuses(models, context, catalog)
    assert table_of(by_column) is not None
    assert list(by_column) == by_model
    assert {p: [r.model_dump() for r in rows] for p, rows in rows_by_column.items()} == {
        p: [r.model_dump() for r in rows] for p, rows in rows_by_model.items()
    }


def test_report_json_from_columns_parses_as_pydantic_wrote_it(result, context):
    report = build_report(result, context, trials=2000)
    assert json.loads(json_bytes(report)) == json.loads(report.model_dump_json())


def test_observations_assembled_in_c_are_the_bytes_orjson_writes_for_them(result, context):
    import orjson

    from reporting.export.report_json import observation_items

    judged = table_of(build_report(result, context, trials=500).observations)
    for table in (table_of(result.observations), judged):
        dicts = orjson.dumps(table.dicts(0, len(table)), option=orjson.OPT_INDENT_2)
        assert observation_items(table, 0, len(table)) == dicts[1:-2].replace(b"\n", b"\n  ")


def test_a_user_text_like_the_placeholder_never_moves_the_observations(result):
    from reporting.observations import IngestResult

    files = [f.model_copy(update={"name": "@observations@"}) for f in result.files]
    named = IngestResult(observations=result.observations, files=files)
    parsed = json.loads(json_bytes(named))
    assert parsed["files"][0]["name"] == "@observations@"
    assert len(parsed["observations"]) == len(result.observations)


def test_by_column_each_target_says_where_it_came_from_as_models_do(result, context):
    # The sample writes most targets beside the values; the context sets one it leaves out.
    catalog = load_catalog()
    targeted = context.model_copy(update={"targets": {"vuln_high_open": 40.0}})
    _, by_column = metric_statuses(result.observations, targeted, catalog)
    _, by_model = metric_statuses(list(result.observations), targeted, catalog)
    sources = [(r.metric_id, r.target_source) for rows in by_column.values() for r in rows]
    assert sources == [(r.metric_id, r.target_source) for rows in by_model.values() for r in rows]
    assert {s for _, s in sources} == {"sheet", "context", "catalog"}
    assert {s for m, s in sources if m == "vuln_high_open"} == {"context"}
    assert {s for m, s in sources if m == "vuln_medium_overdue"} == {"catalog"}
