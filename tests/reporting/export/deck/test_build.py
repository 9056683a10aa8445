"""The board deck, reopened with python-pptx: every number on a slide is the report's."""

from __future__ import annotations

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
    RANKING_WORDS,
    STATUS_WORDS,
    format_value,
    report_quarter,
    risk_where,
)
from reporting.catalog import load_catalog
from reporting.export.deck import DECK_SECTIONS, TOP_RISK_ROWS, build_deck
from reporting.translate.scoring import rating
from tests.reporting.export.deck.reading import inside, reopen, text_of, title_of, visual_box


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
    assert titles[2] == f"Our top {min(TOP_RISK_ROWS, len(report.risks))} risks, {RANKING_WORDS}"
    assert titles[3] == "Risks by control gap and impact"
    details = titles[4 : 4 + DETAILED_RISKS]
    assert [t.split(".")[0] for t in details] == [str(r.rank) for r in report.risks[:5]]
    rest = titles[4 + DETAILED_RISKS :]
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
    assert report_quarter(report) == "Q1 FY27 (2026-Q3)"
    assert report_quarter(report) in text


def test_the_summary_carries_the_four_answers_posture_and_direction(deck, report):
    text = text_of(slides_titled(deck, "Executive summary")[0])
    answers = report.summary.answers
    for answer in (answers.protected, answers.top_risks, answers.obligations):
        assert answer in text
    assert answers.material_impact in text
    assert f"Posture: {report.summary.posture.capitalize()}" in text
    assert f"Direction: {report.summary.direction.capitalize()}" in text


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
        assert row[2] == risk_where(risk)
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


def test_each_top_risk_slide_carries_its_statement_drivers_exposure_and_ask(deck, report):
    details = [s for s in deck.slides if title_of(s).split(".")[0].isdigit()]
    assert len(details) == DETAILED_RISKS
    for slide, risk in zip(details, report.risks, strict=False):
        text = text_of(slide)
        assert risk.statement in text
        assert f"Owner: {risk.owner}" in text
        decision = next(d for d in report.summary.decisions if risk.id in d.risk_ids)
        assert decision.ask in text
        assert "One event would probably cost" in text

        assert all(c.chart_type == XL_CHART_TYPE.BAR_CLUSTERED for c in charts(slide))
        shown = sorted(risk.drivers, key=lambda d: (-d.weight * d.weakness, -d.weight))[:5]

        rows = table_rows(slide)[1:]
        assert len(rows) == len(shown)
        for row, driver in zip(rows, shown, strict=True):
            assert row[0].startswith(driver.name)
            unit = "percent" if driver.metric_id.endswith("_pct") else None
            if unit:
                assert row[1] == format_value(driver.value, unit)
                assert row[2] == format_value(driver.target, unit)
            assert row[3] == STATUS_WORDS[driver.status]


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
        assert list(actual.values) == [v for _, v in report.series(metric_id)]
        assert set(target.values) == {current[metric_id].target}


def test_decisions_list_every_ask_options_and_owner(deck, report):
    text = "\n".join(text_of(s) for s in slides_titled(deck, "Decisions requested"))
    for decision in report.summary.decisions:
        assert decision.ask in text
        assert decision.owner in text
        for option in decision.options:
            assert option in text


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
    first = deck.slides[1]
    assert statement in text_of(first)
    assert not title_of(deck.slides[2]).endswith("(continued)")  # it fit on its slide
    inside(deck)


def test_a_statement_too_long_for_its_slide_goes_on_to_a_continuation(report):
    long = report.model_copy(deep=True)
    long.risks[0].statement = " ".join(
        f"Sentence number {i} of a very long risk statement." for i in range(80)
    )
    deck = reopen(build_deck(long, sections={"risk_details"}))
    titles = [title_of(s) for s in deck.slides]
    assert titles[2] == f"{titles[1]} (continued)"
    text = text_of(deck.slides[1]) + " " + text_of(deck.slides[2])
    for i in range(80):
        assert f"Sentence number {i} of" in text


def test_driver_charts_draw_actual_against_target_on_a_titled_axis_per_unit(deck, report):
    details = [s for s in deck.slides if title_of(s).split(".")[0].isdigit()]
    for risk, slide in zip(report.risks, details, strict=False):
        shown = sorted(risk.drivers, key=lambda d: (-d.weight * d.weakness, -d.weight))[:5]
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
