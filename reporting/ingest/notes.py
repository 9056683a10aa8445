"""Where one sheet's notices go: a collector that knows the file, the sheet and its cells.

Steps that find something worth telling the user say what and where (a grid row and
column, or nothing for the whole sheet); the collector builds the `Source` and appends the
`Notice` or `UnmappedLabel` to the ingest result, in the order things were found.
"""

from __future__ import annotations

from reporting.ingest.labels import Match
from reporting.ingest.readers import Grid
from reporting.ingest.records import Records
from reporting.observations import IngestResult, Notice, NoticeKind, Source, UnmappedLabel


class SheetNotes:
    """The notices of one sheet, appended to the result of the whole ingest call."""

    __slots__ = ("_result", "file", "grid", "sheet")

    def __init__(self, result: IngestResult, file: str, grid: Grid) -> None:
        self._result = result
        self.file = file
        self.grid = grid
        self.sheet = grid.name or None

    def source(self, row: int | None = None, col: int | None = None) -> Source:
        """The sheet, or one of its cells when both grid row and column are given."""
        cell = self.grid.a1(row, col) if row is not None and col is not None else None
        return Source(file=self.file, sheet=self.sheet, cell=cell)

    def note(
        self, message: str, kind: NoticeKind, row: int | None = None, col: int | None = None
    ) -> None:
        """Tell the user `message`, pointing at a cell or at the whole sheet."""
        self._result.warnings.append(
            Notice(message=message, kind=kind, source=self.source(row, col))
        )

    def reject(self, records: Records, i: int, reason: str) -> None:
        """A value cell (record `i`) that was read but not used, and why."""
        self.note(
            f"'{records.label.at(i)}' ({records.period.at(i)[1]}): {reason}; the value was "
            "not used.",
            "value",
            int(records.row[i]),
            int(records.col[i]),
        )

    def tell(self, notice: Notice) -> None:
        """A notice made elsewhere (the ledger's repeats), in its place among the others."""
        self._result.warnings.append(notice)

    def unmapped(self, label: str, match: Match, rows: int, row: int, col: int) -> None:
        """A label no catalog metric was found for, with the closest suggestion if any."""
        self._result.unmapped.append(
            UnmappedLabel(
                label=label,
                source=self.source(row, col),
                suggestion=match.suggestion,
                alternatives=list(match.alternatives),
                confidence=match.confidence,
                rows=rows,
            )
        )
