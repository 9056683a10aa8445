"""The board deck, reopened with python-pptx: every number on a slide is the report's."""

from __future__ import annotations

import re

import pytest
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu, Inches

from reporting.board.palette import RATING_COLOURS
from reporting.board.words import (
    CONTROL_WORDS,
    DETAILED_RISKS,
    PACK_TITLE,
    QUESTIONS,
    RANKING_WORDS,
    STATUS_WORDS,
    format_value,
    report_quarter,
    risk_points,
    risk_where,
)
from reporting.catalog import load_catalog
from reporting.export.deck import DECK_SECTIONS, TOP_RISK_ROWS, build_deck
from reporting.translate.scoring import rating
from tests.reporting.export.deck.reading import (
    font_sizes,
    inside,
    notes_of,
    reopen,
    text_of,
    title_of,
    visual_box,
)


def slides_titled(deck, start: str) -> list:
    return [s for s in deck.slides if title_of(s).startswith(start)]


def table_rows(slide) -> list[list[str]]:
    table = next(s.table for s in slide.shapes if s.has_table)
    return [[cell.text for cell in row.cells] for row in table.rows]


def charts(slide) -> list:
    return [s.chart for s in slide.shapes if s.has_chart]


def fill_of(cell) -> RGBColor:
    return cell.fill.fore_color.rgb


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


@pytest.fixture(scope="module")
def deck(report):
    return reopen(build_deck(report))


def test_the_deck_is_16_9_and_runs_in_the_promised_order(deck, report):
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    titles = [title_of(s) for s in deck.slides]
    assert titles[0] == PACK_TITLE
    assert titles[1] == "Executive summary"
    assert titles[2].startswith("What changed since ")  # the quarter's news, up front
    assert titles[3] == f"Our top {min(TOP_RISK_ROWS, len(report.risks))} risks, {RANKING_WORDS}"
    assert titles[4] == "Risks by control gap and impact"
    details = titles[5 : 5 + DETAILED_RISKS]
    assert [t.split(".")[0] for t in details] == [str(r.rank) for r in report.risks[:5]]
    rest = titles[5 + DETAILED_RISKS :]
    assert rest.pop(0).startswith("Expected annual loss ")  # what changed, in money
    assert rest[0] == "Losses against our tolerance and our insurance"
    assert rest[1].startswith("Materiality: ")
    assert rest[2] == "Compliance by framework"
    assert rest[3].startswith("Key metric trends")
    first_decision = next(i for i, t in enumerate(rest) if t.startswith("Decisions requested"))
    assert all(t.startswith("Key metric trends") for t in rest[3:first_decision])
    after = next(i for i, t in enumerate(rest) if t.startswith("With $"))
    assert all(t.startswith("Decisions requested") for t in rest[first_decision:after])
    assert rest[-1].startswith("Appendix: metrics")
    units = [t for t in rest if t.startswith("Appendix: risks by business unit")]
    assert units and rest.index(units[0]) < rest.index(rest[-1])


def test_every_slide_has_speaker_notes(deck):
    for number, slide in enumerate(deck.slides, start=1):
        assert slide.has_notes_slide, f"slide {number} has no notes"
        notes = slide.notes_slide.notes_text_frame.text
        assert len(notes) > 40, f"slide {number} notes are too thin: {notes!r}"


def test_the_title_slide_names_the_organisation_and_the_quarter(deck, report):
    text = text_of(deck.slides[0])
    assert PACK_TITLE in text
    assert report.organization in text
    assert "Q1 FY27 (calendar 2026-Q3)" in text  # the calendar said once, here
    # Everywhere else the quarter goes by its one name: the footers, the appendix.
    later = " ".join(text_of(s) for s in list(deck.slides)[1:])
    assert report_quarter(report) == "Q1 FY27" and "Q1 FY27" in later
    assert "2026-Q3" not in later


def test_the_summary_leads_each_answer_and_keeps_it_whole_in_the_notes(deck, report):
    slide = slides_titled(deck, "Executive summary")[0]
    text = " ".join(text_of(slide).split())
    answers = report.summary.answers
    for key, question in QUESTIONS:
        answer = getattr(answers, key)
        assert question in text
        assert answer in notes_of(slide)  # in full, for reference
        if key == "protected":
            assert answer in text
        elif key != "obligations":
            lead = " ".join(re.split(r"(?<=[.!?])\s+", answer)[:2])
            assert lead in text
    for framework in report.compliance:
        assert framework.framework in text  # each framework's verdict is on the slide
    assert f"Posture: {report.summary.posture.capitalize()}" in text
    assert f"Direction: {report.summary.direction.capitalize()}" in text
    assert min(font_sizes(slide)) >= 12


def test_top_risks_table_rows_are_the_reports_top_risks(deck, report):
    slide = slides_titled(deck, "Our top")[0]
    table = next(s.table for s in slide.shapes if s.has_table)
    rows = table_rows(slide)
    assert rows[0][:5] == ["#", "Risk", "Where", "Rating", "Trend"]
    body = rows[1:]
    assert len(body) == min(TOP_RISK_ROWS, len(report.risks))
    for r, (row, risk) in enumerate(zip(body, report.risks, strict=False), start=1):
        assert row[0] == str(risk.rank)
        assert row[1] == risk.title
        assert row[2].startswith(risk.units[0] if len(risk.units) > 2 else risk_where(risk))
        assert row[3] == risk.rating.capitalize()  # the word...
        assert fill_of(table.cell(r, 3)) == rgb(RATING_COLOURS[risk.rating])  # ...and colour
        assert row[4] == risk.trend.capitalize()
        assert row[7] == risk.owner


def test_the_heatmap_is_a_table_coloured_by_rating_with_ranks_in_cells(deck, report):
    slide = slides_titled(deck, "Risks by control gap")[0]
    table = next(s.table for s in slide.shapes if s.has_table)
    assert (len(table.rows), len(table.columns)) == (6, 6)
    for r, likelihood in enumerate(range(5, 0, -1)):
        assert table.cell(r, 0).text.startswith(str(likelihood))
        for c, impact in enumerate(range(1, 6), start=1):
            cell = table.cell(r, c)
            word = rating(likelihood * impact)
            assert fill_of(cell) == rgb(RATING_COLOURS[word])
            assert word.capitalize() in cell.text
            ranks = [
                x.rank for x in report.risks if (x.likelihood, x.impact) == (likelihood, impact)
            ]
            shown = cell.text.split("\n")[0] if ranks else ""
            assert shown == ", ".join(map(str, ranks))


def test_each_top_risk_slide_says_three_short_things_and_keeps_the_statement_in_its_notes(
    deck, report
):
    details = [s for s in deck.slides if title_of(s).split(".")[0].isdigit()]
    assert len(details) == DETAILED_RISKS
    for slide, risk in zip(details, report.risks, strict=False):
        text = text_of(slide)
        assert f"Owner: {risk.owner}" in text
        for label, sentence in risk_points(report, risk):
            assert label in text and sentence in text
        assert len(text.split()) <= 150  # three statements, not a paragraph
        notes = notes_of(slide)
        assert risk.statement in notes  # the full text, for reference
        assert "One event would probably cost" in text
        assert all(c.chart_type == XL_CHART_TYPE.BAR_CLUSTERED for c in charts(slide))
        assert not [s for s in slide.shapes if s.has_table]  # the chart says it


def test_why_now_names_the_off_target_drivers_in_words_and_numbers(report):
    risk = next(r for r in report.risks if any(d.status != "green" for d in r.drivers))
    _, why = risk_points(report, risk)[1]
    worst = next(d for d in risk.ranked_drivers if d.status != "green")
    assert worst.name in why.split(".")[0] or why.startswith("Rated")
    assert f"against {format_value(worst.target, worst.unit)}" in why


def test_compliance_is_a_native_stacked_bar_of_the_report_counts(deck, report):
    slide = slides_titled(deck, "Compliance by framework")[0]
    (chart,) = charts(slide)
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    plot = chart.plots[0]
    assert list(plot.categories) == [f.framework for f in report.compliance]
    states = ("met", "partial", "not_met", "no_evidence")
    assert [s.name for s in plot.series] == [CONTROL_WORDS[s] for s in states]
    for state, series in zip(states, plot.series, strict=True):
        assert list(series.values) == [getattr(f, state) for f in report.compliance]
    assert "not an audit opinion" in text_of(slide)


def test_trend_charts_are_native_lines_of_the_metric_series_against_target(deck, report):
    slides = slides_titled(deck, "Key metric trends")
    found = {}
    for slide in slides:
        for chart in charts(slide):
            assert chart.chart_type in (XL_CHART_TYPE.LINE, XL_CHART_TYPE.LINE_MARKERS)
            found[chart.chart_title.text_frame.text] = chart
    current = {m.metric_id: m for m in report.metrics if m.business_unit is None}
    ids = report.key_metrics
    assert len(found) == len(ids)
    for metric_id in ids:
        chart = found[load_catalog()[metric_id].name]
        actual, target = chart.plots[0].series
        points = dict(report.series(metric_id))
        # Every quarter of the report is on the axis; one without a figure is a gap.
        assert list(chart.plots[0].categories) == [
            report.period_labels.get(p, p) for p in report.periods
        ]
        assert list(actual.values) == [points.get(p) for p in report.periods]
        assert set(target.values) == {current[metric_id].target}
        assert target.name.startswith("Target (")  # the line says what it is
        assert chart.value_axis.has_title and chart.category_axis.has_title


def test_a_quarter_without_a_figure_is_a_gap_not_dropped(report):
    gappy = report.model_copy(deep=True)
    metric_id = gappy.key_metrics[0]
    middle = gappy.periods[len(gappy.periods) // 2]
    gappy.observations = [
        o
        for o in gappy.observations
        if not (o.metric_id == metric_id and o.period == middle and o.business_unit is None)
    ]
    deck = reopen(build_deck(gappy, sections={"trends"}))
    chart = next(
        c
        for s in deck.slides
        for c in charts(s)
        if c.chart_title.text_frame.text == load_catalog()[metric_id].name
    )
    at = gappy.periods.index(middle)
    assert list(chart.plots[0].categories)[at] == gappy.period_labels.get(middle, middle)
    assert list(chart.plots[0].series[0].values)[at] is None
    assert b'<c:dispBlanksAs val="gap"/>' in chart.part.blob


def test_decisions_name_the_recommendation_its_cost_and_owner_on_one_slide(deck, report):
    slides = slides_titled(deck, "Decisions requested")
    assert len(slides) == 1  # eight decisions fit one slide
    rows = table_rows(slides[0])
    assert rows[0] == ["Risk", "We recommend", "Cost", "Removes a year", "Or", "Owner"]
    for row, decision in zip(rows[1:], report.summary.decisions, strict=True):
        assert row[0].startswith(decision.title)
        assert row[1].startswith(decision.recommendation)
        assert row[5] == decision.owner
    notes = notes_of(slides[0])
    for decision in report.summary.decisions:
        assert decision.ask in notes  # the full ask, for reference


def test_the_appendix_lists_every_metric_with_its_source_over_pages(deck, report):
    pages = slides_titled(deck, "Appendix: metrics")
    assert len(pages) > 1  # 88 metrics do not fit one slide
    rows = [row for page in pages for row in table_rows(page)[1:]]
    assert len(rows) == len(report.metrics)
    expected = {
        (m.name, m.business_unit or "Company-wide", format_value(m.value, m.unit), str(m.source))
        for m in report.metrics
    }
    assert {(r[0], r[1], r[2], r[5]) for r in rows} == expected
    assert {r[4] for r in rows} <= set(STATUS_WORDS.values())


def test_charts_are_chart_objects_never_pictures(deck):
    shapes = [shape for slide in deck.slides for shape in slide.shapes]
    assert not [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert sum(1 for s in shapes if s.has_chart) >= DETAILED_RISKS + 2


def test_nothing_runs_off_the_slide(deck):
    inside(deck)


def test_shapes_on_a_content_slide_do_not_overlap(deck):
    for number, slide in enumerate(list(deck.slides)[1:], start=2):
        boxes = [
            (shape.name, visual_box(shape))
            for shape in slide.shapes
            if shape.shape_type != MSO_SHAPE_TYPE.LINE
        ]
        for i, (name_a, a) in enumerate(boxes):
            for name_b, b in boxes[i + 1 :]:
                overlap_x = min(a[2], b[2]) - max(a[0], b[0])
                overlap_y = min(a[3], b[3]) - max(a[1], b[1])
                assert overlap_x <= Emu(1000) or overlap_y <= Emu(1000), (
                    f"slide {number}: {name_a} overlaps {name_b}"
                )


def test_sections_choose_the_slides_after_the_title(report):
    deck = reopen(build_deck(report, sections={"summary", "compliance"}))
    assert [title_of(s) for s in deck.slides] == [
        PACK_TITLE,
        "Executive summary",
        "Compliance by framework",
    ]
    only_title = reopen(build_deck(report, sections=[]))
    assert len(only_title.slides) == 1
    assert set(DECK_SECTIONS) == {
        "summary",
        "follow_ups",
        "movers",
        "top_risks",
        "heatmap",
        "risk_details",
        "compliance",
        "trends",
        "decisions",
        "budget",
        "caveats",
        "change",
        "losses",
        "materiality",
        "appendix",
    }
    with pytest.raises(ValueError, match="Unknown deck section"):
        build_deck(report, sections={"summary", "gossip"})


def test_a_long_name_and_a_900_character_statement_still_fit(report):
    long = report.model_copy(deep=True)
    long.organization = (
        "The Harbour Retail Group International Holdings and Associated Subsidiaries plc"
    )
    statement = (long.risks[0].statement * 2)[:900]
    long.risks[0].statement = statement
    deck = reopen(build_deck(long, sections={"risk_details"}))
    assert long.organization in text_of(deck.slides[0])
    assert statement in notes_of(deck.slides[1])
    assert len(deck.slides) == 1 + DETAILED_RISKS  # no continuation slides
    inside(deck)


def test_what_does_not_fit_at_the_floor_goes_to_the_notes_whole(report):
    long = report.model_copy(deep=True)
    long.risks[0].what_could_happen = " ".join(
        f"Sentence number {i} of a very long account of what could happen." for i in range(40)
    )
    deck = reopen(build_deck(long, sections={"risk_details"}))
    slide = deck.slides[1]
    assert min(font_sizes(slide)) >= 12
    said = text_of(slide) + " " + notes_of(slide)
    for i in range(40):
        assert f"Sentence number {i} of" in said
    assert "Not on the slide for room" in notes_of(slide)


def test_driver_charts_draw_actual_against_target_on_a_titled_axis_per_unit(deck, report):
    details = [s for s in deck.slides if title_of(s).split(".")[0].isdigit()]
    for risk, slide in zip(report.risks, details, strict=False):
        shown = risk.ranked_drivers[:4]
        drawn = [s.chart for s in slide.shapes if s.has_chart]
        assert len(drawn) == len({d.unit for d in shown})  # one chart per unit of measure
        values = []
        for chart in drawn:
            actual, target = chart.plots[0].series
            assert (actual.name, target.name) == ("Actual", "Target")
            axis = chart.value_axis
            assert axis.has_title and "from zero" in axis.axis_title.text_frame.text
            assert axis.minimum_scale == 0
            values += list(zip(actual.values, target.values, strict=True))
        assert sorted(values) == sorted((d.value, d.target) for d in shown)


def test_notes_add_what_the_slide_does_not_show_and_prepare_two_questions(deck):
    for number, slide in enumerate(deck.slides, start=1):
        notes = notes_of(slide)
        say, _, rest = notes.partition("\n\nThe board may ask:\n")
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", say.strip()) if s]
        assert 3 <= len(sentences) <= 5, f"slide {number} says {len(sentences)} sentences"
        asks = rest.split("\n\n")[0].split("\n")
        assert [line[:3] for line in asks] == ["Q: ", "A: ", "Q: ", "A: "], f"slide {number}"
        shown = " ".join(text_of(slide).split()).casefold()
        copied = [s for s in sentences if len(s) > 30 and s.casefold() in shown]
        assert not copied, f"slide {number} reads itself aloud: {copied}"


def test_a_default_target_says_so_in_the_appendix_and_on_the_risk_slides(deck, report):
    rows = [
        row for page in slides_titled(deck, "Appendix: metrics") for row in table_rows(page)[1:]
    ]
    marked = {(r[0], r[1]) for r in rows if r[3].endswith("(default target)")}
    defaults = {
        (m.name, m.business_unit or "Company-wide")
        for m in report.metrics
        if m.target_source == "catalog"
    }
    assert defaults and marked == defaults  # the sample has catalog defaults
    for risk in report.risks:
        _, why = risk_points(report, risk)[1]
        for driver in risk.ranked_drivers[:2]:
            if driver.status != "green" and driver.target_source == "catalog":
                assert "(default target)" in why
