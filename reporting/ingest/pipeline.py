"""The ingest steps, file by file: read in a worker, then each sheet (see `sheet`).

See the package docstring for the whole; `ingest` and `ingest_paths` are its entry points.
What one call carries across files is its `Ledger`; each sheet's notices go through
`SheetNotes`.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reporting.catalog import Catalog, load_catalog
from reporting.ingest.fiscal import stated_start
from reporting.ingest.isolation import read_isolated
from reporting.ingest.labels import LabelMapper, normalise
from reporting.ingest.ledger import Ledger
from reporting.ingest.limits import Limits, limits_in_force
from reporting.ingest.readers import Grid
from reporting.ingest.safety import UnreadableFile, read_sized
from reporting.ingest.sheet import Reading, read_sheet
from reporting.observation_table import Observations, gc_paused
from reporting.observations import FileSummary, IngestResult, Notice, Source

__all__ = ["IngestResult", "InputFile", "ingest", "ingest_paths"]

MONTH_NAMES = list(calendar.month_name)[1:]


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
            # Sized before it is read: a 2 GB file or a device is refused without a read.
            files.append(InputFile(path.name, read_sized(path, limits.file_bytes_for(path.name))))
        except UnreadableFile as problem:
            failures.append((path.name, str(problem)))
    result = ingest(files, **options)
    for name, message in failures:
        result.files.append(FileSummary(name=name, ok=False, error=message))
        result.warnings.append(Notice(message=message, kind="file", source=Source(file=name)))
    return result


def ingest(
    files: Sequence[InputFile],
    *,
    fiscal_year_start_month: int | None = None,
    mappings: dict[str, str] | None = None,
    columns: dict[str, str] | None = None,
    catalog: Catalog | None = None,
    limits: Limits | None = None,
) -> IngestResult:
    """Read files into observations; never raises for bad input (see the module docstring).

    `fiscal_year_start_month` None means unknown: fiscal labels are read as calendar
    quarters and the user is told so. `mappings` are the labels and `columns` the column
    roles the user confirmed (header -> role, or "ignore"), as the business context keeps them.
    """
    with gc_paused():
        limits = limits or limits_in_force()
        return _ingest(files, fiscal_year_start_month, mappings, columns, catalog, limits)


def _ingest(
    files: Sequence[InputFile],
    fiscal_year_start_month: int | None,
    mappings: dict[str, str] | None,
    columns: dict[str, str] | None,
    catalog: Catalog | None,
    limits: Limits,
) -> IngestResult:
    """Check the mapping overrides, read each file in turn, then validate what was kept."""
    catalog = catalog or load_catalog()
    result = IngestResult()
    _check_overrides(mappings, catalog, result)
    reading = Reading(
        catalog=catalog,
        mapper=LabelMapper(catalog, mappings),
        fiscal_start=fiscal_year_start_month,
        result=result,
        ledger=Ledger(result, catalog),
        columns={normalise(header): role for header, role in (columns or {}).items()},
    )
    for file in files:
        _read_file(file, reading, limits)
    result.observations = Observations(reading.ledger.table())
    return result


def _check_overrides(
    mappings: dict[str, str] | None, catalog: Catalog, result: IngestResult
) -> None:
    """Tell of mapping overrides that name no catalog metric."""
    for target in (mappings or {}).values():
        if target != "ignore" and target not in catalog:
            result.warnings.append(
                Notice(
                    message=f"Mapping override names '{target}', which is not a catalog metric.",
                    kind="mapping",
                )
            )


def _read_file(file: InputFile, reading: Reading, limits: Limits) -> None:
    """One file: its grids read in a worker, each sheet read in turn; a file that cannot be
    read, or yields nothing, ends in a notice and never stops the others."""
    result = reading.result
    summary = FileSummary(name=file.name, ok=True)
    result.files.append(summary)
    try:
        summary.format, grids = read_isolated(file.name, file.data, limits)
        file_reading = _with_stated_fiscal_year(grids, file.name, reading)
        for grid in grids:
            read_sheet(grid, file.name, file_reading, summary)
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


def _with_stated_fiscal_year(grids: list[Grid], file_name: str, reading: Reading) -> Reading:
    """How this file is read once its own words about the fiscal year are heard: a start the
    workbook states is used when none was given, and said so; one that disagrees with the
    start given is reported, and the given one kept."""
    stated = stated_start(grids)
    if stated is None:
        return reading
    grid = next(g for g in grids if g.name == stated.sheet)
    source = Source(file=file_name, sheet=stated.sheet, cell=grid.a1(stated.row, stated.col))
    month = MONTH_NAMES[stated.month - 1]
    result = reading.result
    if reading.fiscal_start is None:
        if result.fiscal_year_start_month is None:
            result.fiscal_year_start_month, result.fiscal_year_stated_in = stated.month, source
        result.warnings.append(
            Notice(
                message=f"The fiscal year was read as starting in {month}, as the workbook "
                f"states ('{stated.text}'); if that is wrong, choose the month your fiscal year "
                "starts in (on the Data page, or in the business context file).",
                kind="assumption",
                source=source,
            )
        )
        return replace(reading, fiscal_start=stated.month)
    if stated.month != reading.fiscal_start:
        result.warnings.append(
            Notice(
                message=f"The workbook states the fiscal year starts in {month} "
                f"('{stated.text}'), but the business context says "
                f"{MONTH_NAMES[reading.fiscal_start - 1]}; the business context was used.",
                kind="period",
                source=source,
            )
        )
    return reading


def _fail(result: IngestResult, summary: FileSummary, message: str) -> None:
    """Mark a file as not read, dropping its sheets, and tell the user why."""
    summary.ok = False
    summary.error = message
    summary.sheets = []
    result.warnings.append(Notice(message=message, kind="file", source=Source(file=summary.name)))
