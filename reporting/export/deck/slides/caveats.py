"""What this pack does not cover: the values left out, the risks on thin evidence, the
quarters without data and the context assumed, so no figure is read as more than it is."""

from __future__ import annotations

from reporting.board.palette import MUTED, NAVY
from reporting.board.words import CAVEATS_TITLE, caveat_lead
from reporting.export.deck import notes as speaker
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Paragraph
from reporting.report import BoardReport

KIND_HEADINGS = {
    "data": "Data not used",
    "evidence": "Risks on too little evidence",
    "quarters": "Quarters without data",
    "context": "Business context assumed",
}
DETAIL_LINES = 3


def caveats_slide(deck: Deck, report: BoardReport) -> None:
    lead = caveat_lead(report)
    notes = speaker.caveats(report)
    slide = deck.slide(CAVEATS_TITLE, notes)
    if not report.caveats:
        deck.text(slide, deck.body, [Paragraph(lead)], 20, 12)
        return
    paras: list[Paragraph] = []
    for kind, heading in KIND_HEADINGS.items():
        found = [c for c in report.caveats if c.kind == kind]
        if not found:
            continue
        paras.append(Paragraph(heading, bold=True, colour=NAVY, space_before=0.6 if paras else 0))
        for caveat in found:
            paras.append(Paragraph(caveat.text))
            shown = caveat.detail[:DETAIL_LINES]
            paras += [Paragraph(f"· {line}", colour=MUTED) for line in shown]
            if len(caveat.detail) > len(shown):
                more = len(caveat.detail) - len(shown)
                paras.append(
                    Paragraph(f"· and {more:,} more (workbook, Caveats sheet)", colour=MUTED)
                )
    deck.text(slide, deck.body, paras, 18, 10)
