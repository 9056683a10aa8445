"""What the board numbers do not rest on: data read but not used, in one sentence.

A pack that says "7 risks outside appetite" while values were left out must say so next
to the figure, in every view and export. The sentence is built here, once, from what
ingest could not use: labels not understood (and the values they held), values given
twice with different figures, files that could not be read, and fiscal quarters read as
calendar ones for lack of a start month.
"""

from __future__ import annotations

from reporting.observations import IngestResult


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def data_caveat(result: IngestResult, *, fiscal_start_known: bool) -> str | None:
    """ "This rests on incomplete data: ..." or None when everything read was used."""
    parts = []
    if result.unmapped:
        labels = len({u.label for u in result.unmapped})
        values = sum(u.rows for u in result.unmapped)
        parts.append(
            f"{_count(labels, 'label', 'labels')} in the workbooks "
            f"{'was' if labels == 1 else 'were'} not understood, so "
            f"{_count(values, 'value is', 'values are')} not counted"
        )
    conflicts = sum(1 for w in result.warnings if w.kind == "conflict")
    if conflicts:
        parts.append(
            f"{_count(conflicts, 'value was', 'values were')} given twice with different "
            "figures and only the first was used"
        )
    failed = sum(1 for f in result.files if not f.ok)
    if failed:
        parts.append(f"{_count(failed, 'file', 'files')} could not be read")
    if result.fiscal_assumed and not fiscal_start_known and result.fiscal_year_start_month is None:
        parts.append(
            "fiscal quarters were read as calendar quarters, the fiscal year's start not being known"
        )
    if not parts:
        return None
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"This rests on incomplete data: {listed}."
