"""Reading files into plain grids of cells, one per sheet.

Workbooks (xlsx, xlsm, xlsb, xls, ods) go through python-calamine, which is fast and does
not build a DOM. Text files go through the csv module after detecting encoding, delimiter
and decimal comma. A grid remembers its offset in the sheet, so every cell can be named
by its A1 reference. Grids are held by column (see `grid`).
"""

from __future__ import annotations

import bisect
import csv
import io
import itertools
import operator
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence

import python_calamine as calamine

from reporting.ingest import census
from reporting.ingest.census import column_index, part_sheet_names
from reporting.ingest.grid import (
    Column,
    ColumnBuilder,
    Grid,
    a1,
    column_letter,
    encode_rows,
    head_rows,
)
from reporting.ingest.limits import DEFAULT_LIMITS, Limits, count
from reporting.ingest.safety import Sniffed, UnreadableFile

__all__ = ["Grid", "a1", "column_letter", "decode_text", "read_grids", "read_text", "read_workbook"]


def read_grids(
    name: str, data: bytes, sniffed: Sniffed, limits: Limits = DEFAULT_LIMITS
) -> list[Grid]:
    """Every sheet of a sniffed file as a grid, control characters in text replaced."""
    if sniffed.kind == "text":
        grids = [read_text(name, data, limits)]
    else:
        grids = read_workbook(name, data, sniffed.kind, limits)
    for grid in grids:
        _replace_control_characters(grid)
    return grids


def _replace_control_characters(grid: Grid) -> None:
    """NUL and other control characters (which no label needs, and which a database or a
    terminal may refuse or obey) become U+FFFD; the cells are listed for the user, row by
    row. Each distinct text is looked at once, not each cell."""
    cells: list[tuple[int, int]] = []
    columns: list[Column] = []
    for c, (values, codes) in enumerate(grid.columns):
        bad = {k for k, v in enumerate(values) if isinstance(v, str) and _CONTROL.search(v)}
        if bad:
            cells.extend((r, c) for r, k in enumerate(codes) if k in bad)
            values = [_CONTROL.sub("\ufffd", v) if k in bad else v for k, v in enumerate(values)]
        columns.append(Column(values, codes))
    if cells:
        cells.sort()
        grid.replaced.extend(cells)
        grid.set_columns(columns)


def read_workbook(name: str, data: bytes, kind: str, limits: Limits = DEFAULT_LIMITS) -> list[Grid]:
    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError:
        raise UnreadableFile(
            f"{name} is password-protected; remove the password and upload it again."
        ) from None
    except Exception:  # calamine raises several error types for damaged files
        raise UnreadableFile(
            f"{name} could not be opened as a {kind} workbook (the file is damaged or in "
            "an unexpected format); open it in Excel or LibreOffice and save it again."
        ) from None
    if problem := census.check(name, [], limits, listed=len(workbook.sheets_metadata)):
        raise UnreadableFile(problem)
    percent = _xlsx_percent_cells(data) if kind == "xlsx" else {}
    grids = []
    for meta in workbook.sheets_metadata:
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            grids.append(Grid(meta.name, [], note="a chart or macro sheet, not a table"))
            continue
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=True)
        except Exception:
            reason = _bad_cells(data, meta.name) if kind == "xlsx" else None
            grids.append(Grid(meta.name, [], note=_unreadable_sheet(reason)))
            continue
        start = sheet.start or (0, 0)
        # An empty cell comes as "": made None once per distinct cell, not once per cell.
        grid = Grid(
            meta.name,
            columns=encode_rows(rows, empty_text_is_none=True),
            height=len(rows),
            row0=start[0],
            col0=start[1],
            percent_cells=percent.get(meta.name, set()),
        )
        del rows
        _fill_vertical_merges(grid, sheet.merged_cell_ranges or [])
        if meta.visible != calamine.SheetVisibleEnum.Visible:
            grid.note = "hidden sheet"
        grids.append(grid)
    return grids


def _unreadable_sheet(reason: str | None) -> str:
    if reason is None:
        return "this sheet could not be read (damaged); open it in Excel or LibreOffice and save it again"
    return (
        f"this sheet could not be read because {reason}, so none of its values were used; "
        "fix or clear that cell in Excel and save the workbook again"
    )


_TYPES = {"s", "str", "inlineStr", "n", "b", "e", "d"}
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_TYPE = re.compile(rb'\bt="([^"]*)"')
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)


def _bad_cells(data: bytes, sheet_name: str) -> str | None:
    """Which cell makes the reader give up on a sheet, said for the user: a shared-text
    reference that points nowhere, a yes/no that is neither, a type or number the format
    does not allow. Only run when a sheet failed, so its cost does not matter."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts, _ = part_sheet_names(
            archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")
        )
        path = next(path for path, name in parts.items() if name == sheet_name)
        xml = archive.read(path)
        shared = (
            archive.read("xl/sharedStrings.xml").count(b"<si")
            if "xl/sharedStrings.xml" in archive.namelist()
            else 0
        )
    except (KeyError, StopIteration, zipfile.BadZipFile, OSError, ValueError):
        return None
    found = []
    for ref, attrs, body in _CELL.findall(xml):
        kind = (_TYPE.search(attrs) or [None, b"n"])[1].decode("ascii", "replace")
        value = _VALUE.search(body or b"")
        text = value.group(1).decode("utf-8", "replace").strip() if value else None
        problem = _cell_problem(kind, text, shared)
        if problem:
            found.append(f"cell {ref.decode()} holds {problem}")
            if len(found) > 3:
                break
    if not found:
        return None
    more = f" (and {len(found) - 1} more like it)" if len(found) > 1 else ""
    return found[0] + more


def _cell_problem(kind: str, text: str | None, shared: int) -> str | None:
    if kind not in _TYPES:
        return f"a value of a type the xlsx format does not have ('{kind[:20]}')"
    if text is None:
        return None
    if kind == "s":
        if not text.isdigit() or int(text) >= shared:
            return "a reference to a shared text that does not exist"
    elif kind == "b":
        if text not in ("0", "1"):
            return f"a yes/no value that is neither ('{text[:20]}')"
    elif kind == "n":
        try:
            number = float(text)
        except ValueError:
            return f"a number that is not one ('{text[:20]}')"
        if number != number or number in (float("inf"), float("-inf")):
            return f"a number that is not finite ('{text[:20]}')"
    return None


def _fill_vertical_merges(grid: Grid, merges: list) -> None:
    """Repeat a cell merged down several rows (a business unit beside its metrics).

    Only the part of a merge inside the grid is visited: a merge may declare any range.
    """
    columns = grid.columns
    width = len(columns)
    for (r1, c1), (r2, c2) in merges:
        if r2 <= r1:
            continue
        top = (r1 - grid.row0, c1 - grid.col0)
        if not (0 <= top[0] < grid.height) or not (0 <= top[1] < width):
            continue
        values, codes = columns[top[1]]
        value = values[codes[top[0]]]
        for cc in range(top[1], min(c2 - grid.col0 + 1, width)):
            values, codes = columns[cc]
            empty = {k for k, v in enumerate(values) if v is None}
            code = None
            for rr in range(top[0], min(r2 - grid.row0 + 1, grid.height)):
                if codes[rr] in empty:
                    if code is None:
                        code = _code_of(values, value)
                    codes[rr] = code
            if code is not None and value is None:
                empty.add(code)
    grid.set_columns(columns)


def _code_of(values: list, value: object) -> int:
    """The code of `value` in a column's distinct cells, added when it is not there."""
    for k, v in enumerate(values):
        if type(v) is type(value) and v == value:
            return k
    values.append(value)
    return len(values) - 1


# --- percent number formats in xlsx ------------------------------------------------------
# calamine gives 0.87 for a cell shown as 87 %; the format lives in styles.xml. Reading it
# with regular expressions keeps this cheap and parser-free (no entity expansion possible).

_BUILTIN_PERCENT = {9, 10}
_NUMFMT = re.compile(rb'<numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELLXFS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.S)
_XF = re.compile(rb"<xf\b([^>]*)")
_NUMFMT_ID = re.compile(rb'numFmtId="(\d+)"')
_CELL_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*)')
_STYLE = re.compile(rb'\bs="(\d+)"')


def _xlsx_percent_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        styles = archive.read("xl/styles.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    custom = {
        int(fid)
        for fid, code in _NUMFMT.findall(styles)
        if b"%" in code.replace(b"\\%", b"").replace(b'"%"', b"")
    }
    percent_ids = _BUILTIN_PERCENT | custom
    xfs_block = _CELLXFS.search(styles)
    if not xfs_block:
        return {}
    percent_styles = set()
    for index, attrs in enumerate(_XF.findall(xfs_block.group(1))):
        m = _NUMFMT_ID.search(attrs)
        if m and int(m.group(1)) in percent_ids:
            percent_styles.add(str(index).encode())
    if not percent_styles:
        return {}
    try:
        sheet_parts, _ = part_sheet_names(
            archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")
        )
    except KeyError:
        return {}
    result: dict[str, set[tuple[int, int]]] = {}
    for path, sheet_name in sheet_parts.items():
        try:
            xml = archive.read(path)
        except KeyError:
            continue
        cells = set()
        for col, row, attrs in _CELL_REF.findall(xml):
            m = _STYLE.search(attrs)
            if m and m.group(1) in percent_styles:
                cells.add((int(row) - 1, column_index(col)))
        if cells:
            result[sheet_name] = cells
    return result


# --- delimited text ------------------------------------------------------------------------

_DECIMAL_COMMA_CELL = re.compile(r"^-?\d+,\d{1,2}%?$")


def read_text(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Grid:
    text = decode_text(name, data)
    sample = text[:64_000]
    delimiter = _delimiter(name, sample)
    # Every delimiter and line end is at least a cell: counted in C before the csv
    # module builds a string for each, so a wide or endless file is refused cheaply.
    cells = text.count(delimiter) + text.count("\n") + 1
    if cells > limits.text_cells:
        raise UnreadableFile(
            f"{name} holds about {count(cells)} cells (rows times columns), above the "
            f"{count(limits.text_cells)} a sheet may have here; split the export (by quarter, "
            "for example) or remove the columns that hold no metrics."
        )
    csv.field_size_limit(limits.text_cell_chars)
    builder = _split_plain(text, delimiter, limits) or _parse(name, text, delimiter, limits)
    del text
    columns = builder.columns()
    height = _height_without_blank_end(columns, builder.height)
    columns = [Column(values, codes[:height]) for values, codes in columns]
    columns = columns[: builder.width(height)]
    decimal_comma = delimiter != "," and _uses_decimal_comma(head_rows(columns, 500))
    return Grid("", columns=columns, height=height, decimal_comma=decimal_comma)


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


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


# The bytes of the control characters `_CONTROL` finds: in UTF-8 and Windows-1252 text each
# is one byte, never part of another character, so they can be counted on the bytes, in C.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _controls(data: bytes, text: str) -> int:
    """How many control characters the decoded text holds."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:  # UTF-16
        return len(_CONTROL.findall(text))
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
