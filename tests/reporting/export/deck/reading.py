"""Reading a built deck back with python-pptx: titles, text, and where shapes sit."""

from __future__ import annotations

import io
import re

from pptx import Presentation


def reopen(data: bytes):
    return Presentation(io.BytesIO(data))


def title_of(slide) -> str:
    """The title placeholder's text, or our own title box's when the layout had none."""
    if slide.shapes.title is not None:
        return slide.shapes.title.text_frame.text
    return next(s.text_frame.text for s in slide.shapes if s.name == "Title")


def text_of(slide) -> str:
    """All the text on a slide: text boxes and table cells."""
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def visual_box(shape) -> tuple[int, int, int, int]:
    """Left, top, right, bottom as seen: a box turned a quarter has width and height swapped."""
    left, top, width, height = shape.left, shape.top, shape.width, shape.height
    if round(getattr(shape, "rotation", 0)) % 180 == 90:
        cx, cy = left + width / 2, top + height / 2
        width, height = height, width
        left, top = cx - width / 2, cy - height / 2
    return left, top, left + width, top + height


def inside(deck) -> None:
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            left, top, right, bottom = visual_box(shape)
            assert left >= 0 and top >= 0, f"slide {number}: {shape.name} starts off the slide"
            assert right <= deck.slide_width and bottom <= deck.slide_height, (
                f"slide {number}: {shape.name} runs off the slide"
            )


_SIZE = re.compile(rb"<a:(?:rPr|defRPr|endParaRPr)\b[^>]*?\bsz=\"(\d+)\"")


def font_sizes(slide) -> list[float]:
    """Every text size set on the slide, in points: its text boxes, tables and the text of
    its charts (titles, axes, labels, legends)."""
    parts = [slide.part.blob]
    parts += [shape.chart.part.blob for shape in slide.shapes if shape.has_chart]
    return [int(sz) / 100 for blob in parts for sz in _SIZE.findall(blob)]


def notes_of(slide) -> str:
    return slide.notes_slide.notes_text_frame.text
