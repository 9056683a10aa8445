"""Finding the metric table in a sheet and reading its rows as raw records.

Three shapes are understood, under any header wording and column order:

- long: a metric column and a value column, with a period column (and optionally business
  unit, target, unit, owner and notes columns);
- wide: a metric column and one column per period ("Q2 FY26", "2026-Q3", a date);
- per quarter: a metric column and a value column with no period column; the period comes
  from the sheet name, a title cell above the header, or the file name.

The header is the row, among the first rows, that names the most known column roles or
periods; rows above it are titles. Which header words name which role is data, in
`reporting/catalog/headers.yaml`. Columns and rows that are not read are reported, never
dropped in silence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from reporting.catalog.headers import ROLE_WORDS, load_headers
from reporting.ingest.labels import normalise
from reporting.ingest.periods import parse_period, period_from_date
from reporting.ingest.readers import Grid, column_letter
from reporting.ingest.records import Columns, Records, read_rows

HEADER_SCAN_ROWS = 40

#: What a user can say of a column beside its roles: leave it out.
LEFT_OUT = "ignore"


@lru_cache(maxsize=1)
def _role_by_words() -> dict[str, str]:
    """Normalised header word -> column role, from the vocabulary in `headers.yaml`."""
    return load_headers().role_by_word()


def column_role(header: object, chosen: Mapping[str, str] | None = None) -> str | None:
    """The role a header names: the user's choice for that header (keys normalised, the
    role may be `LEFT_OUT`), then the exact wording, then its first words."""
    if header is None or isinstance(header, (int, float)):
        return None
    norm = normalise(str(header))  # field names too: business_unit, businessUnit
    if not norm:
        return None
    if chosen and norm in chosen:
        return chosen[norm]
    role_by_words = _role_by_words()
    if norm in role_by_words:
        return role_by_words[norm]
    words = norm.split()
    for size in (3, 2, 1):
        if len(words) > size and (role := role_by_words.get(" ".join(words[:size]))):
            return role
    return None


def header_period(cell: object, fiscal_start: int) -> tuple[str, str] | None:
    """(period, label) when a header cell names a period."""
    if isinstance(cell, (dt.date, dt.datetime)):
        return period_from_date(cell), cell.strftime("%Y-%m-%d")
    if isinstance(cell, str) and len(cell) <= 40:
        period = parse_period(cell, fiscal_start)
        if period:
            return period, cell.strip()
    return None


@dataclass(frozen=True, slots=True)
class ColumnUse:
    """How one header column was read: its role (None when left out) and what decided it:
    "header" (its wording), "choice" (the user's), "content" (its values), "guess" (the
    leftmost text column taken as the metric names) or "quarter" (a column per quarter)."""

    col: int
    header: str
    role: str | None
    how: str


@dataclass
class Table:
    layout: str  # "long" | "wide" | "per_quarter" | "none"
    header_row: int | None = None
    records: Records | None = None  # the value cells, by column
    ignored: list[str] = field(default_factory=list)
    orphan_cells: list[tuple[int, int]] = field(default_factory=list)  # values without a label
    problem: str | None = None
    inferred: list[str] = field(default_factory=list)  # column roles read from the content
    columns: list[ColumnUse] = field(default_factory=list)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def find_header(
    grid: Grid, fiscal_start: int, chosen: Mapping[str, str] | None = None
) -> tuple[int, dict[int, str], dict[int, tuple[str, str]]] | None:
    best: tuple[int, int] | None = None
    for r in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        row = _header_cells(grid, r)
        filled = [c for c, cell in enumerate(row) if cell is not None]
        if len(filled) < 2:
            continue
        roles = {c: column_role(row[c], chosen) for c in filled}
        periods = sum(
            1
            for c in filled
            if _chosen(row[c], chosen) is None and header_period(row[c], fiscal_start)
        )
        named = sum(1 for role in roles.values() if role)
        has_metric = any(role == "metric" for role in roles.values())
        if not (has_metric or periods >= 2 or named >= 2):
            continue
        score = named + periods + (2 if has_metric else 0)
        if best is None or score > best[1]:
            best = (r, score)
    if best is None:
        return None
    r = best[0]
    row = _header_cells(grid, r)
    roles, periods = {}, {}
    for c, cell in enumerate(row):
        if cell is None:
            continue
        if (mine := _chosen(cell, chosen)) is not None:
            roles[c] = mine
        elif found := header_period(cell, fiscal_start):
            periods[c] = found
        elif role := column_role(cell):
            roles[c] = role
    # Two columns naming one role: the header that names it whole ("comments") comes before
    # one that only starts with a word of it ("source_system"), then left to right.
    whole = _role_by_words()
    order = sorted(roles, key=lambda c: normalise(str(row[c])) not in whole)
    return r, {c: roles[c] for c in order}, periods


_BARE_QUARTER = re.compile(r"^\s*(q|qtr|quarter)\s*[1-4]\s*$", re.IGNORECASE)
_YEAR_LABEL = re.compile(r"^\s*((fy|cy)\s*'?\d{2}(\d{2})?|(19|20)\d{2})\s*$", re.IGNORECASE)


def _header_cells(grid: Grid, r: int) -> list[object]:
    """Row `r` as a header: a bare quarter ("Q1") under a year that spans it in the row
    above (a merged "FY2026" over Q1 to Q4) reads as that quarter of that year."""
    row = list(grid.rows[r])
    if r == 0 or not any(isinstance(cell, str) and _BARE_QUARTER.match(cell) for cell in row):
        return row
    year = None
    above = grid.rows[r - 1]
    for c, cell in enumerate(row):
        over = above[c] if c < len(above) else None
        if over is not None:
            year = str(over).strip() if _YEAR_LABEL.match(str(over)) else None
        if year and isinstance(cell, str) and _BARE_QUARTER.match(cell):
            row[c] = f"{cell.strip()} {year}"
    return row


def _chosen(header: object, chosen: Mapping[str, str] | None) -> str | None:
    """The role the user chose for this header, if any: by the header as the Data page shows
    it, so a numeric header ("2025") can be chosen too."""
    text = _text(header)
    if not chosen or text is None:
        return None
    return chosen.get(normalise(text))


def _dimension_column(
    grid: Grid, header: int, metric_col: int, period_col: int | None, used: set[int]
) -> int | None:
    """A text column, under a header no vocabulary knows, that splits rows which would
    otherwise collide (the same metric and quarter twice): a business unit by its content.

    Only a column filled with text on nearly every row qualifies, and only when the rows
    it tells apart exist, so a notes or comment column is never mistaken for one."""
    width = len(grid.columns)
    labels, label_codes = grid.column(metric_col)
    # Labels as they are read ("MFA coverage " is "MFA coverage"): one id per text.
    texts = [_text(v) for v in labels]
    ids: dict[str, int] = {}
    canonical = np.fromiter(
        (-1 if t is None else ids.setdefault(t, len(ids)) for t in texts),
        dtype=np.int64,
        count=len(texts),
    )
    below = slice(header + 1, None)
    label_ids = canonical[label_codes[below]]
    keep = label_ids >= 0
    key = label_ids[keep]
    if period_col is not None and period_col < width:
        periods, period_codes = grid.column(period_col)
        key = key * (len(periods) + 1) + period_codes[below][keep]
    rows = len(key)
    if len(np.unique(key)) == rows:
        return None  # nothing collides: nothing to tell apart
    for c, cell in enumerate(grid.rows[header]):
        if c in used or cell is None or c >= width:
            continue
        values, codes = grid.column(c)
        codes = codes[below][keep]
        is_text = np.fromiter(
            (isinstance(v, str) and bool(v.strip()) for v in values), dtype=bool, count=len(values)
        )
        texts = is_text[codes]
        if texts.sum() < 0.9 * rows or len(np.unique(codes[texts])) < 2:
            continue
        if len(np.unique(key * (len(values) + 1) + codes)) == rows:
            return c
    return None


def _first(roles: dict[int, str], role: str) -> int | None:
    return next((c for c, rl in roles.items() if rl == role), None)


def read_table(
    grid: Grid, *, file_name: str, fiscal_start: int, chosen: Mapping[str, str] | None = None
) -> Table:
    """The sheet's table; `chosen` holds the column roles the user gave, by normalised
    header (a role, or `LEFT_OUT`)."""
    if not grid.rows:
        return Table("none", problem=grid.note or "the sheet is empty")
    found = find_header(grid, fiscal_start, chosen)
    if found is None:
        return Table(
            "none",
            problem="no metric table found (expected a header row naming a metric column "
            "and either a column per quarter or a value column)",
        )
    header, roles, periods = found
    table = Table("none", header_row=header)
    if header > 0:
        first, last = grid.row0 + 1, grid.row0 + header
        rows = f"row {first}" if first == last else f"rows {first}-{last}"
        table.ignored.append(f"{rows} above the header (titles)")
    header_cells = grid.rows[header]
    decided = {c: "header" for c in roles} | {c: "quarter" for c in periods}
    decided |= {c: "choice" for c in roles if _chosen(header_cells[c], chosen) is not None}
    # A role the user gave a column is that column's, whatever another header says.
    mine = {roles[c] for c, how in decided.items() if how == "choice"}
    roles = {c: role for c, role in roles.items() if decided[c] == "choice" or role not in mine}
    metric_col = _first(roles, "metric")
    if metric_col is None:
        metric_col = _guess_label_column(grid, header, periods, roles)
        decided[metric_col] = "guess"
    if metric_col is None:
        table.problem = "the header has no metric column (name one 'Metric' or 'KPI')"
        return table
    roles[metric_col] = "metric"
    value_col = _first(roles, "value")
    period_col = _first(roles, "period")

    used = {metric_col}
    bu_col = _first(roles, "business_unit")
    target_col = _first(roles, "target")
    unit_col = _first(roles, "unit")
    owner_col = _first(roles, "owner")
    notes_col = _first(roles, "notes")
    used |= {c for c in (bu_col, target_col, unit_col, owner_col, notes_col) if c is not None}

    if periods and value_col is None:
        table.layout = "wide"
        used |= set(periods)
        value_cols = sorted(periods)
    elif value_col is not None:
        used.add(value_col)
        value_cols = [value_col]
        if period_col is not None:
            table.layout = "long"
            used.add(period_col)
        else:
            table.layout = "per_quarter"
            sheet_period = _sheet_period(grid, header, file_name, fiscal_start)
            if sheet_period is None:
                table.problem = (
                    "the table has a value column but no quarter: add a Quarter column, "
                    "or name the sheet or file after its quarter (for example 'Q3 2026')"
                )
                return table
            periods = {value_col: sheet_period}
    else:
        table.problem = (
            "the header names neither quarters nor a value column, so no values could be read"
        )
        return table

    if bu_col is None and table.layout in ("long", "per_quarter", "wide"):
        left_out = {c for c, role in roles.items() if role == LEFT_OUT}
        bu_col = _dimension_column(grid, header, metric_col, period_col, used | left_out)
        if bu_col is not None:
            used.add(bu_col)
            roles[bu_col], decided[bu_col] = "business_unit", "content"
            table.inferred.append(
                f"column {column_letter(grid.col0 + bu_col)} '{_text(header_cells[bu_col])}' "
                "was read as the business unit, because its values tell apart rows of the "
                "same metric and quarter; if it is something else, say so on the Data page"
            )

    for c, cell in enumerate(header_cells):
        if c in used:
            continue
        filled = _filled_rows(grid, c, header + 1)
        if cell is None and not filled:
            continue
        letter = column_letter(grid.col0 + c)
        if cell is None:
            cells = ", ".join(grid.a1(r, c) for r in filled[:5])
            more = f" and {len(filled) - 5} more" if len(filled) > 5 else ""
            table.ignored.append(f"column {letter} (no header): {cells}{more}")
            continue
        role = roles.get(c)
        reason = {
            None: "not a known column",
            "status": "status or trend, recalculated here",
            LEFT_OUT: "left out, as you chose",
        }.get(role) or f"a second {ROLE_WORDS[role].casefold()} column"
        table.ignored.append(f"column {letter} '{_text(cell)}' ({reason})")
    table.columns = _column_uses(header_cells, roles, used, decided)
    # The rows, read by column (see `records`).
    read = read_rows(
        grid,
        header,
        Columns(
            metric=metric_col,
            values=value_cols,
            others=[c for c in used if c != metric_col],
            period=period_col if table.layout == "long" else None,
            business_unit=bu_col,
            target=target_col,
            unit=unit_col,
            owner=owner_col,
            notes=notes_col,
        ),
        periods=periods,
        wide=table.layout == "wide",
        text=_text,
        cell_period=lambda raw: _cell_period(raw, fiscal_start),
    )
    table.records = read.records
    table.orphan_cells = read.orphan_cells
    if read.heading_rows:
        # A label with nothing beside it: a section heading (or a metric never measured);
        # reported either way.
        table.ignored.append(
            "rows with a label but no values (read as section headings): "
            + ", ".join(
                f"{grid.a1(r, metric_col)} '{_label(grid, r, metric_col)}'"
                for r in read.heading_rows
            )
        )
    return table


def _column_uses(
    header_cells: list[object], roles: dict[int, str], used: set[int], decided: dict[int, str]
) -> list[ColumnUse]:
    """Each headed column as it was read: a role for the ones used, None for the rest."""
    uses = []
    for c, cell in enumerate(header_cells):
        if cell is None and c not in used:
            continue
        role = (roles.get(c) or "period") if c in used else None
        how = decided.get(c, "header") if c in used or roles.get(c) == LEFT_OUT else "header"
        uses.append(ColumnUse(c, _text(cell) or "", role, how))
    return uses


def _filled_rows(grid: Grid, c: int, start: int) -> list[int]:
    """The rows from `start` on whose cell in column `c` is not empty, read by column."""
    values, codes = grid.column(c)
    empty = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    return (start + np.flatnonzero(~empty[codes[start:]])).tolist()


def _label(grid: Grid, r: int, c: int) -> str | None:
    values, codes = grid.column(c)
    cell = values[codes[r]]
    return cell.strip() or None if isinstance(cell, str) else _text(cell)


def _cell_period(raw: object, fiscal_start: int) -> tuple[str | None, str]:
    if isinstance(raw, (dt.date, dt.datetime)):
        return period_from_date(raw), raw.strftime("%Y-%m-%d")
    label = _text(raw) or ""
    return (parse_period(label, fiscal_start) if label else None), label


def _guess_label_column(
    grid: Grid, header: int, periods: dict[int, tuple[str, str]], roles: dict[int, str]
) -> int | None:
    """The leftmost mostly-text column before the first period column."""
    limit = min(periods) if periods else len(grid.rows[header])
    for c in range(limit):
        if c in roles:
            continue
        texts = sum(
            1
            for row in grid.rows[header + 1 : header + 40]
            if c < len(row) and isinstance(row[c], str)
        )
        if texts >= 2:
            return c
    return None


def _sheet_period(
    grid: Grid, header: int, file_name: str, fiscal_start: int
) -> tuple[str, str] | None:
    if grid.name and (period := parse_period(grid.name, fiscal_start)):
        return period, grid.name
    for row in grid.rows[:header]:
        for cell in row:
            if isinstance(cell, str) and (period := parse_period(cell, fiscal_start)):
                return period, cell.strip()
            if isinstance(cell, (dt.date, dt.datetime)):
                return period_from_date(cell), cell.strftime("%Y-%m-%d")
    if period := parse_period(file_name.rsplit(".", 1)[0], fiscal_start):
        return period, file_name
    return None
