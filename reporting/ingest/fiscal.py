"""A fiscal-year start stated in the workbook itself: "Fiscal year starts 1 July",
"FY runs April to March", "FY27 = Apr 2026 – Mar 2027", "Financial year: July–June".

Only text cells are read, and only those that speak of a fiscal or financial year, so a
large export costs nothing here. The first statement found, sheet by sheet and cell by
cell, is the one used; the cell it came from is kept so that the user can be told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reporting.ingest.periods import MONTHS
from reporting.ingest.readers import Grid

_MONTH = "(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR_WORDS = r"(?:fiscal|financial)\s+year|\bfy\s*'?\d{0,4}\b"
_STATEMENTS = [
    # "Fiscal year starts 1 July", "financial year begins on the 1st of April", "FY starts in July"
    re.compile(
        rf"(?:{_YEAR_WORDS})[^.;\n]{{0,30}}?\b(?:starts?|starting|begins?|beginning|commences?|"
        rf"commencing)\b\s*(?:on|in)?\s*(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s*)?(?:of\s+)?"
        + _MONTH.format(name="start")
    ),
    # "FY runs April to March", "FY27 = Apr 2026 – Mar 2027", "Financial year: July–June"
    re.compile(
        rf"(?:{_YEAR_WORDS})\s*(?:runs|is|covers|=|:|\()?\s*(?:from\s+)?(?:\d{{1,2}}\s+)?"
        + _MONTH.format(name="start")
        + r"\w*\s*(?:(?:19|20)?\d{2})?\s*(?:to|until|through|-|–|—)\s*(?:\d{1,2}\s+)?"
        + _MONTH.format(name="end")
    ),
]
_HINT = re.compile(r"fiscal|financial\s+year|\bfy", re.IGNORECASE)
_MAX_CELL = 300  # a statement is a title or a note, not an essay


@dataclass(frozen=True, slots=True)
class FiscalStatement:
    month: int
    sheet: str | None
    row: int  # grid indices of the cell it was read from
    col: int
    text: str


def stated_start(grids: list[Grid]) -> FiscalStatement | None:
    """The first fiscal-year start the workbook states (sheet by sheet, then the topmost,
    leftmost cell), or None. Each distinct text of a column is read once."""
    for grid in grids:
        found: list[tuple[int, int, int, str]] = []
        for c in range(len(grid.columns)):
            values, codes = grid.column(c)
            for code, cell in enumerate(values):
                if isinstance(cell, str) and len(cell) <= _MAX_CELL and _HINT.search(cell):
                    month = month_stated(cell)
                    if month is not None:
                        rows = (codes == code).nonzero()[0]
                        if len(rows):
                            found.append((int(rows[0]), c, month, cell.strip()))
        if found:
            r, c, month, text = min(found)
            return FiscalStatement(month, grid.name, r, c, text)
    return None


def month_stated(text: str) -> int | None:
    """The month a sentence says the fiscal year starts in, or None."""
    folded = " ".join(text.casefold().split())
    for pattern in _STATEMENTS:
        found = pattern.search(folded)
        if found is None:
            continue
        start = MONTHS[found.group("start")]
        end = found.groupdict().get("end")
        # "April to March": a year's span ends the month before it starts.
        if end is not None and MONTHS[end] % 12 != (start - 1) % 12:
            continue
        return start
    return None
