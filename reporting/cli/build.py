"""`board-brief build`: the board pack from files or from the history (of the organisation
`--org` names), every output built before anything is written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reporting.board.words import report_quarter_in_full
from reporting.cli.inputs import read_context, split_context
from reporting.cli.terminal import quoted, visible
from reporting.cli.validate import unmapped_hint
from reporting.context import (
    BusinessContext,
)
from reporting.ingest import ingest_paths
from reporting.ingest.limits import limits_in_force
from reporting.ingest.safety import UnreadableFile, read_sized


def run(args: argparse.Namespace) -> int:
    from reporting.translate import ReportError, build_report

    problem = _check_outputs(args)
    if problem:
        print(f"board-brief: {visible(problem)}", file=sys.stderr)
        return 2
    template = None
    if args.template:
        try:
            template = read_sized(Path(args.template), limits_in_force().template_bytes)
        except UnreadableFile as problem:
            print(f"board-brief: {visible(problem)}", file=sys.stderr)
            return 1
    if args.charts:
        from reporting.export.images import images_available

        if not images_available():
            print(
                "board-brief: chart images need a Chrome or Chromium browser on this machine "
                "(or BROWSER_PATH set to one); nothing was written.",
                file=sys.stderr,
            )
            return 1
    if args.from_history == bool(args.files):
        print("board-brief: give either files or --from-history", file=sys.stderr)
        return 2
    if args.from_history:
        from reporting.cli.history import open_store
        from reporting.history import HistoryError

        try:
            store = open_store(args)
            result = store.observations()
            stored = store.latest_context()
        except HistoryError as problem:
            print(f"board-brief: {visible(problem)}", file=sys.stderr)
            return 1
        if args.context:
            context, _ = read_context(args.context)
        else:
            context = stored or BusinessContext()
        given = bool(args.context) or stored is not None
    else:
        files, context_path = split_context(args.files, args.context)
        context, _ = read_context(context_path)
        given = context_path is not None
        result = ingest_paths(
            files,
            **context.ingest_options(),
        )
    for file in result.files:
        if not file.ok:
            print(f"board-brief: {visible(file.error)}", file=sys.stderr)
    try:
        report = build_report(result, context if given else None, period=args.period)
    except ReportError as problem:
        print(f"board-brief: {visible(problem)}", file=sys.stderr)
        if args.from_history:
            store.close()
        return 1
    if args.from_history:
        # The decisions of the last pack the board saw, and where each stands.
        from reporting.compare import with_follow_ups

        try:
            report = with_follow_ups(report, store)
        except HistoryError as problem:
            print(f"board-brief: {visible(problem)}", file=sys.stderr)
        finally:
            store.close()
    tolerance = context.risk_appetite.tolerance if given else None
    try:
        files, charts = _board_pack(args, report, template, tolerance)
    except _PackError as problem:
        print(f"board-brief: {visible(problem)}", file=sys.stderr)
        return 1
    # Everything was built in memory first, so a failure leaves no partial pack behind.
    for path, data in files + charts:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    written = [str(path) for path, _ in files]
    if args.charts:
        written.append(f"{len(charts)} chart images in {args.charts}")
    if written:
        print(f"Wrote {visible(', '.join(written))}")
    quarter = report_quarter_in_full(report)
    print(visible(f"{report.organization}, {quarter}: {report.summary.headline}"))
    for risk in report.risks[:5]:
        where = f" in {risk.business_unit}" if risk.business_unit else ""
        print(f"  {risk.rank}. {visible(risk.title + where)}: {risk.rating}, {risk.trend}")
    # What the board pack rests on: problems with the data, and what was assumed.
    shown = [
        w for w in report.warnings if w.kind not in ("ignored", "missing", "duplicate", "sheet")
    ]
    for warning in shown:
        where = f" [{visible(warning.source)}]" if warning.source and warning.source.cell else ""
        print(f"warning: {visible(warning.message)}{where}", file=sys.stderr)
    for label in report.unmapped:
        print(
            f"warning: {quoted(label.label)} at {visible(label.source)} was not used "
            f"(not mapped to a metric{unmapped_hint(label)})",
            file=sys.stderr,
        )
    for assumption in report.assumptions:
        print(f"note: {visible(assumption)}", file=sys.stderr)
    return 0


class _PackError(Exception):
    """An output could not be built; the message is one sentence naming it."""


def _check_outputs(args: argparse.Namespace) -> str | None:
    if args.memo and not args.memo.casefold().endswith((".md", ".markdown", ".html", ".htm")):
        return f"--memo {args.memo}: the memo is written as .md (Markdown) or .html"
    if args.template and not args.out:
        return "--template needs --out, the deck to build on it"
    return None


def _board_pack(
    args: argparse.Namespace, report, template: bytes | None, tolerance: float | None
) -> tuple[list[tuple[Path, bytes]], list[tuple[Path, bytes]]]:
    """The requested files, then the chart images, as (path, bytes), all built before
    anything is written."""
    outputs: list[tuple[Path, bytes]] = []
    charts: list[tuple[Path, bytes]] = []
    if args.json:
        from reporting.export.report_json import json_bytes

        outputs.append((Path(args.json), json_bytes(report)))
    if args.out:
        from reporting.export.deck import TemplateError, build_deck

        try:
            outputs.append((Path(args.out), build_deck(report, template=template)))
        except TemplateError as problem:
            raise _PackError(f"{args.template}: {problem}") from None
    if args.xlsx:
        from reporting.export.xlsx import build_workbook

        outputs.append((Path(args.xlsx), build_workbook(report)))
    if args.memo:
        from reporting.export.memo import memo_html, memo_markdown

        html = args.memo.casefold().endswith((".html", ".htm"))
        text = memo_html(report) if html else memo_markdown(report)
        outputs.append((Path(args.memo), text.encode("utf-8")))
    if args.charts:
        from reporting.export.images import ImagesUnavailable, chart_images

        try:
            images = chart_images(report, tolerance=tolerance)
        except ImagesUnavailable as problem:
            raise _PackError(f"{problem} Nothing was written.") from None
        charts = [(Path(args.charts) / name, data) for name, data in images.items()]
    return outputs, charts
