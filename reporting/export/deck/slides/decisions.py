"""Decisions requested: for each risk outside appetite, what the board is asked, the
options, and who owns it, paged over as many slides as the table needs."""

from __future__ import annotations

from reporting.board.words import count, no_decision
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Cell, Column, Paragraph
from reporting.report import BoardReport


def decision_slides(deck: Deck, report: BoardReport) -> None:
    decisions = report.summary.decisions
    if not decisions:
        slide = deck.slide("Decisions requested", no_decision(report))
        deck.text(slide, deck.body, [Paragraph(no_decision(report))], 20, 12)
        return
    columns = [
        Column("Risk", 2.3),
        Column("The board is asked", 3.6),
        Column("Options", 4.4),
        Column("Owner", 1.7),
    ]
    rows = [
        [
            Cell(d.title + (f" ({d.business_unit})" if d.business_unit else ""), bold=True),
            Cell(d.ask),
            Cell("\n".join(f"{i}. {o}" for i, o in enumerate(d.options, start=1))),
            Cell(d.owner),
        ]
        for d in decisions
    ]

    def notes(page: int, pages: int) -> str:
        shown = decisions if pages == 1 else None
        lead = (
            f"We ask the board for {count(len(decisions), 'decision', 'decisions')}. For each "
            "risk outside appetite the board may approve the option we recommend, choose "
            "another, or accept the risk until a review date. "
        )
        if shown is None:
            return lead + f"Page {page} of {pages}."
        return lead + " ".join(f"{d.title}: {d.ask}" for d in shown)

    deck.paged_table("Decisions requested", notes, columns, rows, largest=12, smallest=10)
