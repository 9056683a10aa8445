"""How much an untrusted file may cost before it is refused: the named limits of ingest.

A quarter's metric workbook is small: a few sheets, a few thousand cells, well under a
megabyte. Each limit below sits far above that, and far below what takes a server down.
A file over a limit is refused with one sentence that names the limit and says what to
do; the other files go on. Limits are checked on what a file *declares* (zip directory,
sheet dimensions, cell references, repeat counts) before anything is expanded, and the
reading itself runs in a worker process bounded by `worker_memory_bytes` and
`worker_seconds`, so that a reader that goes wrong anyway ends in a sentence, not in a
crash of the app.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    #: Bytes in one uploaded file (the app's upload limit is the same).
    file_bytes: int = 50 * MIB
    #: Bytes in one text file (csv, tsv, txt). Raised above `file_bytes` for the long
    #: exports a command line is given: a million-row export of seven columns is ~60 MB, and
    #: is read as a stream into coded columns (4 bytes a cell, each distinct text once), far
    #: cheaper than a workbook of that size. A workbook renamed .csv keeps `file_bytes`.
    text_file_bytes: int = 128 * MIB
    #: Bytes a workbook's parts may expand to, all parts together.
    unpacked_bytes: int = 256 * MIB
    #: Expansion ratio of one part above `ratio_floor_bytes` (real sheets compress 5-30x).
    part_ratio: int = 120
    ratio_floor_bytes: int = 8 * MIB
    #: Parts in one zip package (a workbook has a few dozen).
    zip_entries: int = 5_000
    #: Sheets in one workbook.
    sheets: int = 250
    #: Cells of one sheet, counted over the rectangle from its first to its last used cell.
    sheet_cells: int = 4_000_000
    #: Cells of one text file (every delimiter and line end counted, before parsing). Above
    #: `sheet_cells` because a text file is read as a stream into coded columns, never as
    #: a dense rectangle of Python objects: 12 million holds a million-row export of up to
    #: eleven columns (the benchmark's seven take 7 million); the worker's memory limit
    #: still bounds what the distinct texts of a hostile file can cost.
    text_cells: int = 12_000_000
    #: Cells of all sheets of one workbook together, counted the same way.
    workbook_cells: int = 8_000_000
    #: Characters of text all cells together hold once shared strings and repeats expand.
    text_chars: int = 120_000_000
    #: Characters in one cell of a text file (Excel's own limit is 32,767).
    text_cell_chars: int = 1_000_000
    #: Columns in one row of a text file (a spreadsheet's own limit).
    columns: int = 16_384
    #: Bytes of a company PowerPoint template, and what its parts may expand to.
    template_bytes: int = 50 * MIB
    template_unpacked_bytes: int = 200 * MIB
    #: Different metric names in one sheet's metric column. A KPI sheet holds a few dozen;
    #: each distinct name costs a mapping in the app's own process (no worker limits it), so
    #: a column of millions of different texts is refused as not a metric column.
    labels_per_sheet: int = 20_000
    #: Address space and wall-clock time of the worker process reading one file.
    worker_memory_bytes: int = 1024 * MIB
    worker_seconds: float = 30.0

    def file_bytes_for(self, name: str) -> int:
        """The size limit of a file by its name: text files have their own."""
        return self.text_file_bytes if _is_text_name(name) else self.file_bytes


def _is_text_name(name: str) -> bool:
    return name.casefold().endswith(TEXT_SUFFIXES)


TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
DEFAULT_LIMITS = Limits()
ENVIRONMENT_PREFIX = "BOARD_BRIEF_LIMIT_"


def limits_in_force() -> Limits:
    """The defaults, each overridable by an environment variable named after it, for
    example `BOARD_BRIEF_LIMIT_SHEET_CELLS=10000000` for an installation that reads very
    large exports. A value that is not a positive number is refused with a sentence."""
    changes: dict[str, float] = {}
    for spec in fields(Limits):
        name = ENVIRONMENT_PREFIX + spec.name.upper()
        text = os.environ.get(name)
        if text is None:
            continue
        try:
            value = float(text.replace("_", ""))
        except ValueError:
            value = -1
        if not value > 0 or value == float("inf"):
            raise ValueError(f"{name} must be a positive number, not '{text}'.")
        changes[spec.name] = value if spec.type == "float" else int(value)
    return replace(DEFAULT_LIMITS, **changes) if changes else DEFAULT_LIMITS


def size(n: float) -> str:
    """A byte count for a sentence: '1.2 GB', '2 GB', '640 KB', '12 bytes'."""
    for unit, scale in (("GB", 1024**3), ("MB", MIB), ("KB", 1024)):
        if n >= scale:
            value = n / scale
            text = f"{value:,.1f}" if value < 10 else f"{value:,.0f}"
            return f"{text.removesuffix('.0')} {unit}"
    return f"{int(n)} bytes"


def count(n: int) -> str:
    """A large count for a sentence: '17 billion', '4 million', '12,000'."""
    if n >= 10**9:
        return f"{n / 10**9:,.0f} billion"
    if n >= 10**6:
        return f"{n / 10**6:,.0f} million"
    return f"{n:,}"
