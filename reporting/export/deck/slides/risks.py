"""The risks: the ranked table of the top risks, then a slide per top risk (its rating,
trend and appetite, the statement, what it could cost, the decision asked, and the metrics
driving it), carrying a statement too long for its slide on to a continuation."""

from __future__ import annotations

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches

from reporting.board.palette import MOVEMENT_COLOURS, NAVY, RATING_COLOURS, STATUS_COLOURS
from reporting.board.words import (
    DETAILED_RISKS,
    RANKING_WORDS,
    STATUS_WORDS,
    chance,
    chance_of,
    count,
    event_range,
    gap_and_impact,
    money,
    owner_does,
    owner_label,
    rating_word,
    risk_points,
    risk_where,
    sentence,
    units_phrase,
)
from reporting.export.deck import notes as speaker
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Cell, Column, Notes, Paragraph
from reporting.export.deck.charts import driver_chart, drivers_that_fit
from reporting.report import BoardReport, Decision, Driver, Risk

TOP_RISK_ROWS = 10
DETAIL_DRIVERS = 4


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
        Column("Where", 1.5, optional=True),
        Column("Rating", 1.05, PP_ALIGN.CENTER),
        Column("Trend", 1.1, PP_ALIGN.CENTER),
        Column("One event could cost (p10–p90)", 1.75),
        Column("Chance in a year", 1.7, optional=True),
        Column("Owner", 1.7),
    ]
    rows = [
        [
            Cell(str(r.rank)),
            Cell(r.title, bold=True),
            Cell(_where_short(r)),
            Cell(rating_word(r), fill=RATING_COLOURS[r.rating], bold=True),
            Cell(r.trend.capitalize()),
            Cell(event_range(r.exposure)),
            Cell(chance(r.exposure.annual_probability).capitalize()),
            Cell(r.owner),
        ]
        for r in risks
    ]

    def notes(page: int, pages: int) -> Notes:
        return speaker.top_risks(report, page, pages)

    title = "Our top risk" if len(risks) == 1 else f"Our top {len(risks)} risks, {RANKING_WORDS}"
    deck.paged_table(title, notes, columns, rows, largest=13, smallest=10)


def risk_detail_slides(deck: Deck, report: BoardReport) -> None:
    for risk in report.risks[:DETAILED_RISKS]:
        _risk_detail_slide(deck, report, risk)


def _risk_detail_slide(deck: Deck, report: BoardReport, risk: Risk) -> None:
    """Chips for rating, trend, appetite and owner; three short statements (what could
    happen, why now, what we ask) beside the driving metrics against their targets; the
    full statement and what to say in the notes."""
    title = f"{risk.rank}. {risk.title}" + (f": {risk.business_unit}" if risk.business_unit else "")
    if risk.units:
        title += f": {units_phrase(risk.units, named=2)}"
    slide = deck.slide(title, _risk_notes(report, risk))
    gap = Inches(0.15)
    strip, body = deck.body.take_top(Inches(0.45), Inches(0.15))
    chips = strip.cols(1.7, 1.9, 3.4, 5.0, gap=gap)
    deck.chip(slide, chips[0], rating_word(risk), RATING_COLOURS[risk.rating])
    trend = (f"Trend: {risk.trend}", risk.trend.capitalize())
    deck.chip(slide, chips[1], trend, MOVEMENT_COLOURS[risk.trend])
    side = "Within" if risk.within_appetite else "Outside"
    appetite = (f"{side} {risk.appetite} appetite", f"{side} appetite", side)
    deck.chip(slide, chips[2], appetite, STATUS_COLOURS["green" if risk.within_appetite else "red"])
    deck.text(
        slide,
        chips[3],
        [Paragraph(f"Owner: {owner_label(risk.owner)}", bold=True, align=PP_ALIGN.RIGHT)],
        14,
        12,
        anchor=MSO_ANCHOR.MIDDLE,
    )
    drivers = risk.ranked_drivers[:DETAIL_DRIVERS]
    narrow = deck.body.width < Inches(10)
    left, right = body.cols(*((1, 1) if narrow else (6.2, 5.8)), gap=Inches(0.3))
    points = risk_points(report, risk)
    paras: list[Paragraph] = []
    for label, said in points:
        paras.append(Paragraph(label, bold=True, colour=NAVY, space_before=0.7 if paras else 0))
        paras.append(Paragraph(said, space_before=0.15))
    deck.text(slide, left, paras, 18, 12)
    drivers = drivers[: drivers_that_fit(right, drivers)]
    left_out = [d.name for d in risk.ranked_drivers[len(drivers) :] if d.status != "green"]
    if left_out:
        deck.add_to_notes(slide, f"Also off target, not on the slide: {', '.join(left_out)}.")
    if drivers:
        names = [f"{_driver_name(d, risk)} ({STATUS_WORDS[d.status].lower()})" for d in drivers]
        driver_chart(slide, right, names, drivers)
    else:
        deck.text(
            slide, right, [Paragraph("No metric data drives this risk yet.", italic=True)], 16, 12
        )


@sentence
def _risk_notes(report: BoardReport, risk: Risk) -> Notes:
    """What the CISO says beyond the slide, two questions with their answers, and the full
    statement for reference."""
    exposure, currency = risk.exposure, report.currency
    option = _option_for(report, risk)
    if exposure.p90 > exposure.mean:
        tail = f"in a bad year (1 in 10) losses from it could reach {money(exposure.p90, currency)}"
    elif exposure.event_p90 is not None:
        tail = (
            f"it strikes in few years, but when it does one event can cost "
            f"{money(exposure.event_p90, currency)} (1 event in 10 costs more)"
        )
    else:
        tail = "it strikes in few years, which the average spreads over every year"
    say = [
        f"It costs us about {money(exposure.mean, currency)} a year on average; {tail}.",
        f"It is rated {risk.rating} on a {gap_and_impact(risk.likelihood, risk.impact)}: the "
        "gap is how far its controls fall short of target, the impact what this part of the "
        "business stands to lose.",
    ]
    if option is not None:
        due = f", due {option.due:%-d %B %Y}" if option.due else ""
        say.append(
            f"{owner_does(risk.owner, 'owns it and proposes', start=True)} {option.name}{due}."
        )
    else:
        say.append(
            f"{owner_does(risk.owner, 'owns it and reports on it each quarter', start=True)}."
        )
    if risk.units:
        say.append(
            f"It is worst in {risk.units[0] or 'the company as a whole'}; each business "
            "unit's figures are in the appendix."
        )
    if risk.within_appetite:
        nothing = (
            f"It stays within the board's {risk.appetite} appetite while its measures hold; "
            f"we estimate {chance_of(exposure.annual_probability, 'at least one event')} in "
            "a year."
        )
    else:
        nothing = (
            f"It stays {risk.rating}, outside the {risk.appetite} appetite, with about "
            f"{money(exposure.mean, currency)} of expected loss a year; we estimate "
            f"{chance_of(exposure.annual_probability, 'at least one event')} in a year."
        )
    with_data = len(risk.drivers)
    sure = (
        f"The rating rests on {count(with_data, 'measure', 'measures')} carrying "
        f"{risk.evidence_coverage:.0%} of what drives this risk; the money is a range from "
        f"{report.trials:,} simulated years, not a forecast."
    )
    if risk.benchmark:
        sure += f" {risk.benchmark.text}"
    return Notes(
        say=tuple(say[:5]),
        asks=(("What happens if we do nothing?", nothing), ("How sure are we of this?", sure)),
        reference=risk.statement,
    )


def _option_for(report: BoardReport, risk: Risk):
    decision = _decision_for(report, risk)
    if decision is None or not decision.recommendation or report.budget is None:
        return None
    return next((o for o in report.budget.options if o.name == decision.recommendation), None)


def _where_short(risk: Risk) -> str:
    """'E-commerce and 3 more' for a scenario assessed in several units (worst first)."""
    if risk.units and len(risk.units) > 2:
        return f"{risk.units[0] or 'Company-wide'} and {len(risk.units) - 1} more"
    return risk_where(risk)


def _decision_for(report: BoardReport, risk: Risk) -> Decision | None:
    return next((d for d in report.summary.decisions if risk.id in d.risk_ids), None)


def _driver_name(driver: Driver, risk: Risk) -> str:
    """A driver measured in another business unit than the risk's is named with it."""
    elsewhere = bool(driver.business_unit) and driver.business_unit != risk.business_unit
    return driver.name + (f" ({driver.business_unit})" if elsewhere else "")
