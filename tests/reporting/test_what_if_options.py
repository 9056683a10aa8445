"""The what-if form's choices: every reported metric, its target suggested, bounded sensibly."""

from __future__ import annotations

import pytest

from reporting.what_if_options import what_if_defaults, what_if_options


@pytest.fixture(scope="session")
def report(sample_report):
    return sample_report


def test_every_reported_metric_is_offered_once_in_id_order(report):
    options = what_if_options(report)
    ids = [o.metric_id for o in options]
    assert ids == sorted({m.metric_id for m in report.metrics})
    assert all(o.name == report.definitions[o.metric_id].name for o in options)


def test_the_suggested_value_is_the_current_target(report):
    for option in what_if_options(report):
        first = next(m for m in report.metrics if m.metric_id == option.metric_id)
        assert option.suggested == first.target
        assert isinstance(option.suggested, float)


def test_bounds_are_zero_and_a_hundred_percent(report):
    options = what_if_options(report)
    assert all(o.minimum == 0.0 for o in options)
    assert any(o.unit == "percent" for o in options)
    for option in options:
        assert option.maximum == (100.0 if option.unit == "percent" else None)


def test_the_form_starts_on_the_heaviest_driver(report):
    risk = report.risks[0]
    assert what_if_defaults(risk) == [risk.ranked_drivers[0].metric_id]
    assert what_if_defaults(risk.model_copy(update={"drivers": []})) == []
