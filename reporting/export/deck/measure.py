"""Text measurement: how wide a text runs, how many lines it wraps to, and the largest size
at which paragraphs fit a box or rows fit a table and a page.

PowerPoint's shrink-on-overflow only takes effect once PowerPoint itself re-flows the text,
so sizes are decided here: text is measured with Arial's character widths (Liberation Sans
and Helvetica share them), wrapped as PowerPoint wraps it, and set at the largest size
that fits. What does not fit at the smallest size is cut at a word with an ellipsis.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from string import ascii_lowercase, ascii_uppercase

from reporting.export.deck.canvas import (
    CELL_X,
    CELL_Y,
    INSET_X,
    INSET_Y,
    Box,
    Cell,
    Column,
    Paragraph,
)

# Advance widths in thousandths of an em (Helvetica's AFM, which Arial and Liberation Sans
# match); any other character counts as a wide 600.
_UPPER = "667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 611 722 667 944 667 667 611"
_LOWER = "556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500"
_SIGNS = " !\"#$%&'()*+,-./:;<=>?@[]_|–—‘’“”€£·…"
_SIGN_WIDTHS = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 278 278 584 584 584 556 "
    "1015 278 278 556 260 556 1000 222 222 333 333 556 556 278 1000"
)
_WIDTHS: dict[str, int] = {
    **dict.fromkeys("0123456789", 556),
    **dict(zip(ascii_uppercase, map(int, _UPPER.split()), strict=True)),
    **dict(zip(ascii_lowercase, map(int, _LOWER.split()), strict=True)),
    **dict(zip(_SIGNS, map(int, _SIGN_WIDTHS.split()), strict=True)),
}
_BOLD = 1.08  # bold Arial runs about 8 % wider
_LINE = 1.22  # line height as a multiple of the font size (Arial's is 1.15 to 1.2)
_SLACK = 0.95  # share of a line we fill: rounding, kerning and other fonts' widths
FOREIGN_WIDTH = 1.2  # a template's own font, measured as if it ran this much wider than Arial
_EMU_PER_PT = 12700


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of `text` set at `size` points."""
    units = sum(_WIDTHS.get(ch, 600) for ch in text)
    return units * size / 1000 * (_BOLD if bold else 1.0)


def _line_count(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines `text` takes when wrapped at word boundaries into `width` points (long words
    break, as PowerPoint breaks them)."""
    width *= _SLACK
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        space = _text_width(" ", size, bold)
        for word in paragraph.split():
            w = _text_width(word, size, bold)
            if used and used + space + w <= width:
                used += space + w
                continue
            if used:
                lines += 1
            while w > width:  # a word wider than the line breaks over lines
                lines += 1
                w -= width
            used = w
    return lines


def _height(paras: Sequence[Paragraph], width: float, size: float) -> float:
    """Height in points of the paragraphs wrapped into `width` points at base `size`."""
    total = 0.0
    for p in paras:
        s = size * p.scale
        total += p.space_before * size + _line_count(p.text, width / p.wide, s, p.bold) * s * _LINE
    return total


def fit(
    paras: Sequence[Paragraph], width_emu: int, height_emu: int, largest: float, smallest: float
) -> float | None:
    """The largest size (in half points) at which the paragraphs fit the box with no word
    broken across lines, or None."""
    width = (width_emu - 2 * INSET_X) / _EMU_PER_PT
    height = (height_emu - 2 * INSET_Y) / _EMU_PER_PT
    longest = [
        max((_text_width(w, p.scale, p.bold) * p.wide for w in p.text.split()), default=0.0)
        for p in paras
    ]
    size = largest
    while size >= smallest - 1e-9:
        fits_words = all(w * size <= width * _SLACK for w in longest)
        if fits_words and _height(paras, width, size) <= height:
            return size
        size -= 0.5
    return None


def truncate(
    text: str, width_emu: int, height_emu: int, size: float, bold: bool, wide: float = 1.0
) -> str:
    """`text` cut at a word with an ellipsis so it fits the box at `size`."""
    para = [Paragraph(text, bold=bold, wide=wide)]
    if fit(para, width_emu, height_emu, size, size):
        return text
    words = text.split()
    low, high = 0, len(words)
    while low < high:  # the most words that fit
        mid = (low + high + 1) // 2
        shorter = [Paragraph(" ".join(words[:mid]) + "…", bold=bold, wide=wide)]
        if fit(shorter, width_emu, height_emu, size, size):
            low = mid
        else:
            high = mid - 1
    return " ".join(words[:low]) + "…"


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each with its closing mark."""
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def cut_to_fit(paras: Sequence[Paragraph], box: Box, size: float) -> tuple[list[Paragraph], str]:
    """What of the paragraphs the box holds at `size`, and the text left out: trailing
    paragraphs go first, then whole sentences of the last one kept, then that paragraph; only
    a lone paragraph's single sentence too long for the box is cut at a word."""
    kept = list(paras)
    left_out: list[str] = []
    while len(kept) > 1 and fit(kept[:-1], box.width, box.height, size, size) is None:
        left_out.insert(0, kept.pop().text)
    last = kept[-1]
    head = kept[:-1]
    said = sentences(last.text)
    while len(said) > 1:
        shown = [*head, replace(last, text=" ".join(said))]
        if fit(shown, box.width, box.height, size, size) is not None:
            break
        left_out.insert(0, said.pop())
    text = " ".join(said) or last.text
    if head and fit([*head, replace(last, text=text)], box.width, box.height, size, size) is None:
        # A sentence that does not fit whole is left off whole, not cut mid-way.
        left_out.insert(0, text)
        return head, " ".join(left_out)
    if fit([*head, replace(last, text=text)], box.width, box.height, size, size) is None:
        used = _height(head, (box.width - 2 * INSET_X) / _EMU_PER_PT, size) * _EMU_PER_PT
        room = max(int(box.height - used - last.space_before * size * _EMU_PER_PT), 1)
        cut = truncate(text, box.width, room, size * last.scale, last.bold)
        left_out.insert(0, text)  # the whole sentence, since the slide shows it cut short
        text = cut
    return [*head, replace(last, text=text)], " ".join(left_out)


# --- Tables ---------------------------------------------------------------------------------


def _needs(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], size: float) -> list[int]:
    """Each column's narrowest width at `size`: its longest word (header included)."""
    need = []
    for i, column in enumerate(columns):
        cells = [Cell(column.header, bold=True), *(row[i] for row in rows)]
        longest = max(
            (_text_width(w, size, c.bold) for c in cells for w in c.text.split()),
            default=0.0,
        )
        need.append(int((longest / _SLACK + 1) * _EMU_PER_PT + 2 * CELL_X))
    return need


def fitting_columns(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: int, size: float
) -> tuple[list[Column], list[list[Cell]]]:
    """The columns (and their cells) that fit across `width` at `size` with no word broken:
    optional columns are left out, the last first, until they do."""
    keep = list(range(len(columns)))
    while (
        sum(_needs([columns[i] for i in keep], [[r[i] for i in keep] for r in rows], size)) > width
    ):
        optional = [i for i in keep if columns[i].optional]
        if not optional:
            break
        keep.remove(optional[-1])
    return [columns[i] for i in keep], [[row[i] for i in keep] for row in rows]


def column_widths(
    columns: Sequence[Column],
    width: int,
    rows: Sequence[Sequence[Cell]] = (),
    size: float | None = None,
) -> list[int]:
    """Each column's width: its share of the table by weight, but never narrower than its
    longest word at `size` (header included), so no word breaks inside a cell; the room
    over the columns' needs is shared by weight."""
    total = sum(c.weight for c in columns)
    widths = [int(width * c.weight / total) for c in columns]
    if size is not None:
        need = _needs(columns, rows, size)
        if sum(need) <= width:
            fixed: set[int] = set()
            while True:
                free = [i for i in range(len(columns)) if i not in fixed]
                room = width - sum(need[i] for i in fixed)
                weight = sum(columns[i].weight for i in free)
                for i in free:
                    widths[i] = int(room * columns[i].weight / weight)
                for i in fixed:
                    widths[i] = need[i]
                narrow = [i for i in free if widths[i] < need[i]]
                if not narrow or len(narrow) == len(free):
                    break
                fixed.update(narrow)
    widths[-1] += width - sum(widths)
    return widths


def row_height(row: Sequence[Cell], widths: Sequence[int], size: float) -> int:
    lines = max(
        _line_count(cell.text, (w - 2 * CELL_X) / _EMU_PER_PT, size, cell.bold)
        for cell, w in zip(row, widths, strict=True)
    )
    return int((lines * size * _LINE + 4) * _EMU_PER_PT + 2 * CELL_Y)


def row_to_fit(row: Sequence[Cell], widths: Sequence[int], size: float, room: int) -> list[Cell]:
    """A row taller than a whole page has its cells cut short to fit one."""
    if row_height(row, widths, size) <= room:
        return list(row)
    cells = []
    for cell, width in zip(row, widths, strict=True):
        text = truncate(cell.text, width - 2 * CELL_X + 2 * INSET_X, room, size, cell.bold)
        cells.append(Cell(text, cell.fill, cell.bold, cell.colour, cell.align))
    return cells


def pack(rows: Sequence, heights: Sequence[int], room: float) -> list[list]:
    """Rows into pages of at most `room` height, in order; a page holds one row at least."""
    pages: list[list] = [[]]
    used = 0.0
    for row, h in zip(rows, heights, strict=True):
        if pages[-1] and used + h > room:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += h
    return pages
