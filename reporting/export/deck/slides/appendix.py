"""The appendix: every metric behind the report with its target, status and the file,
sheet and cell it came from, so any number in the pack can be traced to its source."""

from __future__ import annotations

from pptx.enum.text import PP_ALIGN

from reporting.board.palette import RATING_COLOURS, STATUS_COLOURS
from reporting.board.targets import target_text
from reporting.board.words import (
    STATUS_WORDS,
    event_range,
    format_value,
    money,
    rating_word,
    report_quarter,
    where,
)
from reporting.export.deck import notes as speaker
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Cell, Column, Notes, Paragraph
from reporting.report import BoardReport


def appendix_slides(deck: Deck, report: BoardReport) -> None:
    _unit_risk_slides(deck, report)
    _metric_slides(deck, report)


def _unit_risk_slides(deck: Deck, report: BoardReport) -> None:
    """Each scenario assessed per business unit, in each unit: the drill-down the ranked
    register rolls up."""
    if not report.unit_risks:
        return
    columns = [
        Column("Risk", 3.0),
        Column("Business unit", 1.9),
        Column("Rating", 1.1, PP_ALIGN.CENTER),
        Column("Appetite", 1.3, PP_ALIGN.CENTER),
        Column("Expected loss a year", 1.6, PP_ALIGN.RIGHT),
        Column("One event could cost", 2.2),
        Column("Owner", 1.5),
    ]
    by_scenario = {r.scenario: r.rank for r in report.risks}
    ordered = sorted(report.unit_risks, key=lambda r: (by_scenario.get(r.scenario, 0), r.rank))
    rows = [
        [
            Cell(f"{by_scenario.get(r.scenario, '')}. {r.title}"),
            Cell(r.business_unit or ""),
            Cell(rating_word(r), fill=RATING_COLOURS[r.rating], bold=True),
            Cell("Within" if r.within_appetite else "Outside"),
            Cell(money(r.exposure.mean, r.exposure.currency)),
            Cell(event_range(r.exposure)),
            Cell(r.owner),
        ]
        for r in ordered
    ]

    def notes(page: int, pages: int) -> Notes:
        what = "each scenario's risk in every business unit it was assessed for, worst first"
        return speaker.appendix(report, what, page, pages)

    deck.paged_table(
        "Appendix: risks by business unit",
        notes,
        columns,
        rows,
        largest=11,
        smallest=10,
        appendix=True,
    )


def _metric_slides(deck: Deck, report: BoardReport) -> None:
    metrics = sorted(report.metrics, key=lambda m: (m.domain, m.name, m.business_unit or ""))
    columns = [
        Column("Metric", 3.3),
        Column("Business unit", 1.6),
        Column("Value", 1.0, PP_ALIGN.RIGHT),
        Column("Target", 1.4, PP_ALIGN.RIGHT),
        Column("Status", 1.2, PP_ALIGN.CENTER),
        Column("Source (file, sheet, cell)", 4.0),
    ]
    rows = [
        [
            Cell(m.name),
            Cell(where(m.business_unit)),
            Cell(format_value(m.value, m.unit)),
            Cell(target_text(m.target, m.unit, m.target_source)),
            Cell(STATUS_WORDS[m.status], fill=STATUS_COLOURS[m.status], bold=True),
            Cell(str(m.source)),
        ]
        for m in metrics
    ]
    if not rows:
        slide = deck.slide(
            "Appendix: metrics", "No metric was reported for this quarter.", appendix=True
        )
        deck.text(slide, deck.body, [Paragraph("No metric was reported for this quarter.")], 20, 12)
        return

    def notes(page: int, pages: int) -> Notes:
        what = f"every measurement behind this report for {report_quarter(report)}"
        return speaker.appendix(report, what, page, pages)

    deck.paged_table(
        f"Appendix: metrics for {report_quarter(report)}",
        notes,
        columns,
        rows,
        largest=10,
        smallest=10,
        appendix=True,
    )
