"""A sheet's value cells read as numbers in their metric's unit, for all cells at once.

The rules are `values.parse_value` (what a cell says), the percent format of a cell, and
the unit written beside a value (hours and days converted, a percent where none belongs
refused, a fraction unit read x 100). Each is applied once per distinct cell, unit word
or combination of them, and spread to the records with array indexing. What cannot be
used is told in reading order: a period that is not a quarter, a value that is no number,
a unit that does not fit; then, label by label, the values that are missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reporting.catalog import Metric
from reporting.ingest.notes import SheetNotes
from reporting.ingest.records import Records
from reporting.ingest.values import parse_value

FRACTION_UNITS = {"ratio", "fraction", "0-1", "decimal", "proportion"}
_PERCENT_UNITS = {"%", "percent", "pct", "percentage"}
_HOUR_UNITS = {"h", "hr", "hrs", "hour", "hours"}
_DAY_UNITS = {"d", "day", "days"}

_NUMBER, _MISSING, _ERROR = 0, 1, 2
UNKNOWN_METRIC = -2  # a mapping override naming no catalog metric


@dataclass(frozen=True)
class Numbers:
    """The records that hold a usable number, in reading order."""

    index: np.ndarray  # record index
    metric: np.ndarray  # catalog index
    number: np.ndarray  # in the metric's unit
    flagged: np.ndarray  # written as a percent (sign, format or unit)


def read_numbers(
    records: Records, metric_of_label: np.ndarray, metrics: list[Metric], notes: SheetNotes
) -> Numbers:
    """The usable numbers of the records whose label maps to a metric (`metric_of_label`:
    catalog index per label code, -1 when not mapped); the rest are told."""
    grid = notes.grid
    metric = metric_of_label[records.label.codes]
    accepted = metric >= 0
    period_ok = np.fromiter((p is not None for p, _ in records.period.values), dtype=bool)
    valid = accepted & period_ok[records.period.codes]
    parsed = [parse_value(v, decimal_comma=grid.decimal_comma) for v in records.raw.values]
    raw = records.raw.codes
    kind = _column(parsed, _kind, np.int8)[raw]
    numeric = valid & (kind == _NUMBER)
    number = _column(parsed, lambda v: np.nan if v.number is None else v.number, np.float64)[raw]
    flagged = _column(parsed, lambda v: v.percent_sign, bool)[raw]
    # A percent format shows a number x 100; on a text cell ("250") it means nothing.
    is_number = _column(records.raw.values, lambda v: isinstance(v, (int, float)), bool)[raw]
    percent_cell = numeric & is_number & percent_cells(grid, records.row, records.col)
    number = np.where(percent_cell, number * 100, number)
    flagged = flagged | percent_cell
    units = _units(records, parsed, metric, numeric, number, flagged, metrics)
    problems = {
        "period": accepted & ~valid,
        "value": valid & (kind == _ERROR),
        "unit": units.problem >= 0,
        "metric": metric == UNKNOWN_METRIC,
    }
    _tell_unusable(records, parsed, units, problems, notes)
    _tell_missing(records, valid & (kind == _MISSING), notes)
    usable = np.flatnonzero(numeric & (units.problem < 0))
    return Numbers(usable, metric[usable], units.number[usable], units.flagged[usable])


def _kind(value) -> int:
    return _MISSING if value.missing else _ERROR if value.error else _NUMBER


def _column(items: list, read, dtype) -> np.ndarray:
    """`read` of each distinct item, as an array to index with codes."""
    return np.fromiter(map(read, items), dtype=dtype, count=len(items))


def percent_cells(grid, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Which records sit in a cell with a percent number format."""
    if not grid.percent_cells or not len(rows):
        return np.zeros(len(rows), dtype=bool)
    width = 1 << 20
    marked = np.fromiter(
        ((r - grid.row0) * width + (c - grid.col0) for r, c in grid.percent_cells), dtype=np.int64
    )
    return np.isin(rows.astype(np.int64) * width + cols, marked)


@dataclass(frozen=True)
class _Units:
    number: np.ndarray
    flagged: np.ndarray
    problem: np.ndarray  # per record: index into `sentences`, or -1
    sentences: list[str | None]


def _units(records, parsed, metric, numeric, number, flagged, metrics) -> _Units:
    """Hours and days brought to the metric's unit and fraction units read x 100, decided
    once per combination of suffix, unit word and metric."""
    problem = np.full(len(metric), -1, dtype=np.int32)
    at = np.flatnonzero(numeric)
    if not len(at):
        return _Units(number, flagged, problem, [])
    suffixes: dict[str | None, int] = {}
    suffix_of = np.asarray([suffixes.setdefault(v.suffix, len(suffixes)) for v in parsed])
    n_units, n_metrics = len(records.unit.values), len(metrics)
    combo = (
        suffix_of[records.raw.codes[at]].astype(np.int64) * n_units + records.unit.codes[at]
    ) * n_metrics + metric[at]
    distinct, inverse = np.unique(combo, return_inverse=True)
    inverse = inverse.ravel()
    suffix_values = list(suffixes)
    rules = []
    for key in distinct.tolist():
        rest, m = divmod(key, n_metrics)
        s, u = divmod(rest, n_units)
        rules.append(_unit_rule(suffix_values[s], records.unit.values[u], metrics[m]))
    op = np.asarray([r[0] for r in rules], dtype=np.int8)[inverse]
    bad = np.asarray([r[1] is not None for r in rules], dtype=bool)[inverse]
    fraction = np.asarray([r[2] for r in rules], dtype=bool)[inverse] & ~bad
    values = number[at]
    values = np.where(op == 1, values * 24, values)
    values = np.where(op == 2, values / 24, values)
    number, flagged = number.copy(), flagged.copy()
    number[at] = np.where(fraction, values * 100, values)
    flagged[at] |= fraction
    problem[at[bad]] = inverse[bad]
    return _Units(number, flagged, problem, [r[1] for r in rules])


def _unit_rule(
    suffix: str | None, unit_text: str | None, metric: Metric
) -> tuple[int, str | None, bool]:
    """For a suffix, a unit written beside the value and a metric: the conversion (0 none,
    1 days to hours, 2 hours to days), why the unit does not fit (or None), and whether a
    fraction unit makes it a percentage."""
    given = (suffix or unit_text or "").casefold().strip()
    if given in _PERCENT_UNITS and metric.unit not in ("percent",) and suffix:
        return 0, f"a percentage where {metric.unit} were expected", False
    op = 0
    if metric.unit == "hours" and given in _DAY_UNITS:
        op = 1
    elif metric.unit == "days" and given in _HOUR_UNITS:
        op = 2
    fraction = metric.unit == "percent" and (unit_text or "").casefold() in FRACTION_UNITS
    return op, None, fraction


def _tell_unusable(records: Records, parsed: list, units: _Units, problems: dict, notes) -> None:
    """In reading order: periods that are not quarters, values that are no number, units
    that do not fit. A label mapped by an override to no catalog metric stops the file
    where its first value is met, as it always has (the file is then not read)."""
    any_problem = problems["period"] | problems["value"] | problems["unit"] | problems["metric"]
    for i in np.flatnonzero(any_problem).tolist():
        if problems["metric"][i]:
            raise KeyError(records.label.at(i))
        if problems["period"][i]:
            _note_bad_period(records, i, notes)
        elif problems["value"][i]:
            notes.reject(records, i, parsed[records.raw.codes[i]].error)
        else:
            notes.reject(records, i, units.sentences[units.problem[i]])


def _note_bad_period(records: Records, i: int, notes: SheetNotes) -> None:
    """A value whose period is not a quarter: not used, and the user shown how to write it."""
    shown = records.period.at(i)[1] or "blank"
    row, col = int(records.row[i]), int(records.col[i])
    notes.note(
        f"'{shown}' is not a quarter, so the value of '{records.label.at(i)}' in "
        f"{notes.grid.a1(row, col)} was not used (write it like 2026-Q3 or Q3 FY26).",
        "period",
        row,
        records.period_col,
    )


def _tell_missing(records: Records, missing: np.ndarray, notes: SheetNotes) -> None:
    """One notice per label with blank or not-available cells: missing, never zero."""
    at = np.flatnonzero(missing)
    if not len(at):
        return
    labels = records.label.codes[at]
    order = np.argsort(labels, kind="stable")
    distinct, first, counts = np.unique(labels[order], return_index=True, return_counts=True)
    grid = notes.grid
    # Labels in the order their first missing value comes.
    for k in np.argsort(order[first], kind="stable").tolist():
        rows = at[order[first[k] : first[k] + counts[k]]]
        shown = ", ".join(
            f"{records.period.at(i)[1]} ({grid.a1(int(records.row[i]), int(records.col[i]))})"
            for i in rows[:6].tolist()
        )
        shown += f" and {counts[k] - 6} more" if counts[k] > 6 else ""
        notes.note(
            f"'{records.label.values[distinct[k]]}' has no value for {shown}, blank or marked "
            "not available: treated as missing, not as zero.",
            "missing",
            int(records.row[rows[0]]),
            int(records.col[rows[0]]),
        )
