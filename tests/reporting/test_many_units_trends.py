"""A company that reports only by business unit still gets key metric trends: its units on,
near and off target each quarter, one bar a quarter however many units there are."""

import pytest
from pptx.enum.chart import XL_CHART_TYPE

from reporting import charts
from reporting.export.deck import build_deck
from tests.companies import many_units_report
from tests.reporting.export.deck.reading import reopen, title_of


@pytest.fixture(scope="module")
def units_only():
    _, _, report = many_units_report(units=6)
    assert not any(m.business_unit is None for m in report.metrics)
    return report


def test_key_metrics_come_from_business_units_when_no_company_figure_exists(units_only):
    assert units_only.key_metrics
    for metric_id in units_only.key_metrics:
        counted = units_only.units_by_status(metric_id)
        assert [p for p, _ in counted] == units_only.periods
        for _, by_status in counted:
            assert sum(by_status.values()) == 6


def test_the_app_draws_a_metric_of_many_units_as_units_on_target(units_only):
    metric_id = units_only.key_metrics[0]
    figure = charts.metric_trend(units_only, metric_id)
    assert [t.name for t in figure.data] == ["On target", "Near target", "Off target"]
    assert figure.layout.barmode == "stack"
    per_quarter = [sum(t.y[i] for t in figure.data) for i in range(len(units_only.periods))]
    assert per_quarter == [6] * len(units_only.periods)
    assert figure.layout.title.text == units_only.definitions[metric_id].name
    # One unit's own line is still there when asked for.
    one = charts.metric_trend(units_only, metric_id, "Unit 01")
    assert any(t.mode == "lines" for t in one.data)


def test_the_deck_trends_a_metric_of_many_units_in_stacked_columns(units_only):
    deck = reopen(build_deck(units_only))
    slides = [s for s in deck.slides if title_of(s).startswith("Key metric trends")]
    charts_ = [s.chart for slide in slides for s in slide.shapes if s.has_chart]
    assert len(charts_) == len(units_only.key_metrics)
    assert all(c.chart_type == XL_CHART_TYPE.COLUMN_STACKED for c in charts_)
    first = charts_[0]
    assert [s.name for s in first.plots[0].series] == ["On target", "Near target", "Off target"]
    text = "\n".join(s.text_frame.text for sl in slides for s in sl.shapes if s.has_text_frame)
    assert "of 6 units off" in text
