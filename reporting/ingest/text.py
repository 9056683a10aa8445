"""Reading a delimited text file (csv, tsv, txt) into one grid, held by column.

The encoding (UTF-8 with or without BOM, UTF-16, else Windows-1252), the delimiter and a
decimal comma are detected; binary data is refused. The cells are counted before any is
parsed, and a row too wide, a cell too long or a quote never closed is refused with the
line it starts on. A plain export (most are) is split in C (`_split_plain`); anything
else goes through the csv module, a chunk of rows at a time; either way the rows become
coded columns (`grid.ColumnBuilder`) and are never held as a Python list per row.
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import operator
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence

from reporting.ingest.grid import Column, ColumnBuilder, Grid, head_rows
from reporting.ingest.limits import DEFAULT_LIMITS, Limits, count, size
from reporting.ingest.safety import UnreadableFile

_DECIMAL_COMMA_CELL = re.compile(r"^-?\d+,\d{1,2}%?$")


def read_text(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Grid:
    text = decode_text(name, data)
    sample = text[:64_000]
    delimiter = _delimiter(name, sample)
    # Every delimiter and line end is at least a cell: counted in C before the csv
    # module builds a string for each, so a wide or endless file is refused cheaply.
    cells = text.count(delimiter) + max(text.count("\n"), text.count("\r")) + 1
    if cells > limits.text_cells:
        raise UnreadableFile(
            f"{name} holds about {count(cells)} cells (rows times columns), above the "
            f"{count(limits.text_cells)} a sheet may have here; split the export (by quarter, "
            "for example) or remove the columns that hold no metrics."
        )
    _check_memory(name, text, limits)
    csv.field_size_limit(limits.text_cell_chars)
    builder = _split_plain(text, delimiter, limits) or _parse(name, text, delimiter, limits)
    del text
    columns = builder.columns()
    height = _height_without_blank_end(columns, builder.height)
    columns = [Column(values, codes[:height]) for values, codes in columns]
    columns = columns[: builder.width(height)]
    decimal_comma = delimiter != "," and _uses_decimal_comma(head_rows(columns, 500))
    return Grid("", columns=columns, height=height, decimal_comma=decimal_comma)


def _check_memory(name: str, text: str, limits: Limits) -> None:
    """Refuse, with a true sentence, a text too large to split within the worker's memory.

    The text is held once decoded (1, 2 or 4 bytes a character: a single emoji makes every
    character 4) and once more as its lines; past what that allows, the worker would run out
    of memory and the user be told the file may be built to expand, which it is not."""
    need = 2 * sys.getsizeof(text) + 64 * text.count("\n")
    if need > limits.worker_memory_bytes * 0.7:
        raise UnreadableFile(
            f"{name} is too large to read here: once read it takes about {size(need)} of "
            f"memory (characters outside plain English text, such as emoji, take four bytes "
            f"each), over the {size(limits.worker_memory_bytes)} a file may use. Split the "
            "export (by quarter, for example) or remove the columns that hold no metrics."
        )


# Rows are parsed, checked and turned into columns this many at a time.
_CHUNK_ROWS = 50_000


# Line ends that `str.splitlines` knows but a text stream read with newline="" does not.
_OTHER_LINE_ENDS = ("\v", "\f", "\x1c", "\x1d", "\x1e")
_OTHER_LINE_ENDS_UNICODE = ("\x85", "\u2028", "\u2029")


def _split_plain(text: str, delimiter: str, limits: Limits) -> ColumnBuilder | None:
    """The rows of a plain export, split in C; None when the text is not plain.

    Plain is what most machine exports are: every row on one line, no blank line, every
    line holding the same number of cells, none wider than a spreadsheet or longer than a
    cell may be. A line without a quote is read by the csv module exactly as splitting it
    on the delimiter reads it, so those are split a chunk at a time and their cells dealt
    into columns by slicing; the few lines with quotes are read by the csv module."""
    ends = _OTHER_LINE_ENDS if text.isascii() else _OTHER_LINE_ENDS + _OTHER_LINE_ENDS_UNICODE
    if any(end in text for end in ends):
        return None
    lines = text.splitlines()
    if not lines or not all(lines) or max(map(len, lines)) > limits.text_cell_chars:
        return None
    quoted = _quoted_lines(lines, delimiter)
    width = _plain_width(lines, quoted, delimiter)
    if not width or width > limits.columns:
        return None
    blank = delimiter * (width - 1)
    at = sorted(quoted)
    builder = ColumnBuilder(_stripped)
    for start in range(0, len(lines), _CHUNK_ROWS):
        chunk = lines[start : start + _CHUNK_ROWS]
        here = at[bisect.bisect_left(at, start) : bisect.bisect_left(at, start + len(chunk))]
        for i in here:
            chunk[i - start] = blank
        cells = delimiter.join(chunk).split(delimiter)
        columns = [cells[c::width] for c in range(width)]
        for i in here:
            for c, cell in enumerate(quoted[i]):
                columns[c][i - start] = cell
        builder.add_columns(columns)
    return builder


def _plain_width(lines: list[str], quoted: dict[int, list[str]] | None, delimiter: str) -> int:
    """The cells every line holds, or 0 when they differ (or lines run over lines)."""
    if quoted is None or len(quoted) == len(lines):
        return 0
    per_line = map(operator.methodcaller("count", delimiter), lines)
    found = list(set(per_line))
    if len(found) > 1 and quoted:  # a quoted line may hold the delimiter inside a cell
        counts = Counter(map(operator.methodcaller("count", delimiter), lines))
        for i in quoted:
            counts[lines[i].count(delimiter)] -= 1
        found = [n for n, times in counts.items() if times > 0]
    width = found[0] + 1 if len(found) == 1 else 0
    return width if all(len(row) == width for row in quoted.values()) else 0


def _quoted_lines(lines: list[str], delimiter: str) -> dict[int, list[str]] | None:
    """Each line holding a quote, read alone by the csv module (strictly: a line it would
    read leniently sends the text to the csv module whole). A quoted cell that runs over
    several lines makes fewer rows than lines, or an error: None, the text is not plain."""
    has_quote = map(str.__contains__, lines, itertools.repeat('"'))
    at = list(itertools.compress(range(len(lines)), has_quote))
    if not at:
        return {}
    try:
        rows = list(csv.reader((lines[i] for i in at), delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    return dict(zip(at, rows, strict=True)) if len(rows) == len(at) else None


def _parse(name: str, text: str, delimiter: str, limits: Limits) -> ColumnBuilder:
    """The text's rows as columns, each cell stripped (blank is None).

    Rows are parsed in chunks by the csv module, in C. A chunk with a row wider than a
    spreadsheet's, or more lines than rows by over a cell's worth, is read again row by row
    (`_check_rows`), for the exact sentence naming the line."""
    builder = ColumnBuilder(_stripped)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    checked = False
    before = 0
    try:
        while chunk := list(itertools.islice(reader, _CHUNK_ROWS)):
            extra_lines = reader.line_num - before - len(chunk)
            wide = max(map(len, chunk)) > limits.columns
            if not checked and (wide or extra_lines > _LINES_IN_A_CELL):
                _check_rows(name, text, delimiter, limits)
                checked = True
            builder.add(chunk)
            before = reader.line_num
    except csv.Error:
        raise _cell_too_long(name, reader.line_num, limits) from None
    return builder


def _check_rows(name: str, text: str, delimiter: str, limits: Limits) -> None:
    """Every row checked in turn, as it is parsed: the first problem raises."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1  # the line the next row starts on
    try:
        for row in reader:
            _check_text_row(name, row, start, limits)
            start = reader.line_num + 1
    except csv.Error:
        raise _cell_too_long(name, reader.line_num, limits) from None


def _cell_too_long(name: str, line: int, limits: Limits) -> UnreadableFile:
    return UnreadableFile(
        f"{name}: line {line} has a cell longer than "
        f"{limits.text_cell_chars:,} characters (or a quote that is never closed); "
        "check that line in a text editor and save it again."
    )


def _stripped(cell: str | None) -> str | None:
    return None if cell is None else cell.strip() or None


def _height_without_blank_end(columns: list[Column], height: int) -> int:
    """The rows left once blank rows at the end are dropped."""
    empty = [{k for k, v in enumerate(values) if v is None} for values, _ in columns]
    while height and all(
        codes[height - 1] in e for (_, codes), e in zip(columns, empty, strict=True)
    ):
        height -= 1
    return height


# A notes cell may run over a few lines; one that swallows a hundred is a quote left open.
_LINES_IN_A_CELL = 100


def _check_text_row(name: str, row: list[str], start: int, limits: Limits) -> None:
    if len(row) > limits.columns:
        raise UnreadableFile(
            f"{name}: line {start} has {len(row):,} columns, more than the "
            f"{limits.columns:,} a spreadsheet row can have; check the delimiter and the "
            "quotes on that line."
        )
    lines = [cell.count("\n") for cell in row]
    if max(lines, default=0) > _LINES_IN_A_CELL:
        raise UnreadableFile(
            f"{name}: the quote opened on line {start} is never closed, so the {max(lines):,} "
            "lines after it would be read as one cell; close the quote and save it again."
        )


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_text(name: str, data: bytes) -> str:
    """Text from a csv's bytes: UTF-8 (with or without BOM), UTF-16 (with or without BOM),
    else Windows-1252. Binary data is refused, judged on the whole text."""
    binary = UnreadableFile(
        f"{name} contains binary data, not text; is it a spreadsheet saved with the "
        "wrong extension?"
    )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif encoding := _utf16_without_bom(data):
        text = data.decode(encoding, errors="replace")
    elif b"\x00" in data:
        raise binary
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:  # Windows' own encoding; a stray UTF-8 BOM goes too
            text = data.removeprefix(b"\xef\xbb\xbf").decode("cp1252", errors="replace")
    controls = _controls(data, text)
    if (
        "\x00" in text
        or controls > max(3, len(text) // 100)
        or text.count("\ufffd") > len(text) // 20
    ):
        raise binary
    if not text.strip():
        raise UnreadableFile(f"{name} is empty.")
    return text


# The bytes of the control characters `CONTROL` finds: in UTF-8 and Windows-1252 text each
# is one byte, never part of another character, so they can be counted on the bytes, in C.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _controls(data: bytes, text: str) -> int:
    """How many control characters the decoded text holds."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:  # UTF-16
        return len(CONTROL.findall(text))
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte of the start is zero (ASCII text)."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= len(odd) * 0.9 and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= len(even) * 0.9 and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _delimiter(name: str, sample: str) -> str:
    if name.casefold().endswith(".tsv"):
        return "\t"
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1.0
    for candidate in (",", ";", "\t", "|"):
        counts = [_count_outside_quotes(line, candidate) for line in lines]
        counts = [c for c in counts if c]
        if not counts:
            continue
        # Most lines splitting into the same number of fields wins.
        common = max(set(counts), key=counts.count)
        score = counts.count(common) * (1 + common / 100)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def _uses_decimal_comma(rows: Iterable[Sequence[object]]) -> bool:
    hits = 0
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and _DECIMAL_COMMA_CELL.match(cell):
                hits += 1
    return hits > 0
