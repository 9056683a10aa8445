"""`board-brief validate`: what was understood, file by file, as text or JSON."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reporting.board.words import count
from reporting.cli.inputs import read_context, split_context
from reporting.cli.terminal import quoted, visible
from reporting.export.report_json import json_bytes, write_json
from reporting.ingest import ingest_paths
from reporting.observations import IngestResult, UnmappedLabel


def run(args: argparse.Namespace) -> int:
    files, context_path = split_context(args.files, args.context)
    context, assumptions = read_context(context_path)
    if context_path and context_path != args.context:
        assumptions.insert(0, f"Business context read from {context_path}.")
    result = ingest_paths(
        files,
        **context.ingest_options(),
    )
    if args.json:
        _write_json(result, assumptions)
    else:
        print(describe(result, assumptions))
    return 0 if result.usable else 1


def validation_json(result: IngestResult) -> dict:
    """What `validate --json` writes: observations, unmapped, warnings, and per file its layout."""
    data = result.model_dump(mode="json")
    data["periods"] = result.periods
    data["business_units"] = result.business_units
    return data


def _write_json(result: IngestResult, assumptions: list[str]) -> None:
    """`validation_json` and the assumptions, written with orjson from the observations'
    columns (see `export.report_json`): on a large export, far quicker than the reading."""
    extra = {
        "periods": result.periods,
        "business_units": result.business_units,
        "assumptions": assumptions,
    }
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a text-only stream (some test runners)
        sys.stdout.write(json_bytes(result, extra).decode("utf-8") + "\n")
        return
    write_json(out, result, extra)
    out.write(b"\n")
    out.flush()


def describe(result: IngestResult, assumptions: Sequence[str] = ()) -> str:
    """A plain-text account of what was understood, per file and sheet; every text from the
    files made `visible`."""
    out: list[str] = []
    for file in result.files:
        if not file.ok:
            out.append(f"{visible(file.name)}: NOT READ - {visible(file.error)}")
            continue
        out.append(f"{visible(file.name)} ({visible(file.format)}): {file.observations} values")
        for sheet in file.sheets:
            name = f"sheet {quoted(sheet.name)}" if sheet.name != "(text)" else "table"
            if sheet.layout == "none":
                out.append(f"  {name}: no metric table")
                continue
            layout = {
                "long": "long table",
                "wide": "wide table (a column per quarter)",
                "per_quarter": "one quarter per sheet",
            }[sheet.layout]
            out.append(
                f"  {name}: {layout}, "
                + (f"header at {visible(sheet.header_cell)}, " if sheet.header_cell else "")
                + f"{sheet.observations} values"
            )
            if sheet.periods:
                out.append(f"    quarters: {visible(', '.join(sheet.periods))}")
            if sheet.business_units:
                out.append(f"    business units: {visible(', '.join(sheet.business_units))}")
            for m in sheet.mappings:
                cell = visible(m.source.cell)
                if m.metric_id:
                    out.append(
                        f"    {cell:>6}  {quoted(m.label)} -> {m.metric_id} "
                        f"({m.method}, {m.confidence:.0%})"
                    )
                elif m.method == "ignored":
                    out.append(f"    {cell:>6}  {quoted(m.label)} ignored by your mappings")
                else:
                    out.append(f"    {cell:>6}  {quoted(m.label)} NOT MAPPED")
            for note in sheet.ignored:
                out.append(f"    left out: {visible(note)}")
    if result.unmapped:
        out.append("")
        out.append("Labels not mapped to a metric (their values were not used):")
        for item in result.unmapped:
            out.append(
                f"  {quoted(item.label)} at {visible(item.source)}, {count(item.rows, 'value', 'values')}"
                f"{unmapped_hint(item)}"
            )
    shown = [w for w in result.warnings if w.kind not in ("ignored",)]
    if shown:
        out.append("")
        out.append("Warnings:")
        for warning in shown:
            where = f" [{visible(warning.source)}]" if warning.source else ""
            out.append(f"  - {visible(warning.message)}{where}")
    if assumptions:
        out.append("")
        out.extend(visible(a) for a in assumptions)
    out.append("")
    periods = result.periods
    span = (
        f"{count(len(periods), 'quarter', 'quarters')} ({periods[0]} to {periods[-1]})"
        if periods
        else "no quarters"
    )
    units = len(result.business_units)
    out.append(
        f"Understood {len(result.observations)} values across {span}"
        + (f" and {count(units, 'business unit', 'business units')}" if units else "")
        + f"; {count(len(result.unmapped), 'label', 'labels')} not mapped; "
        + f"{count(len(shown), 'warning', 'warnings')}."
    )
    if not result.usable:
        out.append("No usable data was found.")
    return "\n".join(out)


def unmapped_hint(item: UnmappedLabel) -> str:
    """What to do about a label not used: the closest metric to confirm, or none known."""
    if item.suggestion:
        return f"; closest is {item.suggestion} ({item.confidence:.0%}), confirm it with a mapping"
    return "; not a known security metric"
