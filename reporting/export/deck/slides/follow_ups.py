"""What we decided last time: each decision of the last pack the board saw, what the board
decided, and where it stands, measured by its metrics."""

from __future__ import annotations

from reporting.board.palette import MUTED
from reporting.export.deck import notes as speaker
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Paragraph
from reporting.report import BoardReport


def follow_up_slide(deck: Deck, report: BoardReport) -> None:
    if not report.follow_ups:
        return
    notes = speaker.follow_ups(report)
    slide = deck.slide("What we decided last time, and where it stands", notes)
    paras = [Paragraph(report.follow_ups_from or "", colour=MUTED)]
    for follow in report.follow_ups:
        paras.append(Paragraph(follow.text, space_before=0.5))
    deck.text(slide, deck.body, paras, 16, 11)
