"""The pack speaks board English: no '(s)' left for the reader to resolve."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from pptx import Presentation

from reporting.board.words import count
from reporting.export.deck import build_deck
from reporting.export.memo import memo_markdown
from reporting.export.xlsx import build_workbook


def pack_text(report) -> str:
    deck = Presentation(io.BytesIO(build_deck(report)))
    slides = [
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides]
    book = load_workbook(io.BytesIO(build_workbook(report)))
    cells = [
        str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c
    ]
    return "\n".join([*slides, *notes, *cells, memo_markdown(report)])


def test_numbers_agree_with_their_words():
    assert count(1, "risk", "risks") == "1 risk"
    assert count(3, "risk", "risks") == "3 risks"
    assert count(1204, "value", "values") == "1,204 values"


def test_the_sample_pack_leaves_no_plural_for_the_reader(sample_report):
    text = pack_text(sample_report)
    assert "(s)" not in text
    assert "is needs" not in text
