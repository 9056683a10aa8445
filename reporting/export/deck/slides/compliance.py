"""Compliance by framework: the controls of each framework by status in a native chart,
where the largest gaps are, and the basis of the assessment in the board's words."""

from __future__ import annotations

from pptx.enum.text import MSO_ANCHOR
from pptx.util import Inches

from reporting.board.palette import MUTED, NAVY
from reporting.board.words import compliance_basis, framework_line
from reporting.export.deck import notes as speaker
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Paragraph
from reporting.export.deck.charts import compliance_chart
from reporting.report import BoardReport


def compliance_slide(deck: Deck, report: BoardReport) -> None:
    basis = compliance_basis(report)
    notes = speaker.compliance(report) if report.compliance else basis
    slide = deck.slide("Compliance by framework", notes)
    if not report.compliance:
        deck.text(slide, deck.body, [Paragraph("No framework is in scope.")], 20, 12)
        return
    body, note_box = deck.body.rows(deck.body.height - Inches(0.45), Inches(0.45), gap=Inches(0.05))
    left, right = body.cols(7.6, 4.4, gap=Inches(0.3))
    compliance_chart(slide, left, report)

    head, rest = right.take_top(Inches(0.4), Inches(0.05))
    heading = [Paragraph("Where the largest gaps are", bold=True, colour=NAVY)]
    deck.text(slide, head, heading, 16, 12)
    paras: list[Paragraph] = []
    for framework in report.compliance:
        paras.append(
            Paragraph(
                framework_line(framework, counts=True), bold=True, space_before=0.5 if paras else 0
            )
        )
        if framework.gaps:
            paras.append(Paragraph(framework.gaps[0]))
    deck.text(slide, rest, paras, 13, 9.5)
    deck.text(
        slide,
        note_box,
        [Paragraph(basis, italic=True, colour=MUTED)],
        12,
        9,
        anchor=MSO_ANCHOR.MIDDLE,
    )
