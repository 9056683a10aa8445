"""A table's value cells, held by column: what `layout.read_table` hands the sheet steps.

There is one entry per value cell (a long table's row; a wide table's row and quarter),
and each field is an array of codes into the distinct values of that field. The steps
after it so read, parse and map each distinct label, period, unit and value once, and
decide for all the cells at once with array operations: a million-row export costs a
few passes in numpy rather than a Python object and a dozen calls per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from reporting.ingest.grid import Grid


@dataclass(frozen=True, slots=True)
class Coded:
    """One field of the records: its distinct values and, per record, a code into them."""

    values: list
    codes: np.ndarray

    def at(self, i: int) -> object:
        return self.values[self.codes[i]]


@dataclass(frozen=True, slots=True)
class Records:
    """The value cells of a table, in reading order (row by row, left to right)."""

    row: np.ndarray  # grid row of the value
    col: np.ndarray  # grid column of the value
    label: Coded  # the metric label as written, stripped (never None)
    raw: Coded  # the value cell as read
    period: Coded  # (calendar quarter or None, the period as written)
    business_unit: Coded  # text or None, as the other text fields
    target: Coded  # the target cell as read, or None
    unit: Coded
    owner: Coded
    note: Coded
    label_col: int
    period_col: int | None  # where a long table's period is read
    target_col: int | None

    def __len__(self) -> int:
        return len(self.row)


@dataclass(frozen=True, slots=True)
class Columns:
    """Which grid column holds what, as `read_table` found them."""

    metric: int
    values: list[int]  # the value column, or a wide table's quarter columns
    others: list[int]  # every column read but the metric's
    period: int | None = None  # a long table's period column
    business_unit: int | None = None
    target: int | None = None
    unit: int | None = None
    owner: int | None = None
    notes: int | None = None


@dataclass(slots=True)
class Read:
    """What the rows of a table gave: its records, and what was left out."""

    records: Records
    orphan_cells: list[tuple[int, int]]  # values without a label, row by row
    heading_rows: list[int]  # rows with a label and nothing else (wide tables)


def read_rows(
    grid: Grid,
    header: int,
    columns: Columns,
    *,
    periods: dict[int, tuple[str, str]],
    wide: bool,
    text: Callable[[object], str | None],
    cell_period: Callable[[object], tuple[str | None, str]],
) -> Read:
    """The records below the header. A row without a label gives orphan cells; in a wide
    table a label with nothing beside it is a heading; every other row gives one record
    per value column (a long table's period read from its period column)."""
    data = np.arange(header + 1, grid.height, dtype=np.int32)
    labels, label_codes = _mapped(grid, columns.metric, _label_text(text))
    unlabelled = _is_none(labels)[label_codes[data]]
    orphans = _orphans(grid, data[unlabelled], columns.values)
    kept = ~unlabelled
    heading: list[int] = []
    if wide:
        alone = np.ones(len(data), dtype=bool)
        for c in columns.others:
            values, codes = grid.column(c)
            alone &= _is_none(values)[codes[data]]
        heading = data[kept & alone].tolist()
        kept &= ~alone
    rows = data[kept]
    per_row = len(columns.values)
    at = np.repeat(rows, per_row) if per_row > 1 else rows

    def field(c: int | None, change: Callable | None = text) -> Coded:
        if c is None:
            return Coded([None], np.zeros(len(at), dtype=np.int32))
        values, codes = _mapped(grid, c, change) if change else grid.column(c)
        return Coded(values, codes[at])

    if columns.period is not None:
        period = field(columns.period, cell_period)
    else:
        distinct, codes = _canonical([periods[c] for c in columns.values])
        period = Coded(distinct, np.tile(codes, len(rows)))
    return Read(
        Records(
            row=at,
            col=np.tile(np.asarray(columns.values, dtype=np.int32), len(rows)),
            label=Coded(labels, label_codes[at]),
            raw=_raw(grid, columns.values, rows),
            period=period,
            business_unit=field(columns.business_unit, _unit_name(text)),
            target=field(columns.target, None),
            unit=field(columns.unit),
            owner=field(columns.owner),
            note=field(columns.notes),
            label_col=columns.metric,
            period_col=columns.period,
            target_col=columns.target,
        ),
        orphans,
        heading,
    )


# Words a business-unit cell may hold when it names the whole company ('All Business Units',
# 'Total', 'Company-wide', 'Group total'), and the words that say "all of it".
_COMPANY_WORDS = frozenset(
    [
        "all",
        "total",
        "overall",
        "whole",
        "entire",
        "grand",
        "the",
        "business",
        "units",
        "unit",
        "bus",
        "bu",
        "divisions",
        "division",
        "entities",
        "entity",
        "segments",
        "company",
        "group",
        "organisation",
        "organization",
        "enterprise",
        "firm",
        "wide",
    ]
)
_ALL_OF_IT = frozenset({"all", "total", "overall", "whole", "entire", "wide"})


def whole_company(name: str | None) -> bool:
    """Whether a business-unit cell names the whole company, so that its figures are
    company-wide rather than a unit's (never added to the units' as a unit of its own)."""
    words = set(re.sub(r"[^a-z]+", " ", (name or "").casefold()).split())
    return bool(words) and words <= _COMPANY_WORDS and bool(words & _ALL_OF_IT)


def _unit_name(text: Callable[[object], str | None]) -> Callable[[object], str | None]:
    """A business-unit cell as text; None (company-wide) when it names the whole company."""

    def name(cell: object) -> str | None:
        value = text(cell)
        return None if whole_company(value) else value

    return name


def _label_text(text: Callable[[object], str | None]) -> Callable[[object], str | None]:
    def label(cell: object) -> str | None:
        return cell.strip() or None if isinstance(cell, str) else text(cell)

    return label


def _mapped(grid: Grid, c: int, change: Callable) -> tuple[list, np.ndarray]:
    """Column `c` with `change` applied to each distinct cell, equal results merged."""
    values, codes = grid.column(c)
    distinct, remap = _canonical([change(v) for v in values])
    return distinct, remap[codes]


def _canonical(items: list) -> tuple[list, np.ndarray]:
    index: dict = {}
    codes = [index.setdefault(item, len(index)) for item in items]
    return list(index), np.asarray(codes, dtype=np.int32)


def _is_none(values: list) -> np.ndarray:
    return np.fromiter((v is None for v in values), dtype=bool, count=len(values))


def _orphans(grid: Grid, rows: np.ndarray, value_cols: list[int]) -> list[tuple[int, int]]:
    """The filled value cells of unlabelled rows, row by row."""
    found_rows, found_cols = [], []
    for c in value_cols:
        values, codes = grid.column(c)
        filled = rows[~_is_none(values)[codes[rows]]]
        found_rows.append(filled)
        found_cols.append(np.full(len(filled), c, dtype=np.int32))
    if not found_rows:
        return []
    r, c = np.concatenate(found_rows), np.concatenate(found_cols)
    order = np.lexsort((c, r))
    return list(zip(r[order].tolist(), c[order].tolist(), strict=True))


def _raw(grid: Grid, value_cols: list[int], rows: np.ndarray) -> Coded:
    """The value cells of `rows`, row by row and left to right, coded into the distinct
    cells of all value columns together."""
    values: list = []
    parts = []
    for c in value_cols:
        column_values, codes = grid.column(c)
        parts.append(codes[rows] + len(values))
        values.extend(column_values)
    codes = np.stack(parts, axis=1).ravel() if parts else np.zeros(0, dtype=np.int32)
    return Coded(values, codes.astype(np.int32, copy=False))
