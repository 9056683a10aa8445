"""The budget conversation in the deck: native charts a board office can restyle, with the
lines the board set drawn on the loss curve."""

from __future__ import annotations

import pytest
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn

from reporting.board.words import money
from reporting.export.deck import build_deck
from tests.reporting.export.deck.reading import reopen, title_of


@pytest.fixture(scope="module")
def deck(sample_report):
    return reopen(build_deck(sample_report, sections={"budget", "losses", "materiality"}))


def slide_titled(deck, start):
    return next(s for s in deck.slides if title_of(s).startswith(start))


def test_the_loss_curve_is_a_native_chart_with_tolerance_and_insurance_lines(deck, sample_report):
    slide = slide_titled(deck, "Losses against our tolerance and our insurance")
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    assert chart.chart_type == XL_CHART_TYPE.XY_SCATTER_LINES_NO_MARKERS
    names = [s.name for s in chart.plots[0].series]
    assert names[0] == "Chance a year's loss exceeds the amount"
    for start in (
        "Board tolerance: $5.0M",
        "Insurance retention: $1.0M",
        "Insurance exhausted: $11.0M",
        "Materiality threshold: $7.5M",
    ):
        assert any(n.startswith(start) for n in names), start
    # Each line stands at its amount, from the floor up.
    tolerance = next(s for s in chart.plots[0].series if s.name.startswith("Board tolerance"))
    assert next(iter(tolerance.values)) == 0
    scaling = chart.category_axis._element.find(qn("c:scaling"))
    assert scaling.find(qn("c:logBase")).get("val") == "10"
    assert chart.value_axis.has_title and chart.category_axis.has_title
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    cover = sample_report.insurance
    assert f"the company keeps {money(cover.bad_year_uninsured, 'USD')}" in text


def test_the_budget_slide_shows_what_each_option_buys_and_what_is_funded(deck, sample_report):
    budget = sample_report.budget
    slide = slide_titled(deck, "With $400k this year")
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    assert [s.name for s in chart.plots[0].series] == [
        "First-year cost",
        "Expected loss removed a year",
    ]
    table = next(s.table for s in slide.shapes if s.has_table)
    rows = [[c.text for c in r.cells] for r in table.rows][1:]
    assert [r[0] for r in rows] == [o.name for o in budget.options[: len(rows)]]
    funded = {r[0] for r in rows if r[-1] == "Yes"}
    assert funded == set(budget.portfolio.chosen)
    assert any(r[1] == "Not yet given" for r in rows)  # a default option has no price


def test_the_materiality_slide_is_the_worksheet(deck, sample_report):
    material = sample_report.materiality
    slide = slide_titled(deck, "Materiality: ")
    table = next(s.table for s in slide.shapes if s.has_table)
    rows = [tuple(c.text for c in r.cells) for r in table.rows][1:]
    assert rows == [tuple(line) for line in material.lines]


def test_what_changed_in_money_is_a_native_waterfall_that_adds_up(sample_report):
    change = sample_report.change
    # Last quarter, plus each metric's move, plus the rest, is this quarter.
    assert change.before + sum(s.amount for s in change.by_metric) + change.other == pytest.approx(
        change.after
    )
    deck = reopen(build_deck(sample_report, sections={"change"}))
    slide = slide_titled(deck, "Expected annual loss ")
    chart = next(s.chart for s in slide.shapes if s.has_chart)
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert set(series) == {"Base", "Rise", "Fall", "Expected annual loss"}
    # The axis starts at a round amount below the bars, and says so.
    totals = series["Expected annual loss"]
    floor = change.before - totals[0]
    assert totals[-1] == pytest.approx(change.after - floor)
    assert floor >= 0
    title = chart.value_axis.axis_title.text_frame.text
    assert ("axis starts at" in title) == (floor > 0)
    steps = [r - f for r, f in zip(series["Rise"][1:-1], series["Fall"][1:-1], strict=True)]
    # The six heaviest metrics step by step; the rest join the other changes.
    rest = change.other + sum(s.amount for s in change.by_metric[6:])
    assert steps == pytest.approx([s.amount for s in change.by_metric[:6]] + [rest])


def test_the_loss_slide_names_only_the_lines_it_draws(sample_report):
    from reporting.export.deck.slides.budget import loss_title

    assert loss_title(sample_report) == "Losses against our tolerance and our insurance"
    bare = sample_report.model_copy(
        update={"thresholds": [t for t in sample_report.thresholds if t.kind == "materiality"]}
    )
    assert loss_title(bare) == "Losses against the materiality threshold"
