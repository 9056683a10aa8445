"""One sheet, step by step: its table, what was left out, labels, values, series, kept.

`read_sheet` runs the steps in order; each step owns one rule and tells the user what it
did not use through the sheet's `SheetNotes`. What lasts beyond the sheet (observations
kept, duplicates, once-per-file notices) is the call's `Ledger`. The table's value cells
come by column (`records`), so each step works on every cell at once: values in
`numbers`, series, scaling and keeping in `series`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from reporting.board.words import count as count_words
from reporting.catalog import Catalog, Metric
from reporting.ingest.labels import LabelMapper, Match
from reporting.ingest.layout import Table, read_table
from reporting.ingest.ledger import Ledger
from reporting.ingest.limits import DEFAULT_LIMITS, Limits, count
from reporting.ingest.notes import SheetNotes
from reporting.ingest.numbers import UNKNOWN_METRIC, read_numbers
from reporting.ingest.periods import is_fiscal
from reporting.ingest.readers import Grid, column_letter
from reporting.ingest.records import whole_company
from reporting.ingest.series import keep_series
from reporting.observations import (
    ColumnReading,
    FileSummary,
    IngestResult,
    LabelMapping,
    SheetSummary,
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What every sheet of one ingest call is read with, and where its findings go."""

    catalog: Catalog
    mapper: LabelMapper
    fiscal_start: int | None  # None: unknown, fiscal labels read as calendar quarters
    result: IngestResult
    ledger: Ledger
    columns: dict[str, str] = field(default_factory=dict)  # normalised header -> chosen role
    limits: Limits = DEFAULT_LIMITS
    metrics: list[Metric] = field(default_factory=list)  # the catalog's, by ledger index

    def __post_init__(self) -> None:
        if not self.metrics:
            object.__setattr__(self, "metrics", list(self.catalog))


def read_sheet(grid: Grid, file_name: str, reading: Reading, summary: FileSummary) -> None:
    """Read one grid into the ledger, adding its `SheetSummary` to the file's summary."""
    table = read_table(
        grid, file_name=file_name, fiscal_start=reading.fiscal_start or 1, chosen=reading.columns
    )
    sheet = _sheet_summary(grid, table)
    summary.sheets.append(sheet)
    notes = SheetNotes(reading.result, file_name, grid)
    if table.problem:
        notes.note(f"Not read: {table.problem}.", "sheet")
        return
    records = table.records
    labels = 0 if records is None else len(records.label.values)
    if labels > reading.limits.labels_per_sheet:  # the texts of the column; those used:
        labels = len(np.unique(records.label.codes))
    if labels > reading.limits.labels_per_sheet:
        letter = column_letter(grid.col0 + table.records.label_col)
        notes.note(
            f"Not read: column {letter} holds {count(labels)} different metric names, where a "
            f"metric column holds a few dozen (at most {count(reading.limits.labels_per_sheet)} "
            "here); if it is not the metric column, say which is on the Data page.",
            "sheet",
        )
        return
    _note_left_out(grid, table, notes)
    _note_fiscal_assumption(table, reading, notes)
    metric_of_label = _map_labels(table, reading, sheet, notes)
    numbers = read_numbers(table.records, metric_of_label, reading.metrics, notes)
    keep_series(table.records, numbers, reading.metrics, reading.ledger, sheet, notes)


def _sheet_summary(grid: Grid, table: Table) -> SheetSummary:
    """The sheet as the user sees it listed: name, layout, header cell, rows left out."""
    sheet = SheetSummary(
        name=grid.name or "(text)",
        layout=table.layout,
        ignored=table.ignored,
        columns=[
            ColumnReading(
                column=column_letter(grid.col0 + use.col),
                header=use.header,
                role=use.role,
                how=use.how,
            )
            for use in table.columns
        ],
    )
    if grid.note and table.problem is None:
        sheet.ignored.append(grid.note)
    if table.problem is None and table.header_row is not None:
        header = grid.rows[table.header_row]
        first_col = next((c for c, v in enumerate(header) if v is not None), 0)
        sheet.header_cell = grid.a1(table.header_row, first_col)
    return sheet


def _note_whole_company(grid: Grid, table: Table, notes: SheetNotes) -> None:
    """Say which business-unit cells named the whole company, so their figures were read
    as company-wide ones and not as a unit's (`records.whole_company`)."""
    for use in table.columns:
        if use.role != "business_unit":
            continue
        values, _ = grid.column(use.col)
        for value in values:
            if isinstance(value, str) and whole_company(value):
                notes.note(
                    f"'{value.strip()}' in the business-unit column names the whole company: "
                    "its figures were read as company-wide, not as a business unit.",
                    "assumption",
                )


def _note_unnamed_units(grid: Grid, table: Table, notes: SheetNotes) -> None:
    """Say which rows leave the business unit blank in a table whose other rows name units:
    their figures are read as company-wide ones, which a board would take for the group's
    figure, so the cells are named and the reading is said, never silent."""
    records = table.records
    col = next((use.col for use in table.columns if use.role == "business_unit"), None)
    if records is None or col is None or not len(records.row):
        return
    values, codes = grid.column(col)
    rows = np.unique(records.row)
    cells = [values[codes[r]] for r in rows]

    def blank(cell: object) -> bool:
        return cell is None or (isinstance(cell, str) and not cell.strip())

    unnamed = [int(r) for r, cell in zip(rows, cells, strict=True) if blank(cell)]
    named = any(
        not blank(cell) and not (isinstance(cell, str) and whole_company(cell)) for cell in cells
    )
    if unnamed and named:
        notes.note(
            f"{count_words(len(unnamed), 'row', 'rows')} with values "
            f"{'names' if len(unnamed) == 1 else 'name'} no business unit "
            f"({_cell_list(grid, [(r, col) for r in unnamed])}): "
            f"{'its figures were' if len(unnamed) == 1 else 'their figures were'} read as "
            "company-wide. Name the unit, or write 'Group total' where a row is the whole "
            "company.",
            "no_unit",
            unnamed[0],
            col,
        )


def _note_left_out(grid: Grid, table: Table, notes: SheetNotes) -> None:
    """Tell of rows and columns left out, cells cleaned of control characters, and values
    that stand without a metric name."""
    for note in table.ignored:
        notes.note(f"Left out: {note}.", "ignored")
    for note in table.inferred:
        notes.note(f"Read from the content: {note}.", "assumption")
    _note_whole_company(grid, table, notes)
    _note_unnamed_units(grid, table, notes)
    if grid.replaced:
        notes.note(
            f"{count_words(len(grid.replaced), 'cell', 'cells')} held control characters (such as NUL), "
            f"shown as \ufffd: {_cell_list(grid, grid.replaced)}; check "
            "those cells in the workbook.",
            "value",
            *grid.replaced[0],
        )
    if table.orphan_cells:
        notes.note(
            f"{count_words(len(table.orphan_cells), 'value', 'values')} without a metric name "
            f"{'was' if len(table.orphan_cells) == 1 else 'were'} not used: "
            f"{_cell_list(grid, table.orphan_cells)}.",
            "value",
            *table.orphan_cells[0],
        )


def _cell_list(grid: Grid, cells: list[tuple[int, int]]) -> str:
    """The first eight cells by reference, then how many more: "B2, C2 and 3 more"."""
    shown = ", ".join(grid.a1(r, c) for r, c in cells[:8])
    more = len(cells) - 8
    return f"{shown}{f' and {more} more' if more > 0 else ''}"


def _note_fiscal_assumption(table: Table, reading: Reading, notes: SheetNotes) -> None:
    """Once per file, when no fiscal-year start was given but the periods are fiscal: say
    they were read as if the fiscal year started in January."""
    if reading.fiscal_start is not None:
        return
    period = table.records.period
    _, first = np.unique(period.codes, return_index=True)
    # Each label once, in the order it first comes.
    labels = dict.fromkeys(period.values[period.codes[i]][1] for i in np.sort(first).tolist())
    fiscal = next((label for label in labels if is_fiscal(label)), None)
    if fiscal:
        reading.result.fiscal_assumed = True
    if fiscal and reading.ledger.first_fiscal_assumption(notes.file):
        notes.note(
            f"Fiscal quarters such as '{fiscal}' were read as if the fiscal year "
            "started in January, because no fiscal-year start month was given or stated in "
            "the workbook; choose the month your fiscal year starts in (on the Data page, or "
            "in the business context file).",
            "assumption",
        )


def _map_labels(
    table: Table, reading: Reading, sheet: SheetSummary, notes: SheetNotes
) -> np.ndarray:
    """Map each distinct label once; list every mapping on the sheet and tell of labels
    that are ignored or match no metric. Returns, per label code, the metric's index in
    the catalog (-1 when not mapped)."""
    records = table.records
    labels = records.label
    _, first, counts = np.unique(labels.codes, return_index=True, return_counts=True)
    metric_of_label = np.full(len(labels.values), -1, dtype=np.int32)
    for k in np.argsort(first, kind="stable").tolist():  # labels in order of first appearance
        i = int(first[k])
        code = int(labels.codes[i])
        label = labels.values[code]
        match = reading.mapper.match(label)
        if match.accepted:
            metric_of_label[code] = reading.ledger.metric_index.get(match.metric_id, UNKNOWN_METRIC)
        _list_mapping(
            label, match, int(counts[k]), int(records.row[i]), records.label_col, sheet, notes
        )
    return metric_of_label


def _list_mapping(
    label: str, match: Match, count: int, r: int, c: int, sheet: SheetSummary, notes: SheetNotes
) -> None:
    """One label's mapping on the sheet's list, and what to tell when it is not used."""
    sheet.mappings.append(
        LabelMapping(
            label=label,
            metric_id=match.metric_id,
            confidence=match.confidence,
            method=match.method,
            # A match by meaning that is not sure is used, but shown for a look.
            needs_confirmation=match.needs_a_look,
            source=notes.source(r, c),
        )
    )
    if match.accepted:
        return
    if match.method == "ignored":
        notes.note(
            f"'{label}' is set to be ignored by your mappings ({count_words(count, 'value', 'values')}).",
            "mapping",
            r,
            c,
        )
    else:
        notes.unmapped(label, match, count, r, c)
