"""A company's template: the deck is built on its layouts, and a file that is not one is
refused in one sentence."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Inches

from reporting.board.words import PACK_TITLE
from reporting.export.deck import TemplateError, build_deck
from tests.reporting.export.deck.reading import inside, reopen, text_of, title_of


def _template(*, drop: tuple[str, ...] = (), rename: bool = True, slide: bool = True) -> bytes:
    """A company template made here: python-pptx's master at 16:9, renamed layouts, one
    slide of its own, and the layouts in `drop` removed."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    if slide:
        old = prs.slides.add_slide(prs.slide_layouts[3])  # "Two Content": never dropped
        old.shapes.title.text = "LAST YEAR'S DECK"
    for layout in list(prs.slide_layouts):
        if layout.name in drop:
            prs.slide_layouts.remove(layout)
        elif rename:
            layout.name = f"Corp {layout.name}"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _section(slide) -> str:
    return title_of(slide).split(" (")[0]


def test_a_template_is_built_on_its_own_layouts_and_loses_its_slides(report):
    template = _template(slide=True)
    names = {layout.name for layout in reopen(template).slide_layouts}
    deck = reopen(build_deck(report, template=template))
    assert deck.slides[0].slide_layout.name == "Corp Title Slide"
    assert {s.slide_layout.name for s in list(deck.slides)[1:]} == {"Corp Title Only"}
    assert {s.slide_layout.name for s in deck.slides} <= names
    assert all("LAST YEAR" not in text_of(s) for s in deck.slides)
    assert title_of(deck.slides[1]) == "Executive summary"
    # Every section is there (page counts differ: the template's content area is narrower).
    plain = reopen(build_deck(report))
    assert {_section(s) for s in deck.slides} == {_section(s) for s in plain.slides}
    inside(deck)


def test_a_template_missing_layouts_falls_back_and_keeps_every_title(report):
    template = _template(drop=("Title Slide", "Title Only", "Blank"))
    deck = reopen(build_deck(report, template=template))
    titles = [title_of(s) for s in deck.slides]
    assert titles[0] == PACK_TITLE
    assert titles[1] == "Executive summary"
    assert all(titles)
    # Its content slides keep their title, footer and slide number, and no empty "click to
    # add text" boxes.
    for number, slide in enumerate(list(deck.slides)[1:], start=2):
        kinds = {p.placeholder_format.type: p for p in slide.placeholders}
        assert set(kinds) == {
            PP_PLACEHOLDER.TITLE,
            PP_PLACEHOLDER.FOOTER,
            PP_PLACEHOLDER.SLIDE_NUMBER,
        }
        assert report.organization in kinds[PP_PLACEHOLDER.FOOTER].text_frame.text
        assert kinds[PP_PLACEHOLDER.SLIDE_NUMBER].text_frame.text == str(number)
    inside(deck)


def test_a_template_with_no_title_layouts_at_all_still_builds(report):
    prs = Presentation()
    for layout in list(prs.slide_layouts):
        if layout.name != "Picture with Caption":
            prs.slide_layouts.remove(layout)
    out = io.BytesIO()
    prs.save(out)
    deck = reopen(build_deck(report, sections={"summary", "heatmap"}, template=out.getvalue()))
    assert [title_of(s) for s in deck.slides] == [
        PACK_TITLE,
        "Executive summary",
        "Risks by control gap and impact",
    ]
    inside(deck)


def test_a_potx_template_is_accepted(report):
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_template()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(
                    b"presentationml.presentation.main+xml", b"presentationml.template.main+xml"
                )
            target.writestr(item, body)
    deck = reopen(build_deck(report, sections={"summary"}, template=out.getvalue()))
    assert deck.slides[0].slide_layout.name == "Corp Title Slide"


@pytest.mark.parametrize("data", [b"not a deck", b"PK\x03\x04broken zip"])
def test_a_file_that_is_not_a_template_is_one_clear_error(report, data):
    with pytest.raises(TemplateError, match="PowerPoint"):
        build_deck(report, template=data)


def test_a_template_that_declares_a_gigabyte_is_refused_before_it_is_opened(report):
    from tests.hostile.corpus import huge_template

    with pytest.raises(TemplateError) as refused:
        build_deck(report, template=huge_template())
    assert str(refused.value) == (
        "would expand to 1 GB when opened, above the 200 MB allowed, which "
        "looks like a zip bomb rather than a template; it was not opened."
    )
