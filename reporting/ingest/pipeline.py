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
        limits=limits,
    )
    # Every file is opened before any is read, so that a fiscal year one of them states is
    # used for all of them: one quarter label never means two quarters in one call.
    opened = [_open(file, result, limits) for file in files]
    reading = _with_stated_fiscal_year(opened, reading)
    for file, summary, grids in opened:
        if grids is not None:
            _read_sheets(file, summary, grids, reading)
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


def _open(
    file: InputFile, result: IngestResult, limits: Limits
) -> tuple[InputFile, FileSummary, list[Grid] | None]:
    """A file's grids, read in a worker; None (and a notice) when it cannot be read."""
    summary = FileSummary(name=file.name, ok=True)
    result.files.append(summary)
    try:
        summary.format, grids = read_isolated(file.name, file.data, limits)
    except UnreadableFile as problem:
        _fail(result, summary, str(problem))
        return file, summary, None
    except Exception as exc:
        _fail(result, summary, _unreadable(file.name, exc))
        return file, summary, None
    return file, summary, grids


def _read_sheets(
    file: InputFile, summary: FileSummary, grids: list[Grid], reading: Reading
) -> None:
    """Each sheet of one file in turn; a file that cannot be read, or yields nothing, ends in
    a notice and never stops the others."""
    result = reading.result
    try:
        for grid in grids:
            read_sheet(grid, file.name, reading, summary)
    except UnreadableFile as problem:
        _fail(result, summary, str(problem))
    except Exception as exc:
        _fail(result, summary, _unreadable(file.name, exc))
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


def _unreadable(name: str, exc: Exception) -> str:
    return (
        f"{name} could not be read ({type(exc).__name__}); "
        "open it in Excel or LibreOffice and save it again."
    )


def _with_stated_fiscal_year(
    opened: list[tuple[InputFile, FileSummary, list[Grid] | None]], reading: Reading
) -> Reading:
    """How the files are read once their own words about the fiscal year are heard: the
    first start a workbook states is used for every file when none was given, and said so;
    a statement that disagrees with the start used is reported, and the start used kept."""
    used = reading.fiscal_start
    result = reading.result
    for file, _, grids in opened:
        stated = stated_start(grids) if grids else None
        if stated is None:
            continue
        grid = next(g for g in grids if g.name == stated.sheet)
        source = Source(
            file=file.name, sheet=stated.sheet or None, cell=grid.a1(stated.row, stated.col)
        )
        month = MONTH_NAMES[stated.month - 1]
        if used is None:
            used = stated.month
            result.fiscal_year_start_month, result.fiscal_year_stated_in = stated.month, source
            message = (
                f"The fiscal year was read as starting in {month}, as the workbook states "
                f"('{stated.text}'); if that is wrong, choose the month your fiscal year "
                "starts in (on the Data page, or in the business context file)."
            )
            result.warnings.append(Notice(message=message, kind="assumption", source=source))
        elif stated.month != used:
            given = reading.fiscal_start is not None
            told = "the business context says" if given else "another workbook states"
            kept = "the business context" if given else "that workbook's"
            result.warnings.append(
                Notice(
                    message=f"The workbook states the fiscal year starts in {month} "
                    f"('{stated.text}'), but {told} {MONTH_NAMES[used - 1]}; "
                    f"{kept}{'' if given else ' start'} was used.",
                    kind="period",
                    source=source,
                )
            )
    return reading if used == reading.fiscal_start else replace(reading, fiscal_start=used)


def _fail(result: IngestResult, summary: FileSummary, message: str) -> None:
    """Mark a file as not read, dropping its sheets, and tell the user why."""
    summary.ok = False
    summary.error = message
    summary.sheets = []
    result.warnings.append(Notice(message=message, kind="file", source=Source(file=summary.name)))
