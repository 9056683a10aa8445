"""Sizing a workbook from its XML before any reader expands it.

A reader builds each sheet as a dense rectangle from its first to its last used cell, and
expands shared strings and repeated cells into one value per cell. A tiny file can
declare a huge result: two cells at A1 and XFD1048576 (17 billion cells), one long shared
string referenced by thousands of cells, or an .ods row repeated a million times. The
census reads the same XML as a stream of chunks (`feed`) and counts what a reader would
build, so that such a file is refused by `check` with a sentence, before it is opened.

Counting is by regular expressions over bytes, never by an XML parser, so it cannot be
made to expand anything itself. Where positions are implicit (a cell or row without an
`r` attribute), the count errs high: an element count stands in for the position.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from reporting.ingest.limits import Limits, count

_CARRY = 4096  # bytes kept from the end of a chunk: a tag cut in two is read whole


def column_index(letters: bytes | str) -> int:
    """'A' -> 0, 'XFD' -> 16383."""
    index = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        index = index * 26 + ch - 64
    return index - 1


@dataclass
class SheetSize:
    """What one sheet would cost once read: its dense cell rectangle and expanded text."""

    name: str
    rows: int = 0
    cols: int = 0
    text_chars: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.cols


class _Stream:
    """Feeds regular expressions with whole elements across chunk boundaries.

    Each chunk is scanned up to the last start of an element the counter reads (its
    `MARKERS`); the rest waits for the next chunk, so no element is ever seen cut in two.
    """

    MARKERS: tuple[bytes, ...] = (b"<",)

    def __init__(self) -> None:
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        window = max(0, len(data) - _CARRY)
        cut = max(data.rfind(marker, window) for marker in self.MARKERS)
        if cut <= 0:
            if len(data) < _CARRY:  # the element seen so far may go on: wait for more
                self._tail = data
                return
            cut = len(data)  # one element longer than the carry: read it as it comes
        self._tail = data[cut:]
        self.scan(data[:cut])

    def close(self) -> None:
        if self._tail:
            self.scan(self._tail)
            self._tail = b""

    def scan(self, data: bytes) -> None:
        raise NotImplementedError


# --- xlsx --------------------------------------------------------------------------------

_XLSX_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"')
_XLSX_ROW_REF = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_XLSX_SHARED_REF = re.compile(rb'<c\b[^>]*?\bt="s"[^>]*>\s*<v>\s*(\d+)\s*</v>')
_XLSX_SHARED_FAST = re.compile(rb't="s"><v>(\d+)</v>')
_XLSX_SI = re.compile(rb"<si\b[^>]*?(/?)>|</si>")


class XlsxSheet(_Stream):
    """Counts one worksheet part: the extent of its cells and its shared-string uses.

    The rectangle counted runs from A1, not from the first used cell: a sheet that starts
    far from A1 is no metric table, and the count only errs high. Every writer puts the
    reference first (`<c r="B7"`); for that form the extent is found by searching for a
    reference beyond the largest seen so far, a few scans per chunk rather than a Python
    object per cell. Any other form is read cell by cell.
    """

    MARKERS = (b"<c", b"</sheetData")

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.max_col = self.max_row = -1
        self.implicit_cells = self.implicit_rows = 0
        self.shared = Counter()

    def scan(self, data: bytes) -> None:
        cells = data.count(b"<c ")
        if b"<c>" in data or b"<c/>" in data or data.count(b'<c r="') != cells:
            self._scan_any_form(data)
        elif cells:
            self._scan_usual_form(data)
        shared = data.count(b't="s"')
        if shared:
            uses = _XLSX_SHARED_FAST.findall(data)
            if len(uses) != shared:
                uses = _XLSX_SHARED_REF.findall(data)
            self.shared.update(uses)

    def _scan_usual_form(self, data: bytes) -> None:
        # Rows ascend in every real sheet, and a row's last cell is its widest: the last
        # complete row is the likely maximum, which a search then confirms.
        self._see(_XLSX_CELL_REF.match(data, data.rfind(b'<c r="')))
        self._see(_XLSX_CELL_REF.match(data, data.rfind(b'<c r="', 0, data.rfind(b"</row>"))))
        for _ in range(8):
            beyond = re.search(
                rb'<c r="(?:(?:%s)\d|[A-Z]+(?:%s)")'
                % (_letters_beyond(self.max_col), _number_beyond(self.max_row + 1)),
                data,
            )
            if beyond is None:
                return
            self._see(_XLSX_CELL_REF.match(data, beyond.start()))
        for letters, number in _XLSX_CELL_REF.findall(data):  # in no order at all
            self.max_col = max(self.max_col, column_index(letters))
            self.max_row = max(self.max_row, int(number) - 1)

    def _see(self, ref: re.Match[bytes] | None) -> None:
        if ref is not None:
            self.max_col = max(self.max_col, column_index(ref.group(1)))
            self.max_row = max(self.max_row, int(ref.group(2)) - 1)

    def _scan_any_form(self, data: bytes) -> None:
        refs = _XLSX_CELL_REF.findall(data)
        for letters, number in refs:
            self.max_col = max(self.max_col, column_index(letters))
            self.max_row = max(self.max_row, int(number) - 1)
        cells = data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/>")
        self.implicit_cells += cells - len(refs)
        row_refs = _XLSX_ROW_REF.findall(data)
        if row_refs:
            self.max_row = max(self.max_row, max(map(int, row_refs)) - 1)
        rows = data.count(b"<row ") + data.count(b"<row>") + data.count(b"<row/>")
        self.implicit_rows += rows - len(row_refs)

    def size(self, shared_lengths: list[int]) -> SheetSize:
        if self.max_col < 0 and not self.implicit_cells:
            return SheetSize(self.name)
        # Implicit positions follow the previous cell or row: count the elements instead.
        width = self.max_col + 1 + self.implicit_cells
        height = self.max_row + 1 + self.implicit_rows
        text = 0
        for index, uses in self.shared.items():
            i = int(index)
            text += uses * (shared_lengths[i] if i < len(shared_lengths) else 0)
        return SheetSize(self.name, rows=max(height, 1), cols=max(width, 1), text_chars=text)


def _number_beyond(n: int) -> bytes:
    """A pattern for decimal numbers greater than n >= 0 (leading zeros allowed)."""
    digits = str(max(n, 0))
    longer = rb"[1-9]\d{%d,}" % len(digits)
    same = [
        digits[:i].encode() + b"[%d-9]" % (int(d) + 1) + rb"\d" * (len(digits) - i - 1)
        for i, d in enumerate(digits)
        if d != "9"
    ]
    return rb"0*(?:" + b"|".join([longer, *same]) + b")"


def _letters_beyond(col: int) -> bytes:
    """A pattern for column letters after column index col (-1: any column)."""
    if col < 0:
        return rb"[A-Z]+"
    letters = column_letters(col)
    longer = rb"[A-Z]{%d,}" % (len(letters) + 1)
    same = [
        letters[:i].encode()
        + b"["
        + bytes([ord(ch) + 1])
        + b"-Z]"
        + b"[A-Z]" * (len(letters) - i - 1)
        for i, ch in enumerate(letters)
        if ch != "Z"
    ]
    return b"|".join([longer, *same])


def column_letters(col: int) -> str:
    """0 -> 'A', 16383 -> 'XFD'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class XlsxSharedStrings(_Stream):
    """The length of each shared string (bytes of its XML: an upper bound on characters)."""

    MARKERS = (b"<si", b"</sst")

    def __init__(self) -> None:
        super().__init__()
        self.lengths: list[int] = []
        self._open_at: int | None = None
        self._carried = 0  # bytes of an open string seen in earlier chunks

    def scan(self, data: bytes) -> None:
        for m in _XLSX_SI.finditer(data):
            if m.group(0).startswith(b"</"):
                if self._open_at is not None:
                    self.lengths.append(self._carried + m.start() - self._open_at)
                self._open_at, self._carried = None, 0
            elif m.group(1):  # <si/>
                self.lengths.append(0)
            else:
                self._open_at, self._carried = m.end(), 0
        if self._open_at is not None:  # the string goes on in the next chunk
            self._carried += len(data) - self._open_at
            self._open_at = 0


# --- ods ---------------------------------------------------------------------------------

_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>"
)
_ODS_REPEAT_ROWS = re.compile(rb'table:number-rows-repeated="(\d{1,12})"')
_ODS_REPEAT_COLS = re.compile(rb'table:number-columns-repeated="(\d{1,12})"')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')


class OdsContent(_Stream):
    """Counts `content.xml` of an .ods: each table's extent once repeats are applied."""

    MARKERS = (b"<table:", b"</table:")

    def __init__(self) -> None:
        super().__init__()
        self.sheets: list[SheetSize] = []
        self._sheet: SheetSize | None = None
        self._row = self._col = 0
        self._row_repeat = 1
        self._row_used = False
        self._cell_repeat = 1
        self._cell_open: int | None = None
        self._cell_carried = 0

    def scan(self, data: bytes) -> None:
        for m in _ODS_TAG.finditer(data):
            closing, tag, attrs, empty = m.groups()
            if tag == b"table":
                if closing:
                    self._sheet = None
                elif not empty:
                    name = _ODS_NAME.search(attrs)
                    label = name.group(1).decode("utf-8", "replace") if name else ""
                    self._sheet = SheetSize(label or f"sheet {len(self.sheets) + 1}")
                    self.sheets.append(self._sheet)
                    self._row = 0
                continue
            if self._sheet is None:
                continue
            if tag == b"table-row":
                if closing:
                    if self._row_used:
                        self._sheet.rows = max(self._sheet.rows, self._row + self._row_repeat)
                    self._row += self._row_repeat
                else:
                    repeat = _ODS_REPEAT_ROWS.search(attrs)
                    self._row_repeat = int(repeat.group(1)) if repeat else 1
                    self._row_used, self._col = False, 0
                    if empty:
                        self._row += self._row_repeat
                continue
            # a cell
            if closing:
                if self._cell_open is not None:
                    length = self._cell_carried + m.start() - self._cell_open
                    self._sheet.text_chars += length * self._cell_repeat * self._row_repeat
                    self._cell_open, self._cell_carried = None, 0
                continue
            repeat = _ODS_REPEAT_COLS.search(attrs)
            self._cell_repeat = int(repeat.group(1)) if repeat else 1
            if not empty or b"office:value-type" in attrs:
                self._row_used = True
                self._sheet.cols = max(self._sheet.cols, self._col + self._cell_repeat)
                if not empty:
                    self._cell_open, self._cell_carried = m.end(), 0
            self._col += self._cell_repeat
        if self._cell_open is not None:  # the cell goes on in the next chunk
            self._cell_carried += len(data) - self._cell_open
            self._cell_open = 0


# --- the verdict -------------------------------------------------------------------------


def check(file_name: str, sheets: list[SheetSize], limits: Limits, listed: int = 0) -> str | None:
    """The sentence refusing a workbook that would expand past the limits, or None."""
    listed = max(listed, len(sheets))
    if listed > limits.sheets:
        return (
            f"{file_name} has {listed:,} sheets, more than the {limits.sheets} a workbook "
            "may have here; keep the sheets with metrics and upload that copy."
        )
    for sheet in sheets:
        if sheet.cells > limits.sheet_cells:
            return (
                f"{file_name}, sheet '{sheet.name}': its used range spans {count(sheet.cells)} "
                f"cells ({sheet.rows:,} rows by {sheet.cols:,} columns), above the "
                f"{count(limits.sheet_cells)} a sheet may have here; delete the stray cells far "
                "from the table (Ctrl+End shows the last one) and save it again."
            )
    total = sum(s.cells for s in sheets)
    if total > limits.workbook_cells:
        return (
            f"{file_name}: its sheets span {count(total)} cells together, above the "
            f"{count(limits.workbook_cells)} a workbook may have here; split it or remove "
            "sheets without metrics."
        )
    text = sum(s.text_chars for s in sheets)
    if text > limits.text_chars:
        return (
            f"{file_name}: its cells would hold {count(text)} characters of text once opened, "
            f"above the {count(limits.text_chars)} allowed (a cell's text repeated across many "
            "cells); it was not opened. Remove the long texts and save it again."
        )
    return None


def part_sheet_names(workbook_xml: bytes, rels_xml: bytes) -> tuple[dict[str, str], int]:
    """Worksheet part path -> sheet name, and how many sheets xl/workbook.xml lists."""
    targets = dict(_REL.findall(rels_xml)) or {i: t for t, i in _REL_ALT.findall(rels_xml)}
    names = {}
    listed = _SHEET.findall(workbook_xml)
    for raw_name, rel_id in listed:
        target = targets.get(rel_id)
        if target:
            names[resolve_target(target.decode("utf-8", "replace"))] = unescape(
                raw_name.decode("utf-8", "replace")
            )
    return names, len(listed)


def resolve_target(target: str) -> str:
    """A relationship target of xl/workbook.xml as a path inside the package."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for part in PurePosixPath("xl", target).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


_SHEET = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_ALT = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
