"""The budget conversation: what the budget buys (the options, their cost and the loss
each removes, and the portfolio chosen), losses against the tolerance and the insurance,
and the materiality worksheet a disclosure committee reads."""

from __future__ import annotations

from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from reporting.board.palette import MUTED, NAVY
from reporting.board.words import (
    cost_words,
    count,
    listed,
    money,
    portfolio_sentence,
    threshold_line,
)
from reporting.export.deck import notes as speaker
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Cell, Column, Paragraph
from reporting.export.deck.charts import loss_curve_chart, options_chart, waterfall_chart
from reporting.report import BoardReport

CHART_OPTIONS = 6


def budget_slides(deck: Deck, report: BoardReport) -> None:
    budget = report.budget
    currency = report.currency
    if budget is None or not budget.options:
        return
    portfolio = budget.portfolio
    costed = [o for o in budget.options if o.horizon_cost]
    if portfolio is not None:
        title = portfolio_sentence(report).split(" and ")[0]
        notes = speaker.budget(report)
    else:
        title = "Options the board could fund: costs still to be given"
        notes = (
            "No option has a cost yet: each needs one before the board can weigh it against "
            "the loss it removes."
        )
    slide = deck.slide(title, notes)
    left, right = deck.body.cols(5.6, 6.4, gap=Inches(0.25))
    if costed:
        options_chart(slide, left, report, [o.name for o in costed[:CHART_OPTIONS]])
    else:
        deck.text(
            slide,
            left,
            [
                Paragraph(
                    "No option has a cost yet: give each one a cost on the Budget and losses "
                    "page, and the board can weigh it against the loss it removes."
                )
            ],
            18,
            12,
        )
    chosen = set(portfolio.chosen) if portfolio else set()
    columns = [
        Column("Option", 2.6),
        Column("Cost", 1.6),
        Column("Loss removed a year", 1.2, PP_ALIGN.RIGHT),
        Column(
            f"Removed per {currency} over {budget.horizon_years} yrs",
            1.1,
            PP_ALIGN.RIGHT,
            optional=True,
        ),
        Column("Funded", 0.8, PP_ALIGN.CENTER),
    ]
    rows = []
    for o in budget.options:
        cost = cost_words(o, currency, short=True)
        rows.append(
            [
                Cell(o.name, bold=o.name in chosen),
                Cell(cost),
                Cell(money(o.eal_removed, currency)),
                Cell(f"{o.per_money:.1f}" if o.per_money is not None else "–"),
                Cell("Yes" if o.name in chosen else ""),
            ]
        )
    table_box, more_box = right.rows(right.height - Inches(0.4), Inches(0.4), gap=Inches(0.05))
    shown = deck.fitted_table(slide, table_box, columns, rows, largest=12, smallest=10)
    rest = len(budget.options) - shown
    if rest > 0:
        deck.text(
            slide,
            more_box,
            [
                Paragraph(
                    f"And {count(rest, 'more option', 'more options')}: the workbook's "
                    "Options sheet lists every one.",
                    colour=MUTED,
                )
            ],
            11,
            10,
        )


def change_slide(deck: Deck, report: BoardReport) -> None:
    """What changed, in money: last quarter's expected annual loss to this quarter's."""
    change = report.change
    if change is None:
        return
    currency = report.currency
    delta = change.after - change.before
    way = "fell" if delta < 0 else "rose"
    title = (
        f"Expected annual loss {way} by {money(abs(delta), currency)} since last quarter, "
        f"to {money(change.after, currency)}"
    )
    notes = speaker.change(report)
    slide = deck.slide(title, notes)
    if deck.body.width < Inches(10):  # a narrow slide: the chart alone, fewer steps
        waterfall_chart(slide, deck.body, report, steps=4)
        by_risk = "; ".join(
            f"{s.name}: {'+' if s.amount > 0 else '−'}{money(abs(s.amount), currency)}"
            for s in change.by_scenario
            if abs(s.amount) >= 1
        )
        deck.add_to_notes(slide, f"By risk: {by_risk}.")
        return
    left, right = deck.body.cols(8.2, 3.8, gap=Inches(0.3))
    waterfall_chart(slide, left, report, steps=6)
    paras = [Paragraph("By risk", bold=True, colour=NAVY)]
    paras += [
        Paragraph(
            f"{s.name}: {'+' if s.amount > 0 else '−'}{money(abs(s.amount), currency)}",
            space_before=0.3,
        )
        for s in change.by_scenario
        if abs(s.amount) >= 1
    ]
    deck.text(slide, right, paras, 13, 10)


def loss_title(report: BoardReport) -> str:
    """'Losses against our tolerance and our insurance', naming only the lines drawn."""
    kinds = {t.kind for t in report.thresholds}
    named = [
        name
        for name, present in (
            ("our tolerance", "tolerance" in kinds),
            ("our insurance", "retention" in kinds),
            ("the materiality threshold", not kinds & {"tolerance", "retention"}),
        )
        if present
    ]
    return "Losses against " + listed(named)


def loss_slide(deck: Deck, report: BoardReport) -> None:
    currency = report.currency
    cover = report.insurance
    lines = [threshold_line(t, currency) for t in report.thresholds]
    notes = speaker.losses(report)
    slide = deck.slide(loss_title(report), notes)
    if deck.body.width < Inches(10):  # a narrow slide: the chart alone, its legend names the lines
        loss_curve_chart(slide, deck.body, report)
        return
    left, right = deck.body.cols(7.6, 4.4, gap=Inches(0.3))
    loss_curve_chart(slide, left, report)
    paras = [Paragraph("What the lines mean", bold=True, colour=NAVY)]
    paras += [Paragraph(line, space_before=0.4) for line in lines]
    if cover:
        paras.append(Paragraph("In a bad year (1 in 10)", bold=True, colour=NAVY, space_before=0.8))
        paras.append(
            Paragraph(
                f"Losses of {money(cover.bad_year, currency)}: insurance pays "
                f"{money(cover.bad_year - cover.bad_year_uninsured, currency)}, the company keeps "
                f"{money(cover.bad_year_uninsured, currency)} "
                f"({cover.bad_year_uninsured_share:.0%})."
            )
        )
    else:
        paras.append(
            Paragraph("No insurance was given: losses are gross.", colour=MUTED, space_before=0.8)
        )
    deck.text(slide, right, paras, 14, 12)


def materiality_slide(deck: Deck, report: BoardReport) -> None:
    material = report.materiality
    if material is None:
        return
    notes = speaker.materiality(report)
    slide = deck.slide(f"Materiality: {material.verdict.lower()}", notes)
    columns = [Column("Item", 3.6), Column("Finding", 8.4)]
    rows = [[Cell(item, bold=True), Cell(finding)] for item, finding in material.lines]
    table_box, more_box = deck.body.rows(
        deck.body.height - Inches(0.4), Inches(0.4), gap=Inches(0.05)
    )
    shown = deck.fitted_table(slide, table_box, columns, rows, largest=14, smallest=11)
    if shown < len(rows):
        deck.text(
            slide,
            more_box,
            [
                Paragraph(
                    "The rest of the worksheet is in the workbook's Materiality sheet.",
                    colour=MUTED,
                )
            ],
            11,
            10,
        )
