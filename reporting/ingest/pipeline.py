"""The ingest steps, file by file: read in a worker, find the table, map labels, read values.

See the package docstring for the whole; `ingest` and `ingest_paths` are its entry points.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter

from reporting.catalog import Catalog, Metric, load_catalog
from reporting.ingest.isolation import read_isolated
from reporting.ingest.labels import LabelMapper, Match
from reporting.ingest.layout import Record, read_table
from reporting.ingest.limits import Limits, limits_in_force
from reporting.ingest.periods import is_fiscal
from reporting.ingest.readers import Grid
from reporting.ingest.safety import UnreadableFile, too_large
from reporting.ingest.values import check_range, parse_value, percent_reading
from reporting.observations import (
    FileSummary,
    IngestResult,
    LabelMapping,
    Notice,
    Observation,
    SheetSummary,
    Source,
    UnmappedLabel,
)

__all__ = ["IngestResult", "InputFile", "ingest", "ingest_paths"]

_FRACTION_UNITS = {"ratio", "fraction", "0-1", "decimal", "proportion"}
_PERCENT_UNITS = {"%", "percent", "pct", "percentage"}
_HOUR_UNITS = {"h", "hr", "hrs", "hour", "hours"}
_DAY_UNITS = {"d", "day", "days"}


_OBSERVATIONS = TypeAdapter(list[Observation])


@dataclass(frozen=True)
class InputFile:
    name: str
    data: bytes


def ingest_paths(paths: Iterable[str | Path], **options) -> IngestResult:
    """Read files from disk; a file that cannot be opened becomes a notice like any other."""
    limits = options.get("limits") or limits_in_force()
    files = []
    failures = []
    for path in paths:
        path = Path(path)
        try:
            # Sized before it is read: a 2 GB file is refused without being loaded.
            if (nbytes := path.stat().st_size) > limits.file_bytes and path.is_file():
                failures.append((path.name, str(too_large(path.name, nbytes, limits.file_bytes))))
                continue
            files.append(InputFile(path.name, path.read_bytes()))
        except IsADirectoryError:
            failures.append((path.name, f"{path} is a folder, not a file."))
        except OSError as exc:
            failures.append((path.name, f"{path} could not be opened ({exc.strerror or exc})."))
    result = ingest(files, **options)
    for name, message in failures:
        result.files.append(FileSummary(name=name, ok=False, error=message))
        result.warnings.append(Notice(message=message, kind="file", source=Source(file=name)))
    return result


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while building many small objects.

    Ingest allocates a few objects per cell and frees nothing cyclic; left on, the
    collector rescans the growing heap again and again (a third of the time on a
    100,000-row export).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def ingest(
    files: Sequence[InputFile],
    *,
    fiscal_year_start_month: int | None = None,
    mappings: dict[str, str] | None = None,
    catalog: Catalog | None = None,
    limits: Limits | None = None,
) -> IngestResult:
    """Read files into observations; never raises for bad input (see the module docstring).

    `fiscal_year_start_month` None means unknown: fiscal labels are read as calendar
    quarters and the user is told so.
    """
    with _gc_paused():
        limits = limits or limits_in_force()
        return _ingest(files, fiscal_year_start_month, mappings, catalog, limits)


def _ingest(
    files: Sequence[InputFile],
    fiscal_year_start_month: int | None,
    mappings: dict[str, str] | None,
    catalog: Catalog | None,
    limits: Limits,
) -> IngestResult:
    catalog = catalog or load_catalog()
    mapper = LabelMapper(catalog, mappings)
    result = IngestResult()
    for target in (mappings or {}).values():
        if target != "ignore" and target not in catalog:
            result.warnings.append(
                Notice(
                    message=f"Mapping override names '{target}', which is not a catalog metric.",
                    kind="mapping",
                )
            )
    seen: dict[tuple[str, str, str | None], dict] = {}
    kept: list[dict] = []
    for file in files:
        summary = FileSummary(name=file.name, ok=True)
        result.files.append(summary)
        try:
            summary.format, grids = read_isolated(file.name, file.data, limits)
            for grid in grids:
                _read_sheet(
                    grid,
                    file.name,
                    fiscal_year_start_month,
                    mapper,
                    catalog,
                    result,
                    summary,
                    seen,
                    kept,
                )
        except UnreadableFile as problem:
            _fail(result, summary, str(problem))
        except Exception as exc:
            _fail(
                result,
                summary,
                f"{file.name} could not be read ({type(exc).__name__}); "
                "open it in Excel or LibreOffice and save it again.",
            )
        else:
            if summary.observations == 0:
                sheets = [s for s in summary.sheets if s.layout != "none"]
                message = (
                    f"{file.name}: no usable metric values were found"
                    + ("" if sheets else " (no sheet held a metric table)")
                    + "."
                )
                result.warnings.append(
                    Notice(message=message, kind="file", source=Source(file=file.name))
                )
    # Validated in one pass at the boundary: far faster than model by model.
    result.observations = _OBSERVATIONS.validate_python(kept)
    return result


def _fail(result: IngestResult, summary: FileSummary, message: str) -> None:
    summary.ok = False
    summary.error = message
    summary.sheets = []
    result.warnings.append(Notice(message=message, kind="file", source=Source(file=summary.name)))


def _read_sheet(
    grid: Grid,
    file_name: str,
    fiscal_start: int | None,
    mapper: LabelMapper,
    catalog: Catalog,
    result: IngestResult,
    summary: FileSummary,
    seen: dict,
    kept: list[dict],
) -> None:
    sheet_name = grid.name or None
    table = read_table(grid, file_name=file_name, fiscal_start=fiscal_start or 1)
    sheet = SheetSummary(name=grid.name or "(text)", layout=table.layout, ignored=table.ignored)
    if grid.note and table.problem is None:
        sheet.ignored.append(grid.note)
    summary.sheets.append(sheet)

    def src(r: int | None = None, c: int | None = None) -> Source:
        return Source(
            file=file_name,
            sheet=sheet_name,
            cell=grid.a1(r, c) if r is not None and c is not None else None,
        )

    def reject(record: Record, reason: str) -> None:
        result.warnings.append(
            Notice(
                message=f"'{record.label}' ({record.period_label}): {reason}; the value was not used.",
                kind="value",
                source=src(record.row, record.col),
            )
        )

    if table.problem:
        result.warnings.append(
            Notice(message=f"Not read: {table.problem}.", kind="sheet", source=src())
        )
        return
    if table.header_row is not None:
        first_col = next((c for c, v in enumerate(grid.rows[table.header_row]) if v is not None), 0)
        sheet.header_cell = grid.a1(table.header_row, first_col)
    for note in table.ignored:
        result.warnings.append(Notice(message=f"Left out: {note}.", kind="ignored", source=src()))
    if grid.replaced:
        cells = ", ".join(grid.a1(r, c) for r, c in grid.replaced[:8])
        more = len(grid.replaced) - 8
        result.warnings.append(
            Notice(
                message=f"{len(grid.replaced)} cell(s) held control characters (such as NUL), "
                f"shown as \ufffd: {cells}{f' and {more} more' if more > 0 else ''}; check "
                "those cells in the workbook.",
                kind="value",
                source=src(*grid.replaced[0]),
            )
        )
    if table.orphan_cells:
        cells = ", ".join(grid.a1(r, c) for r, c in table.orphan_cells[:8])
        more = len(table.orphan_cells) - 8
        result.warnings.append(
            Notice(
                message=f"{len(table.orphan_cells)} value(s) without a metric name were not used: "
                f"{cells}{f' and {more} more' if more > 0 else ''}.",
                kind="value",
                source=src(*table.orphan_cells[0]),
            )
        )

    already = any(
        w.kind == "assumption" and w.source and w.source.file == file_name for w in result.warnings
    )
    if fiscal_start is None and not already:
        fiscal = next((r.period_label for r in table.records if is_fiscal(r.period_label)), None)
        if fiscal:
            result.warnings.append(
                Notice(
                    message=f"Fiscal quarters such as '{fiscal}' were read as if the fiscal year "
                    "started in January, because no fiscal-year start month was given; set "
                    "organization.fiscal_year_start_month in the business context.",
                    kind="assumption",
                    source=src(),
                )
            )

    # Map each distinct label once.
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
                # A fuzzy match is used, but shown for a look like a suggestion.
                needs_confirmation=match.suggestion is not None or match.method == "fuzzy",
                source=src(r, c),
            )
        )
        if not match.accepted:
            if match.method == "ignored":
                result.warnings.append(
                    Notice(
                        message=f"'{label}' is set to be ignored by your mappings ({counts[label]} value(s)).",
                        kind="mapping",
                        source=src(r, c),
                    )
                )
            else:
                result.unmapped.append(
                    UnmappedLabel(
                        label=label,
                        source=src(r, c),
                        suggestion=match.suggestion,
                        confidence=match.confidence,
                        rows=counts[label],
                    )
                )

    # Read values, grouped into series so that fractions are judged per series.
    series: dict[tuple[str, str | None], list[tuple[Record, float, bool]]] = defaultdict(list)
    missing: dict[str, list[Record]] = defaultdict(list)
    for record in table.records:
        match = matches[record.label]
        if not match.accepted:
            continue
        metric = catalog[match.metric_id]
        if record.period is None:
            cell = grid.a1(record.row, record.period_col) if record.period_col is not None else None
            shown = record.period_label or "blank"
            result.warnings.append(
                Notice(
                    message=f"'{shown}' is not a quarter, so the value of '{record.label}' in "
                    f"{grid.a1(record.row, record.col)} was not used (write it like 2026-Q3 or Q3 FY26).",
                    kind="period",
                    source=Source(file=file_name, sheet=sheet_name, cell=cell),
                )
            )
            continue
        value = parse_value(record.raw, decimal_comma=grid.decimal_comma)
        if value.missing:
            missing[record.label].append(record)
            continue
        if value.error:
            reject(record, value.error)
            continue
        number, flagged = value.number, value.percent_sign
        # A percent format shows a number x 100; on a text cell ("250") it means nothing.
        if isinstance(record.raw, (int, float)) and grid.is_percent(record.row, record.col):
            number, flagged = number * 100, True
        number, problem = _convert_unit(number, value.suffix, record.unit, metric)
        if problem:
            reject(record, problem)
            continue
        if metric.unit == "percent" and (record.unit or "").casefold() in _FRACTION_UNITS:
            number, flagged = number * 100, True
        series[(metric.id, record.business_unit)].append((record, number, flagged))

    for label, records in missing.items():
        shown = ", ".join(f"{r.period_label} ({grid.a1(r.row, r.col)})" for r in records[:6])
        shown += f" and {len(records) - 6} more" if len(records) > 6 else ""
        result.warnings.append(
            Notice(
                message=f"'{label}' has no value for {shown}, blank or marked not available: "
                "treated as missing, not as zero.",
                kind="missing",
                source=src(records[0].row, records[0].col),
            )
        )

    periods, units = set(), set()
    for (metric_id, _unit), items in series.items():
        metric = catalog[metric_id]
        reading = (
            percent_reading([n for _, n, _ in items], [f for _, _, f in items])
            if metric.unit == "percent"
            else "as_written"
        )
        scaled = reading == "fractions"
        if reading == "mixed":
            plain = [(r, n) for r, n, f in items if not f and 0 <= n <= 100]
            first, small = min(((r, n) for r, n in plain if n > 0), key=lambda item: item[1])
            large = max(n for _, n in plain)
            result.warnings.append(
                Notice(
                    message=f"'{first.label}' mixes values such as {small:g} and {large:g}; the "
                    f"small ones were read as written ({small:g} %). If they are fractions, "
                    "write them as percentages.",
                    kind="scaling",
                    source=src(first.row, first.col),
                )
            )
        if scaled:
            first = items[0][0]
            result.warnings.append(
                Notice(
                    message=f"'{first.label}' is written as fractions (such as {items[0][1]:g}); "
                    "read as percentages (x 100).",
                    kind="scaling",
                    source=src(first.row, first.col),
                )
            )
        for record, number, flagged in items:
            if scaled and not flagged and 0 <= number <= 1:
                number *= 100
            cell = grid.a1(record.row, record.col)
            if problem := check_range(number, metric.unit):
                reject(record, problem)
                continue
            observation = {
                "metric_id": metric_id,
                "label": record.label,
                "period": record.period,
                "period_label": record.period_label,
                "business_unit": record.business_unit,
                "value": number,
                "unit": metric.unit,
                "target": _target(record, grid, metric, scaled, result, src),
                "owner": record.owner,
                "note": record.note,
                "source": {"file": file_name, "sheet": sheet_name, "cell": cell},
            }
            if _keep(observation, seen, result):
                kept.append(observation)
                sheet.observations += 1
                periods.add(record.period)
                if record.business_unit:
                    units.add(record.business_unit)
    sheet.periods = sorted(periods)
    sheet.business_units = sorted(units)


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


def _target(
    record: Record, grid: Grid, metric: Metric, scaled: bool, result: IngestResult, src
) -> float | None:
    if record.target is None:
        return None
    value = parse_value(record.target, decimal_comma=grid.decimal_comma)
    if value.missing or value.error or value.number is None:
        if value.error:
            result.warnings.append(
                Notice(
                    message=f"Target of '{record.label}': {value.error}; the catalog target applies.",
                    kind="value",
                    source=src(record.row, record.target_col),
                )
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
        result.warnings.append(
            Notice(
                message=f"Target of '{record.label}' ({number:g}) is impossible for a {metric.unit}; "
                "the catalog target applies.",
                kind="value",
                source=src(record.row, record.target_col),
            )
        )
        return None
    return number


def _keep(observation: dict, seen: dict, result: IngestResult) -> bool:
    key = (observation["metric_id"], observation["period"], observation["business_unit"])
    earlier = seen.get(key)
    if earlier is None:
        seen[key] = observation
        return True
    unit = observation["business_unit"]
    what = f"'{observation['label']}' {observation['period']}" + (f" for {unit}" if unit else "")
    first, second = Source(**earlier["source"]), Source(**observation["source"])
    if earlier["value"] == observation["value"]:
        result.warnings.append(
            Notice(
                message=f"{what} is given twice with the same value ({observation['value']:g}) in "
                f"{first} and {second}; counted once.",
                kind="duplicate",
                source=second,
            )
        )
    else:
        result.warnings.append(
            Notice(
                message=f"Conflict: {what} is {earlier['value']:g} in {first} but "
                f"{observation['value']:g} in {second}; the first ({earlier['value']:g}) is kept.",
                kind="conflict",
                source=second,
            )
        )
    return False
