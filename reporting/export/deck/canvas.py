"""What a slide is drawn with: boxes (where things go), the paragraphs, columns and cells
they hold, the margins inside text boxes and table cells, and the house font and colours
turned into what python-pptx takes.

Plain values with no measuring in them: `measure` measures them, `builder` draws them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

FONT_NAME = "Arial"

INSET_X = Inches(0.08)  # a text box's margins
INSET_Y = Inches(0.05)
CELL_X = Inches(0.06)  # a table cell's margins
CELL_Y = Inches(0.03)


@dataclass(frozen=True)
class Box:
    """A rectangle on a slide, in EMU, split into rows and columns to lay a slide out."""

    left: int
    top: int
    width: int
    height: int

    def __iter__(self) -> Iterator[int]:
        return iter((self.left, self.top, self.width, self.height))

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def rows(self, *weights: float, gap: int = 0) -> list[Box]:
        """Split top to bottom in proportion to `weights`."""
        free = self.height - gap * (len(weights) - 1)
        out, top = [], self.top
        for w in weights:
            h = int(free * w / sum(weights))
            out.append(Box(self.left, top, self.width, h))
            top += h + gap
        return out

    def cols(self, *weights: float, gap: int = 0) -> list[Box]:
        """Split left to right in proportion to `weights`."""
        free = self.width - gap * (len(weights) - 1)
        out, left = [], self.left
        for w in weights:
            w_emu = int(free * w / sum(weights))
            out.append(Box(left, self.top, w_emu, self.height))
            left += w_emu + gap
        return out

    def take_top(self, height: int, gap: int = 0) -> tuple[Box, Box]:
        head = Box(self.left, self.top, self.width, height)
        rest = Box(self.left, self.top + height + gap, self.width, self.height - height - gap)
        return head, rest


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a text box; sizes are relative to the box's base size."""

    text: str
    bold: bool = False
    scale: float = 1.0
    colour: str | None = None
    space_before: float = 0.0  # in base-size lines
    align: PP_ALIGN | None = None
    italic: bool = False
    wide: float = 1.0  # width relative to Arial: a template's own font may run wider


@dataclass(frozen=True)
class Column:
    """A table column: its header, its share of the table's width, its alignment."""

    header: str
    weight: float
    align: PP_ALIGN = PP_ALIGN.LEFT
    optional: bool = False  # left out, last first, when the table cannot fit across


@dataclass(frozen=True)
class Cell:
    """A table cell's text; fill, colour and alignment default to the row's and column's."""

    text: str
    fill: str | None = None
    bold: bool = False
    colour: str | None = None
    align: PP_ALIGN | None = None


def flat(shape) -> None:
    """No theme shadow: PowerPoint honours the empty effect list, LibreOffice the style."""
    shape.shadow.inherit = False
    for ref in shape.element.xpath("./p:style/a:effectRef"):
        ref.set("idx", "0")


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


# The smallest text a director reads from across the room, and in the appendix.
MAIN_FLOOR = 12.0
APPENDIX_FLOOR = 10.0


@dataclass(frozen=True)
class Notes:
    """A slide's speaker notes: what to say that the slide does not show (three to five
    sentences), the questions the board is likely to ask with short answers from the report,
    and, for reference, anything the slide shortened."""

    say: tuple[str, ...]
    asks: tuple[tuple[str, str], ...] = ()
    reference: str = ""

    def text(self) -> str:
        parts = [" ".join(s.strip() for s in self.say if s.strip())]
        if self.asks:
            parts.append(
                "The board may ask:\n"
                + "\n".join(f"Q: {question}\nA: {answer}" for question, answer in self.asks)
            )
        if self.reference:
            parts.append(f"For reference: {self.reference}")
        return "\n\n".join(p for p in parts if p)
