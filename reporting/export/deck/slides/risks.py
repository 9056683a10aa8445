"""The risks: the ranked table of the top risks, then a slide per top risk (its rating,
trend and appetite, the statement, what it could cost, the decision asked, and the metrics
driving it), carrying a statement too long for its slide on to a continuation."""

from __future__ import annotations

import re

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches

from reporting.board.palette import LIGHT, MOVEMENT_COLOURS, NAVY, RATING_COLOURS, STATUS_COLOURS
from reporting.board.words import (
    DETAILED_RISKS,
    RANKING_WORDS,
    STATUS_WORDS,
    chance,
    event_range,
    format_value,
    money,
    rating_word,
    risk_name,
    risk_where,
    units_phrase,
)
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Cell, Column, Paragraph
from reporting.export.deck.charts import driver_chart
from reporting.export.deck.measure import column_widths, fit, row_height
from reporting.report import BoardReport, Decision, Driver, Risk

TOP_RISK_ROWS = 10
DETAIL_DRIVERS = 5


def top_risks_slides(deck: Deck, report: BoardReport) -> None:
    risks = report.risks[:TOP_RISK_ROWS]
    if not risks:
        slide = deck.slide("Top risks", "The metrics point to no cyber risk this quarter.")
        deck.text(
            slide, deck.body, [Paragraph("No risks were identified from the metrics.")], 20, 12
        )
        return
    columns = [
        Column("#", 0.45, PP_ALIGN.CENTER),
        Column("Risk", 2.75),
        Column("Where", 1.5),
        Column("Rating", 1.05, PP_ALIGN.CENTER),
        Column("Trend", 1.1, PP_ALIGN.CENTER),
        Column("One event could cost (p10–p90)", 1.75),
        Column("Chance in a year", 2.0),
        Column("Owner", 1.7),
    ]
    rows = [
        [
            Cell(str(r.rank)),
            Cell(r.title, bold=True),
            Cell(risk_where(r)),
            Cell(rating_word(r), fill=RATING_COLOURS[r.rating], bold=True),
            Cell(r.trend.capitalize()),
            Cell(event_range(r.exposure)),
            Cell(chance(r.exposure.annual_probability).capitalize()),
            Cell(r.owner),
        ]
        for r in risks
    ]
    outside = len(report.outside_appetite)
    first = risks[0]

    def notes(page: int, pages: int) -> str:
        lead = (
            f"These are our {len(risks)} most significant cyber risks, {RANKING_WORDS}; "
            "ratings weigh what each business unit does, not technical severity. "
            f"{outside} of {len(report.risks)} risks are outside the board's appetite. "
            f"At the top is {risk_name(first).lower()}, rated {first.rating} and {first.trend}: "
            f"one event would probably cost {event_range(first.exposure)}. "
            "Each rating is the control gap, how far our controls fall short of target, times "
            "impact, from what the business unit does and the data it holds."
        )
        return lead if page == 1 else f"Top risks, continued (page {page} of {pages})."

    title = f"Our top {len(risks)} risks, {RANKING_WORDS}"
    deck.paged_table(title, notes, columns, rows, largest=13, smallest=10)


def risk_detail_slides(deck: Deck, report: BoardReport) -> None:
    for risk in report.risks[:DETAILED_RISKS]:
        _risk_detail_slide(deck, report, risk)


def _risk_detail_slide(deck: Deck, report: BoardReport, risk: Risk) -> None:
    decision = _decision_for(report, risk)
    ask = decision.ask if decision else risk.response
    exposure = risk.exposure
    money_line = (
        f"One event would probably cost {event_range(exposure)} (10th to 90th percentile); "
        f"{chance(exposure.annual_probability)} of at least one in a year; "
        f"expected loss {money(exposure.mean, exposure.currency)} a year."
    )
    notes = f"Risk {risk.rank}: {risk_name(risk)}. {risk.statement} " + (
        f"What we ask of the board: {ask}" if decision else ""
    )
    if risk.benchmark:
        notes += f" {risk.benchmark.text}"
        if risk.benchmark.outside:
            money_line += f" {risk.benchmark.text}"
    title = f"{risk.rank}. {risk.title}" + (f": {risk.business_unit}" if risk.business_unit else "")
    if risk.units:
        title += f": {units_phrase(risk.units, named=2)}"
    slide = deck.slide(title, notes)
    gap = Inches(0.15)
    strip, body = deck.body.take_top(Inches(0.42), Inches(0.12))
    chips = strip.cols(1.6, 1.9, 3.6, 5.0, gap=gap)
    deck.chip(slide, chips[0], rating_word(risk), RATING_COLOURS[risk.rating])
    deck.chip(slide, chips[1], f"Trend: {risk.trend}", MOVEMENT_COLOURS[risk.trend])
    appetite = (
        f"Within {risk.appetite} appetite"
        if risk.within_appetite
        else f"Outside {risk.appetite} appetite"
    )
    deck.chip(slide, chips[2], appetite, STATUS_COLOURS["green" if risk.within_appetite else "red"])
    deck.text(
        slide,
        chips[3],
        [Paragraph(f"Owner: {risk.owner}", bold=True, align=PP_ALIGN.RIGHT)],
        14,
        9,
        anchor=MSO_ANCHOR.MIDDLE,
    )
    facts = [
        Paragraph("Exposure", bold=True, colour=NAVY),
        Paragraph(money_line),
        Paragraph(
            "Decision asked" if decision else "Response", bold=True, colour=NAVY, space_before=0.4
        ),
        Paragraph(ask),
    ]
    statement = [
        Paragraph("The risk", bold=True, colour=NAVY),
        Paragraph(risk.statement, space_before=0.3),
    ]
    # The statement matters most: widen its column (narrowing the chart's) before carrying
    # any of it to another slide.
    for weights in ((6.3, 5.7), (7.0, 5.0), (7.6, 4.4)):
        left, right = body.cols(*weights, gap=Inches(0.25))
        # Share the column so the smaller of the two text sizes is as large as it can be.
        best = None
        facts_h = int(left.height * 0.22)
        while facts_h <= left.height * 0.5:
            top, bottom = left.rows(left.height - facts_h, facts_h, gap=Inches(0.12))
            fact_size = fit(facts, bottom.width, bottom.height, 13, 10)
            size = fit(statement, top.width, top.height, 13, 10.5)
            if fact_size is not None and size is not None:
                score = (min(size, fact_size), size)
                if best is None or score > best[0]:
                    best = (score, top, bottom, size, fact_size)
            facts_h += Inches(0.1)
        if best is not None:
            _, statement_box, facts_box, size, fact_size = best
            break
        facts_h = int(left.height * 0.35)
        statement_box, facts_box = left.rows(left.height - facts_h, facts_h, gap=Inches(0.12))
        fact_size = fit(facts, facts_box.width, facts_box.height, 13, 10)
        size = None
    rest: list[str] = []
    if size is None:
        # Too long even small: keep whole sentences here and carry the rest over.
        size = 10.5
        sentences = _sentences(risk.statement)
        while len(sentences) > 1:
            rest.insert(0, sentences.pop())
            kept = " ".join(sentences) + " (Continued on the next slide.)"
            shown = [statement[0], Paragraph(kept, space_before=0.3)]
            if fit(shown, statement_box.width, statement_box.height, size, size):
                statement = shown
                break
        else:
            statement = [statement[0], Paragraph(sentences[0], space_before=0.3)]
    deck.text(slide, statement_box, statement, size, size)
    deck.text(slide, facts_box, facts, fact_size or 10, 10, fill=LIGHT)

    drivers = risk.ranked_drivers[:DETAIL_DRIVERS]
    if drivers:
        columns = [
            Column("Driving metric", 3.2),
            Column("Value", 1.0, PP_ALIGN.RIGHT),
            Column("Target", 1.0, PP_ALIGN.RIGHT),
            Column("Status", 1.2, PP_ALIGN.CENTER),
        ]
        rows = [
            [
                Cell(_driver_name(d, risk)),
                Cell(format_value(d.value, d.unit)),
                Cell(format_value(d.target, d.unit)),
                Cell(STATUS_WORDS[d.status], fill=STATUS_COLOURS[d.status], bold=True),
            ]
            for d in drivers
        ]
        widths = column_widths(columns, right.width)

        def table_height(size: float) -> int:
            head = row_height([Cell(c.header, bold=True) for c in columns], widths, size)
            return head + sum(row_height(r, widths, size) for r in rows)

        # The table at the largest size that leaves the chart half the column.
        table_size = next(
            (z for z in (10.5, 10, 9.5, 9) if table_height(z) <= right.height * 0.5), 9
        )
        table_h = table_height(table_size)
        chart_box, table_box = right.rows(right.height - table_h, table_h, gap=Inches(0.1))
        driver_chart(slide, chart_box, [_driver_name(d, risk) for d in drivers], drivers)
        deck.table(slide, table_box, columns, rows, table_size)
        hidden = len(risk.drivers) - len(drivers)
        if hidden:
            slide.notes_slide.notes_text_frame.text += (
                f" The slide shows the {len(drivers)} metrics that weigh most on this risk now; "
                f"{hidden} more are in the appendix."
            )
    else:
        deck.text(
            slide, right, [Paragraph("No metric data drives this risk yet.", italic=True)], 14, 10
        )

    if rest:
        more = deck.slide(
            f"{title} (continued)", f"The rest of the risk statement. {' '.join(rest)}"
        )
        deck.text(more, deck.body, [Paragraph(" ".join(rest))], 16, 10)


def _decision_for(report: BoardReport, risk: Risk) -> Decision | None:
    return next((d for d in report.summary.decisions if risk.id in d.risk_ids), None)


def _driver_name(driver: Driver, risk: Risk) -> str:
    """A driver measured in another business unit than the risk's is named with it."""
    elsewhere = bool(driver.business_unit) and driver.business_unit != risk.business_unit
    return driver.name + (f" ({driver.business_unit})" if elsewhere else "")


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
