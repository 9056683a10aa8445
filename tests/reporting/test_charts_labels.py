"""Board charts say in words what their colours and marks mean: each heat-map cell its
rating, how many risks and their ranks; each line of the loss curve its name and amount;
each mark of a trend (target, band, line, status colours) an entry in the key."""

from __future__ import annotations

import math

import pytest

from reporting import charts
from reporting.board.words import STATUS_WORDS, money
from reporting.report import BoardReport, Threshold
from reporting.text import plotly_literal
from reporting.translate.scoring import rating


@pytest.fixture(scope="module")
def report(sample_report) -> BoardReport:
    return sample_report


def test_every_heatmap_cell_says_its_rating_and_how_many_risks_with_their_ranks(report):
    fig = charts.risk_heatmap(report)
    heat = fig.data[0]
    assert heat.texttemplate == "%{text}"
    placed: dict[tuple[int, int], list[int]] = {}
    for risk in report.risks:
        placed.setdefault((risk.likelihood, risk.impact), []).append(risk.rank)
    counted = 0
    for likelihood, row in enumerate(heat.text, start=1):
        for impact, cell in enumerate(row, start=1):
            word = rating(likelihood * impact).capitalize()
            ranks = placed.get((likelihood, impact), [])
            assert cell.startswith(f"{word} · ")
            if not ranks:
                assert cell == f"{word} · no risks"
                continue
            many = len(ranks) != 1
            assert f"{len(ranks)} risk{'s' if many else ''}" in cell
            listed = cell.split("<br>", 1)[1].replace("<br>", " ")
            assert [int(n) for n in listed.split(" ", 1)[1].split(", ")] == ranks
            counted += len(ranks)
    assert counted == len(report.risks)


def test_a_heatmap_cell_puts_a_long_list_of_ranks_on_several_lines():
    assert charts.heatmap_cell("high", [6]) == "High · 1 risk<br>rank 6"
    cell = charts.heatmap_cell("critical", list(range(1, 14)))
    assert cell == ("Critical · 13 risks<br>ranks 1, 2, 3, 4, 5, 6,<br>7, 8, 9, 10, 11, 12,<br>13")


def _annotation_for(fig, shape):
    """The text annotation beside a vertical line (placed by the log of its amount)."""
    return next(
        a for a in fig.layout.annotations if math.isclose(a.x, math.log10(shape.x0), rel_tol=1e-9)
    )


THRESHOLDS = [
    Threshold(kind="tolerance", name="Board tolerance", amount=5e6, chance=0.22),
    Threshold(kind="retention", name="Insurance retention", amount=1e6, chance=0.63),
    Threshold(kind="insurance_limit", name="Insurance exhausted", amount=11e6, chance=0.08),
    Threshold(
        kind="materiality", name="Materiality threshold", amount=7.5e6, chance=0.14, assumed=True
    ),
]


def test_every_line_of_the_loss_curve_is_named_with_its_amount(report):
    fig = charts.exceedance_curve(report.exceedance, "USD", "Losses", thresholds=THRESHOLDS)
    shapes = list(fig.layout.shapes)
    assert len(shapes) == len(THRESHOLDS)
    for shape, threshold in zip(shapes, THRESHOLDS, strict=True):
        assert shape.x0 == threshold.amount and shape.line.dash == "dash"
        label = _annotation_for(fig, shape).text
        assert threshold.name in label
        assert plotly_literal(money(threshold.amount, "USD")) in label
        assert shape.name.startswith(threshold.name)  # its entry in the key, in full
        assert any(t.name == shape.name for t in fig.data)
    materiality = _annotation_for(fig, shapes[-1]).text
    assert "(assumed)" in materiality


def test_the_risk_loss_curve_names_its_tolerance_line(report):
    fig = charts.exceedance_curve(report.exceedance, "USD", "One risk", 5_000_000)
    (shape,) = fig.layout.shapes
    label = _annotation_for(fig, shape).text
    assert label == "Board tolerance &#36;5.0M"  # plotly-literal: a dollar, never TeX
    assert shape.name == label


def _trend_names(fig) -> list[str]:
    named = [t.name for t in fig.data if t.showlegend is not False]
    named += [s.name for s in fig.layout.shapes if s.showlegend]
    return named


def test_every_mark_of_a_trend_is_in_the_key_in_words(report):
    metric_id = report.key_metrics[0]
    fig = charts.metric_trend(report, metric_id)
    for trace in fig.data:
        assert trace.name and trace.showlegend is not False
    (band,) = fig.layout.shapes
    assert band.showlegend and band.name.startswith("Near-target band: up to ")
    names = _trend_names(fig)
    assert any(n.startswith("Target ") for n in names)
    statuses = {o.status for o in report.observations if o.metric_id == metric_id and o.status}
    assert statuses and {STATUS_WORDS[s] for s in statuses} <= set(names)
    # Each point sits in the trace of its status: a colour is never alone.
    for trace in fig.data:
        if trace.name in STATUS_WORDS.values():
            state = next(k for k, v in STATUS_WORDS.items() if v == trace.name)
            assert trace.marker.color == charts.STATUS_COLOURS[state]


def test_a_trend_target_says_when_it_is_the_catalogs_default(report):
    metric_id = report.key_metrics[0]
    current = [m for m in report.metrics if m.metric_id == metric_id and m.business_unit is None]
    assert current

    def target_name(rep: BoardReport) -> str:
        fig = charts.metric_trend(rep, metric_id)
        return next(t.name for t in fig.data if t.name.startswith("Target "))

    for source, marked in (("sheet", False), ("context", False), ("catalog", True)):
        changed = report.model_copy(deep=True)
        for m in changed.metrics:
            if m.metric_id == metric_id:
                m.target_source = source
        assert target_name(changed).endswith("(default target)") is marked


def test_board_figures_keep_every_line_and_band_named(report):
    for name, fig in charts.board_figures(report, 5_000_000).items():
        for shape in fig.layout.shapes:
            assert shape.name, name
        if name == "loss_exceedance":
            assert len(fig.layout.annotations) == len(fig.layout.shapes)
