"""One sheet, step by step: its table, what was left out, labels, values, series, kept.

`read_sheet` runs the steps in order; each step owns one rule and tells the user what it
did not use through the sheet's `SheetNotes`. What lasts beyond the sheet (observations
kept, duplicates, once-per-file notices) is the call's `Ledger`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from reporting.catalog import Catalog, Metric
from reporting.ingest.labels import LabelMapper, Match
from reporting.ingest.layout import Record, Table, read_table
from reporting.ingest.ledger import Ledger
from reporting.ingest.notes import SheetNotes
from reporting.ingest.periods import is_fiscal
from reporting.ingest.readers import Grid, column_letter
from reporting.ingest.values import Value, check_range, parse_target, parse_value, percent_reading
from reporting.observations import (
    ColumnReading,
    FileSummary,
    IngestResult,
    LabelMapping,
    SheetSummary,
)

_FRACTION_UNITS = {"ratio", "fraction", "0-1", "decimal", "proportion"}
_PERCENT_UNITS = {"%", "percent", "pct", "percentage"}
_HOUR_UNITS = {"h", "hr", "hrs", "hour", "hours"}
_DAY_UNITS = {"d", "day", "days"}

# (metric id, business unit) -> its values as (record, number, written as a percent)
Series = dict[tuple[str, str | None], list[tuple[Record, float, bool]]]


@dataclass(frozen=True, slots=True)
class Reading:
    """What every sheet of one ingest call is read with, and where its findings go."""

    catalog: Catalog
    mapper: LabelMapper
    fiscal_start: int | None  # None: unknown, fiscal labels read as calendar quarters
    result: IngestResult
    ledger: Ledger
    columns: dict[str, str] = field(default_factory=dict)  # normalised header -> chosen role


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
    _note_left_out(grid, table, notes)
    _note_fiscal_assumption(table, reading, notes)
    matches = _map_labels(table, reading.mapper, sheet, notes)
    series = _read_values(table, matches, reading.catalog, notes)
    _keep_series(series, reading, sheet, notes)


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


def _note_left_out(grid: Grid, table: Table, notes: SheetNotes) -> None:
    """Tell of rows and columns left out, cells cleaned of control characters, and values
    that stand without a metric name."""
    for note in table.ignored:
        notes.note(f"Left out: {note}.", "ignored")
    for note in table.inferred:
        notes.note(f"Read from the content: {note}.", "assumption")
    if grid.replaced:
        notes.note(
            f"{len(grid.replaced)} cell(s) held control characters (such as NUL), "
            f"shown as \ufffd: {_cell_list(grid, grid.replaced)}; check "
            "those cells in the workbook.",
            "value",
            *grid.replaced[0],
        )
    if table.orphan_cells:
        notes.note(
            f"{len(table.orphan_cells)} value(s) without a metric name were not used: "
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
    labels = dict.fromkeys(r.period_label for r in table.records)  # each label once, in order
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
    table: Table, mapper: LabelMapper, sheet: SheetSummary, notes: SheetNotes
) -> dict[str, Match]:
    """Map each distinct label once; list every mapping on the sheet and tell of labels
    that are ignored or match no metric."""
    matches: dict[str, Match] = {}
    first_cell: dict[str, tuple[int, int]] = {}
    counts: dict[str, int] = defaultdict(int)
    for record in table.records:
        if record.label not in matches:
            matches[record.label] = mapper.match(record.label)
            first_cell[record.label] = (record.row, record.label_col)
        counts[record.label] += 1
    for label, match in matches.items():
        r, c = first_cell[label]
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
            continue
        if match.method == "ignored":
            notes.note(
                f"'{label}' is set to be ignored by your mappings ({counts[label]} value(s)).",
                "mapping",
                r,
                c,
            )
        else:
            notes.unmapped(label, match, counts[label], r, c)
    return matches


def _read_values(
    table: Table, matches: dict[str, Match], catalog: Catalog, notes: SheetNotes
) -> Series:
    """Read the values of mapped labels into series, so that fractions are judged per
    series; tell of unreadable periods, rejected values and missing ones."""
    grid = notes.grid
    series: Series = defaultdict(list)
    missing: dict[str, list[Record]] = defaultdict(list)
    for record in table.records:
        match = matches[record.label]
        if not match.accepted:
            continue
        metric = catalog[match.metric_id]
        if record.period is None:
            _note_bad_period(record, notes)
            continue
        value = parse_value(record.raw, decimal_comma=grid.decimal_comma)
        if value.missing:
            missing[record.label].append(record)
            continue
        if value.error:
            notes.reject(record, value.error)
            continue
        number, flagged, problem = _number(record, value, metric, grid)
        if problem:
            notes.reject(record, problem)
            continue
        series[(metric.id, record.business_unit)].append((record, number, flagged))
    _note_missing(missing, notes)
    return series


def _note_bad_period(record: Record, notes: SheetNotes) -> None:
    """A value whose period is not a quarter: not used, and the user shown how to write it."""
    shown = record.period_label or "blank"
    notes.note(
        f"'{shown}' is not a quarter, so the value of '{record.label}' in "
        f"{notes.grid.a1(record.row, record.col)} was not used (write it like 2026-Q3 or Q3 FY26).",
        "period",
        record.row,
        record.period_col,
    )


def _number(
    record: Record, value: Value, metric: Metric, grid: Grid
) -> tuple[float, bool, str | None]:
    """The value in the metric's unit, whether it was written as a percentage, and why it
    cannot be used (or None)."""
    number, flagged = value.number, value.percent_sign
    # A percent format shows a number x 100; on a text cell ("250") it means nothing.
    if isinstance(record.raw, (int, float)) and grid.is_percent(record.row, record.col):
        number, flagged = number * 100, True
    number, problem = _convert_unit(number, value.suffix, record.unit, metric)
    if problem:
        return number, flagged, problem
    if metric.unit == "percent" and (record.unit or "").casefold() in _FRACTION_UNITS:
        number, flagged = number * 100, True
    return number, flagged, None


def _convert_unit(
    number: float, suffix: str | None, unit_text: str | None, metric: Metric
) -> tuple[float, str | None]:
    """Bring hours and days to the metric's unit; refuse a percent where none belongs."""
    given = (suffix or unit_text or "").casefold().strip()
    if given in _PERCENT_UNITS and metric.unit not in ("percent",) and suffix:
        return number, f"a percentage where {metric.unit} were expected"
    if metric.unit == "hours" and given in _DAY_UNITS:
        return number * 24, None
    if metric.unit == "days" and given in _HOUR_UNITS:
        return number / 24, None
    return number, None


def _note_missing(missing: dict[str, list[Record]], notes: SheetNotes) -> None:
    """One notice per label with blank or not-available cells: missing, never zero."""
    grid = notes.grid
    for label, records in missing.items():
        shown = ", ".join(f"{r.period_label} ({grid.a1(r.row, r.col)})" for r in records[:6])
        shown += f" and {len(records) - 6} more" if len(records) > 6 else ""
        notes.note(
            f"'{label}' has no value for {shown}, blank or marked not available: "
            "treated as missing, not as zero.",
            "missing",
            records[0].row,
            records[0].col,
        )


def _series_scaled(
    items: list[tuple[Record, float, bool]], metric: Metric, notes: SheetNotes
) -> bool:
    """Whether a percent series was written as fractions (0.95 for 95 %), read x 100; a
    series mixing fractions with percentages is read as written, and the user told."""
    if metric.unit != "percent":
        return False
    reading = percent_reading([n for _, n, _ in items], [f for _, _, f in items])
    if reading == "mixed":
        plain = [(r, n) for r, n, f in items if not f and 0 <= n <= 100]
        first, small = min(((r, n) for r, n in plain if n > 0), key=lambda item: item[1])
        large = max(n for _, n in plain)
        notes.note(
            f"'{first.label}' mixes values such as {small:g} and {large:g}; the "
            f"small ones were read as written ({small:g} %). If they are fractions, "
            "write them as percentages.",
            "scaling",
            first.row,
            first.col,
        )
    if reading == "fractions":
        first = items[0][0]
        notes.note(
            f"'{first.label}' is written as fractions (such as {items[0][1]:g}); "
            "read as percentages (x 100).",
            "scaling",
            first.row,
            first.col,
        )
    return reading == "fractions"


def _keep_series(series: Series, reading: Reading, sheet: SheetSummary, notes: SheetNotes) -> None:
    """Scale each series, refuse impossible values, and hand the rest to the ledger; the
    sheet summary counts what was kept and which periods and units it covers."""
    periods, units = set(), set()
    for (metric_id, _unit), items in series.items():
        metric = reading.catalog[metric_id]
        scaled = _series_scaled(items, metric, notes)
        for record, number, flagged in items:
            if scaled and not flagged and 0 <= number <= 1:
                number *= 100
            if problem := check_range(number, metric.unit):
                notes.reject(record, problem)
                continue
            if reading.ledger.keep(_observation(record, number, metric, scaled, notes)):
                sheet.observations += 1
                periods.add(record.period)
                if record.business_unit:
                    units.add(record.business_unit)
    sheet.periods = sorted(periods)
    sheet.business_units = sorted(units)


def _observation(
    record: Record, number: float, metric: Metric, scaled: bool, notes: SheetNotes
) -> dict:
    """An observation as a plain dict (validated with all the others at the end)."""
    return {
        "metric_id": metric.id,
        "label": record.label,
        "period": record.period,
        "period_label": record.period_label,
        "business_unit": record.business_unit,
        "value": number,
        "unit": metric.unit,
        "target": _target(record, metric, scaled, notes),
        "owner": record.owner,
        "note": record.note,
        "source": {
            "file": notes.file,
            "sheet": notes.sheet,
            "cell": notes.grid.a1(record.row, record.col),
        },
    }


def _target(record: Record, metric: Metric, scaled: bool, notes: SheetNotes) -> float | None:
    """A target written beside the value, read like the value; None when absent, or when
    unreadable or impossible (the catalog target then applies, and the user is told)."""
    if record.target is None:
        return None
    grid = notes.grid
    value = parse_target(record.target, decimal_comma=grid.decimal_comma)
    if value.missing or value.error or value.number is None:
        if value.error:
            notes.note(
                f"Target of '{record.label}': {value.error}; the catalog target applies.",
                "value",
                record.row,
                record.target_col,
            )
        return None
    number = value.number
    percent_cell = (
        isinstance(record.target, (int, float))
        and record.target_col is not None
        and grid.is_percent(record.row, record.target_col)
    )
    fraction = metric.unit == "percent" and scaled and not value.percent_sign and number <= 1
    if percent_cell or fraction:
        number *= 100
    if check_range(number, metric.unit):
        notes.note(
            f"Target of '{record.label}' ({number:g}) is impossible for a {metric.unit}; "
            "the catalog target applies.",
            "value",
            record.row,
            record.target_col,
        )
        return None
    return number
