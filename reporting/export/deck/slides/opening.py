"""The opening of the deck: the title slide and the executive summary (posture, direction,
the headline and the answers to the board's four questions)."""

from __future__ import annotations

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Inches

from reporting.board.palette import LIGHT, MOVEMENT_COLOURS, MUTED, NAVY, POSTURE_COLOURS
from reporting.board.words import (
    FRAMEWORK_VERDICTS,
    PACK_TITLE,
    QUESTIONS,
    compliance_basis,
    report_quarter_in_full,
)
from reporting.export.deck import notes as speaker
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Box, Notes, Paragraph, flat, rgb
from reporting.export.deck.corporate import SUBTITLES, TITLES, layout_kind
from reporting.export.deck.measure import FOREIGN_WIDTH, fit, sentences, truncate
from reporting.report import BoardReport


def title_slide(deck: Deck, report: BoardReport) -> None:
    layout = deck.title_layout
    notes = speaker.title(report)
    slide = deck.slide(PACK_TITLE, notes, opening=True)
    title = next((ph for ph in slide.placeholders if ph.placeholder_format.type in TITLES), None)
    subtitle = next(
        (ph for ph in slide.placeholders if ph.placeholder_format.type in SUBTITLES), None
    )
    w, h = deck.width, deck.height
    # Our own design, or a template's title layout as it is, or (a template without one)
    # the title placed in the upper middle of whatever layout there is.
    placed = deck.own_style or layout_kind(layout) != "title"
    if deck.own_style:
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.35), h)
        band.fill.solid()
        band.fill.fore_color.rgb = rgb(NAVY)
        band.line.fill.background()
        flat(band)
        title_box = Box(Inches(1.1), Inches(1.7), w - Inches(2.2), Inches(1.5))
        sub_box = Box(Inches(1.1), Inches(3.45), w - Inches(2.2), Inches(2.4))
    elif placed:
        title_box = Box(int(w * 0.08), int(h * 0.22), int(w * 0.84), int(h * 0.22))
        sub_box = Box(int(w * 0.08), int(h * 0.47), int(w * 0.84), int(h * 0.3))
    else:
        title_box = Box(title.left, title.top, title.width, title.height)
        sub_box = (
            Box(subtitle.left, subtitle.top, subtitle.width, subtitle.height)
            if subtitle is not None
            else Box(title_box.left, title_box.bottom, title_box.width, int(h * 0.25))
        )
    navy = NAVY if deck.own_style else None
    wide = 1.0 if deck.own_style else FOREIGN_WIDTH
    heading = Paragraph(PACK_TITLE, bold=deck.own_style, colour=navy, wide=wide)
    size = fit([heading], title_box.width, title_box.height, 40, 20) or 20
    if title is None:
        title = slide.shapes.add_textbox(*title_box)
        title.name = "Title"
    elif placed:
        title.left, title.top, title.width, title.height = title_box
    deck.write(title.text_frame, [heading], size, anchor=MSO_ANCHOR.BOTTOM, placeholder=True)

    native = subtitle is not None and not deck.own_style
    if subtitle is None:
        subtitle = slide.shapes.add_textbox(*sub_box)
        subtitle.name = "Subtitle"
    elif placed:
        subtitle.left, subtitle.top, subtitle.width, subtitle.height = sub_box
    wide = FOREIGN_WIDTH if native else 1.0
    organisation = report.organization
    lines = [
        Paragraph(organisation, bold=True, colour=navy, wide=wide),
        Paragraph(
            report_quarter_in_full(report),
            scale=0.8,
            space_before=0.3,
            colour=MUTED if deck.own_style else None,
            wide=wide,
        ),
    ]
    size = fit(lines, sub_box.width, sub_box.height, 28, 12)
    if size is None:
        size = 12
        organisation = truncate(organisation, sub_box.width, sub_box.height // 2, 12, True, wide)
        lines[0] = Paragraph(organisation, bold=True, colour=navy, wide=wide)
    deck.write(subtitle.text_frame, lines, size, anchor=MSO_ANCHOR.TOP, placeholder=native)


def summary_slide(deck: Deck, report: BoardReport) -> None:
    summary = report.summary
    answers = summary.answers
    questions = [
        (question, _short(key, getattr(answers, key), report)) for key, question in QUESTIONS
    ]
    notes = speaker.summary(report)
    full = " ".join(f"{q} {getattr(answers, key)}" for key, q in QUESTIONS)
    notes = Notes(say=notes.say, asks=notes.asks, reference=f"The answers in full: {full}")
    slide = deck.slide("Executive summary", notes)
    gap = Inches(0.15)
    strip, grid = deck.body.take_top(Inches(0.55), gap)
    posture_box, direction_box, headline_box = strip.cols(2.2, 2.2, 7.7, gap=gap)
    deck.chip(
        slide,
        posture_box,
        (f"Posture: {summary.posture.capitalize()}", summary.posture.capitalize()),
        POSTURE_COLOURS[summary.posture],
    )
    deck.chip(
        slide,
        direction_box,
        (f"Direction: {summary.direction.capitalize()}", summary.direction.capitalize()),
        MOVEMENT_COLOURS[summary.direction],
    )
    deck.text(
        slide,
        headline_box,
        [Paragraph(summary.headline, bold=True)],
        16,
        12,
        anchor=MSO_ANCHOR.MIDDLE,
    )
    top, bottom = grid.rows(1, 1, gap=gap)
    boxes = [*top.cols(1, 1, gap=gap), *bottom.cols(1, 1, gap=gap)]
    contents = [
        [Paragraph(q, bold=True, colour=NAVY), Paragraph(a, space_before=0.35)]
        for q, a in questions
    ]
    # One size for the four boxes, so none looks louder than the others.
    floor = deck.floor
    sizes = [fit(c, b.width, b.height, 18, floor) for c, b in zip(contents, boxes, strict=True)]
    size = min((s for s in sizes if s is not None), default=floor)
    for box, content in zip(boxes, contents, strict=True):
        deck.text(slide, box, content, size, floor, fill=LIGHT)


#: How many of an answer's sentences the summary shows; the rest are in the notes.
ANSWER_SENTENCES = 2


def _short(key: str, answer: str, report: BoardReport) -> str:
    """An answer as the summary slide gives it: its verdict and the sentence after; the
    first answer whole, since it carries what the figures do not rest on; for the
    obligations, what applies and each framework's verdict in a line."""
    if key == "obligations" and report.compliance:
        by_verdict: dict[str, list[str]] = {}
        for framework in report.compliance:
            by_verdict.setdefault(framework.verdict, []).append(framework.framework)
        verdicts = "; ".join(
            f"{FRAMEWORK_VERDICTS[v].capitalize()}: {', '.join(names)}"
            for v, names in by_verdict.items()
        )
        applies = sentences(answer)[0]
        return f"{applies} {verdicts}. {compliance_basis(report)}"
    if key == "protected":  # short, and where the summary says what the figures lack
        return answer
    return " ".join(sentences(answer)[:ANSWER_SENTENCES])
