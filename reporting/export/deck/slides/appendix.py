"""The appendix: every metric behind the report with its target, status and the file,
sheet and cell it came from, so any number in the pack can be traced to its source."""

from __future__ import annotations

from pptx.enum.text import PP_ALIGN

from reporting.board.palette import STATUS_COLOURS
from reporting.board.words import STATUS_WORDS, format_value, report_quarter, where
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Cell, Column, Paragraph
from reporting.report import BoardReport


def appendix_slides(deck: Deck, report: BoardReport) -> None:
    metrics = sorted(report.metrics, key=lambda m: (m.domain, m.name, m.business_unit or ""))
    columns = [
        Column("Metric", 3.3),
        Column("Business unit", 1.6),
        Column("Value", 1.0, PP_ALIGN.RIGHT),
        Column("Target", 1.0, PP_ALIGN.RIGHT),
        Column("Status", 1.2, PP_ALIGN.CENTER),
        Column("Source (file, sheet, cell)", 4.0),
    ]
    rows = [
        [
            Cell(m.name),
            Cell(where(m.business_unit)),
            Cell(format_value(m.value, m.unit)),
            Cell(format_value(m.target, m.unit)),
            Cell(STATUS_WORDS[m.status], fill=STATUS_COLOURS[m.status], bold=True),
            Cell(str(m.source)),
        ]
        for m in metrics
    ]
    if not rows:
        slide = deck.slide("Appendix: metrics", "No metric was reported for this quarter.")
        deck.text(slide, deck.body, [Paragraph("No metric was reported for this quarter.")], 20, 12)
        return

    def notes(page: int, pages: int) -> str:
        return (
            f"For reference, page {page} of {pages}: every measurement behind this report for "
            f"{report_quarter(report)}, with its target, its status and the file, sheet and cell it "
            "came from, so any number in this pack can be traced back to its source."
        )

    deck.paged_table(
        f"Appendix: metrics for {report.period_label or report.period}",
        notes,
        columns,
        rows,
        largest=10,
        smallest=9,
    )
