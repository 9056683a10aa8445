"""Reading files into plain grids of cells, one per sheet.

Workbooks (xlsx, xlsm, xlsb, xls, ods) go through python-calamine, which is fast and does
not build a DOM. Text files are read by `text`. A grid remembers its offset in the sheet,
so every cell can be named by its A1 reference. Grids are held by column (see `grid`).
"""

from __future__ import annotations

import io
import re
import zipfile

import python_calamine as calamine

from reporting.ingest import census
from reporting.ingest.census import column_index, part_sheet_names
from reporting.ingest.grid import (
    Column,
    Grid,
    a1,
    column_letter,
    encode_rows,
)
from reporting.ingest.limits import DEFAULT_LIMITS, Limits
from reporting.ingest.safety import Sniffed, UnreadableFile
from reporting.ingest.text import CONTROL, decode_text, read_text

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
        bad = {k for k, v in enumerate(values) if isinstance(v, str) and CONTROL.search(v)}
        if bad:
            cells.extend((r, c) for r, k in enumerate(codes) if k in bad)
            values = [CONTROL.sub("\ufffd", v) if k in bad else v for k, v in enumerate(values)]
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
