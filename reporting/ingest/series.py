"""A sheet's numbers as series, each scaled, checked and handed to the ledger.

A series is one metric for one business unit, in the order its values come; series are
taken in the order each first appears. Whether a percent series is written as fractions
(0.95 for 95 %) is judged on the whole series (`values.percent_reading`); then impossible
values are refused, the target written beside each value is read like it, and the ledger
keeps the first of each (metric, period, business unit). All of that is done with array
operations over the sheet; only what is told to the user is visited one by one, in the
order the steps have always told it: per series, its scaling note, then value by value
a refusal, or a target note and a repeat.
"""

from __future__ import annotations

import numpy as np

from reporting.catalog import Metric
from reporting.ingest.ledger import Batch, Ledger
from reporting.ingest.notes import SheetNotes
from reporting.ingest.numbers import Numbers, percent_cells
from reporting.ingest.records import Records
from reporting.ingest.values import check_range, parse_target
from reporting.observation_table import Texts
from reporting.observations import SheetSummary


def keep_series(
    records: Records,
    numbers: Numbers,
    metrics: list[Metric],
    ledger: Ledger,
    sheet: SheetSummary,
    notes: SheetNotes,
) -> None:
    """Scale each series, refuse impossible values, and hand the rest to the ledger; the
    sheet summary counts what was kept and which periods and units it covers."""
    if not len(numbers.index):
        return
    order, starts = _series_order(records, numbers)
    index, metric = numbers.index[order], numbers.metric[order]
    written, flagged = numbers.number[order], numbers.flagged[order]
    percent = np.asarray([m.unit == "percent" for m in metrics], dtype=bool)[metric]
    reading = _readings(written, flagged, percent, starts)
    scaled = np.repeat(reading == "fractions", np.diff(np.append(starts, len(index))))
    small = ~flagged & (written >= 0) & (written <= 1)
    number = np.where(scaled & small, written * 100, written)
    refused = np.where(percent, (number < 0) | (number > 100), number < 0)
    target, target_tell, target_number = _targets(records, index, metric, scaled, metrics, notes)
    fine = ~refused
    batch = _batch(records, index[fine], metric[fine], number[fine], target[fine], notes)
    kept, earlier = ledger.admit(batch)
    repeat = np.full(len(index), -1, dtype=np.int64)
    repeat[fine] = earlier
    target_tell[refused] = -1
    seen = _Seen(records, index, metric, written, flagged, number, target_number)
    events = refused | (target_tell >= 0) | (repeat >= 0)
    ends = np.append(starts[1:], len(index))
    told = np.flatnonzero((reading == "fractions") | (reading == "mixed"))
    scaling = {int(starts[s]): s for s in told.tolist()}
    as_fractions: set[str] = set()  # labels already said to be fractions on this sheet
    for p in np.union1d(np.flatnonzero(events), starts[told]).tolist():
        if (s := scaling.get(p)) is not None:
            _tell_scaling(seen, p, int(ends[s]), str(reading[s]), notes, as_fractions)
        if not events[p]:
            continue
        seen.tell(p, refused[p], int(target_tell[p]), int(repeat[p]), metrics, ledger, notes)
    kept_index = index[fine][kept]
    sheet.observations += len(kept_index)
    sheet.periods = sorted(_distinct(records.period, kept_index, lambda p: p[0]))
    sheet.business_units = sorted(u for u in _distinct(records.business_unit, kept_index) if u)


def _distinct(field, index: np.ndarray, read=lambda v: v) -> set:
    return {read(field.values[k]) for k in np.unique(field.codes[index]).tolist()}


class _Seen:
    """The sheet's values in series order, for what is told about one of them."""

    def __init__(self, records, index, metric, written, flagged, number, target_number):
        self.records, self.index, self.metric = records, index, metric
        self.written, self.flagged = written, flagged
        self.number, self.target_number = number, target_number

    def tell(self, p, refused, target_tell, repeat, metrics, ledger, notes: SheetNotes) -> None:
        """A refusal, or a target note and a repeat, for the value at series position p."""
        records, i = self.records, int(self.index[p])
        metric = metrics[self.metric[p]]
        number = float(self.number[p])
        if refused:
            notes.reject(records, i, check_range(number, metric.unit))
            return
        label = records.label.at(i)
        row = int(records.row[i])
        if target_tell == 0:
            error = parse_target(records.target.at(i), decimal_comma=notes.grid.decimal_comma).error
            notes.note(
                f"Target of '{label}': {error}; the catalog target applies.",
                "value",
                row,
                records.target_col,
            )
        elif target_tell == 1:
            notes.note(
                f"Target of '{label}' ({float(self.target_number[p]):g}) is impossible for a "
                f"{metric.unit}; the catalog target applies.",
                "value",
                row,
                records.target_col,
            )
        if repeat >= 0:
            what = (label, records.period.at(i)[0], records.business_unit.at(i))
            cell = notes.source(row, int(records.col[i]))
            notes.tell(ledger.repeat(repeat, what, number, cell))


def _tell_scaling(
    seen: _Seen, start: int, end: int, reading: str, notes: SheetNotes, said: set[str]
) -> None:
    """How a percent series was read, when it was not read as written: fractions (x 100),
    said once per label however many business units write it so (`said`), or a mix of
    fractions and percentages (read as written, and flagged for each series)."""
    records = seen.records
    first = int(seen.index[start])
    if reading == "fractions":
        label = records.label.at(first)
        if label in said:
            return
        said.add(label)
        notes.note(
            f"'{records.label.at(first)}' is written as fractions (such as "
            f"{float(seen.written[start]):g}); read as percentages (x 100).",
            "scaling",
            int(records.row[first]),
            int(records.col[first]),
        )
        return
    written = seen.written[start:end]
    plain = ~seen.flagged[start:end] & (written >= 0) & (written <= 100)
    positive = np.flatnonzero(plain & (written > 0))
    at = positive[np.argmin(written[positive])]
    small, large = float(written[at]), float(written[plain].max())
    i = int(seen.index[start + at])
    notes.note(
        f"'{records.label.at(i)}' mixes values such as {small:g} and {large:g}; the "
        f"small ones were read as written ({small:g} %). If they are fractions, "
        "write them as percentages.",
        "scaling",
        int(records.row[i]),
        int(records.col[i]),
    )


def _series_order(records: Records, numbers: Numbers) -> tuple[np.ndarray, np.ndarray]:
    """The numbers grouped by series, series in order of first appearance and values in
    reading order within each; and where each series starts."""
    units = records.business_unit.codes[numbers.index].astype(np.int64)
    key = numbers.metric.astype(np.int64) * (len(records.business_unit.values) + 1) + units
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    series = rank[inverse.ravel()]
    order = np.argsort(series, kind="stable")
    ordered = series[order]
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    return order, starts


def _readings(
    number: np.ndarray, flagged: np.ndarray, percent: np.ndarray, starts: np.ndarray
) -> np.ndarray:
    """`values.percent_reading` of each series, summed over each series at once: only
    values without a % sign or format and possible as percentages (0-100) take part."""
    plain = ~flagged & (number >= 0) & (number <= 100)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.add.reduceat(mask.astype(np.int64), starts)

    large = count(plain & (number > 1))
    positive = count(plain & (number > 0))
    fractions = (count(plain) > 0) & (large == 0) & (positive > 0)
    mixed = (count(plain & (number > 0) & (number <= 1)) > 0) & (large > 0)
    reading = np.where(fractions, "fractions", np.where(mixed, "mixed", "as_written"))
    return np.where(percent[starts], reading, "")


def _targets(records, index, metric, scaled, metrics, notes):
    """Each value's target, read like the value (NaN when none applies), and per value
    what to tell about it: -1 nothing, 0 unreadable, 1 impossible."""
    tell = np.full(len(index), -1, dtype=np.int8)
    target = np.full(len(index), np.nan)
    if records.target_col is None:
        return target, tell, target
    grid = notes.grid
    parsed = [parse_target(v, decimal_comma=grid.decimal_comma) for v in records.target.values]
    codes = records.target.codes[index]
    error = np.fromiter((v.error is not None for v in parsed), dtype=bool)[codes]
    usable = np.fromiter(
        (not v.missing and not v.error and v.number is not None for v in parsed), dtype=bool
    )[codes]
    number = np.asarray([np.nan if v.number is None else v.number for v in parsed])[codes]
    sign = np.fromiter((v.percent_sign for v in parsed), dtype=bool)[codes]
    is_number = np.fromiter(
        (isinstance(v, (int, float)) for v in records.target.values), dtype=bool
    )[codes]
    columns = np.full(len(index), records.target_col, dtype=np.int32)
    percent_cell = usable & is_number & percent_cells(grid, records.row[index], columns)
    percent = np.asarray([m.unit == "percent" for m in metrics], dtype=bool)[metric]
    fraction = percent & scaled & ~sign & (number <= 1)
    number = np.where(usable & (percent_cell | fraction), number * 100, number)
    impossible = usable & np.where(percent, (number < 0) | (number > 100), number < 0)
    tell[error] = 0
    tell[impossible] = 1
    target = np.where(usable & ~impossible, number, np.nan)
    return target, tell, number


def _batch(records: Records, index, metric, number, target, notes: SheetNotes) -> Batch:
    """The values to keep, as the ledger takes them."""
    period = records.period

    def texts(field) -> Texts:
        return Texts(field.values, field.codes[index])

    one = np.zeros(len(index), dtype=np.int32)
    return Batch(
        metric=metric,
        value=number,
        target=target,
        row=records.row[index] + notes.grid.row0,
        col=records.col[index] + notes.grid.col0,
        texts={
            "label": texts(records.label),
            "period": Texts([p for p, _ in period.values], period.codes[index]),
            "period_label": Texts([label for _, label in period.values], period.codes[index]),
            "business_unit": texts(records.business_unit),
            "owner": texts(records.owner),
            "note": texts(records.note),
            "file": Texts([notes.file], one),
            "sheet": Texts([notes.sheet], one),
        },
    )
