"""The deck on company templates of every common shape: 4:3 with a logo and a band, 16:9
with renamed layouts and no "Title Only", 16:10 with two layouts and a tall title, and our
own 16:9. Each is checked in the file (text sizes, shapes on the slide and apart, axis
titles, footers and numbers) and as LibreOffice draws it (no text smaller than the floor,
no text over other text, nothing off the page)."""

from __future__ import annotations

import pytest
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Emu, Inches

from reporting.export.deck import build_deck
from tests.reporting.export.deck import rendering, templates
from tests.reporting.export.deck.reading import (
    font_sizes,
    inside,
    reopen,
    text_of,
    title_of,
    visual_box,
)

SHAPES = {"own 16:9": None, **templates.ALL}


@pytest.fixture(scope="module")
def decks(report) -> dict[str, bytes]:
    return {
        name: build_deck(report, template=None if make is None else make())
        for name, make in SHAPES.items()
    }


def floor_of(slide) -> float:
    return 10 if title_of(slide).startswith("Appendix") else 12


@pytest.mark.parametrize("shape", list(SHAPES))
def test_no_text_under_the_floor_and_every_chart_axis_titled(decks, shape):
    deck = reopen(decks[shape])
    for number, slide in enumerate(list(deck.slides)[1:], start=2):
        sizes = font_sizes(slide)
        assert sizes and min(sizes) >= floor_of(slide), f"{shape}, slide {number}"
        for frame in (s for s in slide.shapes if s.has_chart):
            axis = frame.chart.value_axis
            assert axis.has_title and axis.axis_title.text_frame.text, (
                f"{shape}, slide {number}: {frame.name} has no value-axis title"
            )
            # A chart keeps a readable size whatever the slide.
            assert frame.width >= Inches(3) and frame.height >= Inches(1.2), (
                f"{shape}, slide {number}: {frame.name} is too small"
            )


@pytest.mark.parametrize("shape", list(SHAPES))
def test_shapes_stay_on_the_slide_apart_and_numbered(decks, shape):
    deck = reopen(decks[shape])
    inside(deck)
    for number, slide in enumerate(list(deck.slides)[1:], start=2):
        boxes = [
            (s.name, visual_box(s)) for s in slide.shapes if s.shape_type != MSO_SHAPE_TYPE.LINE
        ]
        for i, (name_a, a) in enumerate(boxes):
            for name_b, b in boxes[i + 1 :]:
                apart = min(a[2], b[2]) - max(a[0], b[0]) <= Emu(1000) or (
                    min(a[3], b[3]) - max(a[1], b[1]) <= Emu(1000)
                )
                assert apart, f"{shape}, slide {number}: {name_a} overlaps {name_b}"
        numbers = [
            s
            for s in slide.shapes
            if (s.is_placeholder and s.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER)
            or s.name == "Slide number"
        ]
        assert [n.text_frame.text for n in numbers] == [str(number)], f"{shape}, slide {number}"
        assert "Harbour Retail Group" in text_of(slide)  # the footer


@pytest.mark.parametrize("shape", list(SHAPES))
def test_no_continuation_slide_holds_a_single_sentence(decks, shape):
    deck = reopen(decks[shape])
    for slide in deck.slides:
        if "(continued)" in title_of(slide):
            body = text_of(slide).replace(title_of(slide), "")
            assert body.count(". ") >= 1, f"{shape}: {title_of(slide)} holds one sentence"


@pytest.mark.skipif(not rendering.available(), reason="needs LibreOffice and pdftotext")
def test_as_libreoffice_draws_it_text_is_legible_apart_and_on_the_page(decks, tmp_path):
    problems = []
    for shape, data in decks.items():
        deck = reopen(data)
        pdf = rendering.render(data, tmp_path / shape.replace(" ", "_").replace(":", "x"))
        pages = rendering.pages(pdf)
        assert len(pages) == len(deck.slides), shape
        for number, (slide, page) in enumerate(zip(deck.slides, pages, strict=True), start=1):
            # Measured from the drawn page, scaled to the slide's own points; half a point
            # of slack for measuring from glyph boxes.
            scale = page.width / (deck.slide_width / 12700)
            size, word = rendering.smallest_text(page)
            if word is not None and size / scale < floor_of(slide) - 0.5:
                problems.append(f"{shape} {number}: '{word.text}' drawn at {size / scale:.1f} pt")
            for a, b in rendering.overlaps(page):
                problems.append(f"{shape} {number}: '{a.text}' drawn over '{b.text}'")
            for w in rendering.out_of_bounds(page):
                problems.append(f"{shape} {number}: '{w.text}' runs off the page")
    assert not problems, "\n".join(problems)
