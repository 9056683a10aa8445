"""The `board-brief` command (also `python -m reporting`).

Exit codes: 0 when usable data was found (or a file was written), 1 when not, 2 on usage
errors. A bad input file is one sentence naming it; never a traceback.

Text that comes from the files, the context or the command line (labels, file and sheet
names, business units, messages quoting them) is printed through `visible`, so a control
character or a bidirectional override in a cell never reaches the terminal as itself.
`--json` output is exact: JSON escapes control characters already.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from reporting.context import (
    BusinessContext,
    ContextError,
    describe_defaults,
    load_context_file,
)
from reporting.ingest import ingest_paths
from reporting.ingest.limits import limits_in_force
from reporting.ingest.safety import UnreadableFile, read_sized
from reporting.observations import IngestResult

# Bidirectional formatting characters (they reorder what the terminal shows) and the
# Unicode line and paragraph separators.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _show(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code <= 0x1F or 0x7F <= code <= 0x9F:  # C0, DEL, C1
        return _NAMED.get(char, f"\\x{code:02x}")
    return f"<U+{code:04X}>"


def visible(text: object) -> str:
    """Text from a file or the user, safe to print: control characters (C0, DEL, C1; tab and
    newline too, ours are added around it) shown as escapes (ESC as \\x1b), bidirectional
    formatting characters as <U+202E>."""
    return _UNSAFE.sub(_show, str(text))


def quoted(text: object) -> str:
    """A label in quotes, as repr quotes it, made visible."""
    shown = visible(text)
    if "'" in shown and '"' not in shown:
        return f'"{shown}"'
    return "'" + shown.replace("'", "\\'") + "'"


class _Parser(argparse.ArgumentParser):
    def error(
        self, message: str
    ) -> None:  # exit 2 with one line, as argparse does, minus usage noise
        self.print_usage(sys.stderr)
        print(f"board-brief: {visible(message)}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="board-brief", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = commands.add_parser("validate", help="show what was understood in the files")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--context", metavar="FILE", help="business context YAML")
    validate.add_argument("--json", action="store_true", help="write JSON to standard output")

    build = commands.add_parser("build", help="build the board report from the files")
    build.add_argument("files", nargs="*", metavar="FILE")
    build.add_argument(
        "--from-history", action="store_true", help="build from every stored quarter instead"
    )
    build.add_argument("--context", metavar="FILE", help="business context YAML")
    build.add_argument("--period", metavar="YYYY-Qn", type=_period, help="quarter to report")
    build.add_argument("--json", metavar="FILE", help="write the BoardReport as JSON")
    build.add_argument("--out", metavar="DECK.pptx", help="write the board deck (PowerPoint)")
    build.add_argument("--xlsx", metavar="BOOK.xlsx", help="write the board workbook (Excel)")
    build.add_argument("--charts", metavar="DIR", help="write the charts as PNG and SVG images")
    build.add_argument(
        "--memo", metavar="MEMO.md|.html", help="write the board memo (Markdown or HTML)"
    )
    build.add_argument(
        "--template", metavar="CORP.pptx", help="company PowerPoint template for --out"
    )

    history = commands.add_parser(
        "history", help="list the stored quarters, or add files to the history"
    )
    actions = history.add_subparsers(dest="action", parser_class=_Parser)
    add = actions.add_parser("add", help="store files as one upload (asks before replacing)")
    add.add_argument("files", nargs="+", metavar="FILE")
    add.add_argument("--context", metavar="FILE", help="business context YAML")
    add.add_argument(
        "--replace", action="store_true", help="replace quarters already stored (kept as versions)"
    )

    template = commands.add_parser("template", help="write a blank metrics template (.xlsx)")
    template.add_argument("--out", required=True, metavar="FILE.xlsx")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "template":
            return _template(args)
        if args.command == "build":
            return _build(args)
        if args.command == "history":
            return _history(args)
    except ContextError as problem:
        print(f"board-brief: {visible(problem)}", file=sys.stderr)
        return 2
    except OSError as problem:
        print(
            f"board-brief: {visible(problem.filename or '')}: "
            f"{visible(problem.strerror or problem)}",
            file=sys.stderr,
        )
        return 1
    return 2  # pragma: no cover - argparse rejects unknown commands


def split_context(files: Sequence[str], context: str | None) -> tuple[list[str], str | None]:
    """A single .yaml among the data files is the business context (`validate sample_data/*`)."""
    yamls = [f for f in files if f.casefold().endswith((".yaml", ".yml"))]
    if context is None and len(yamls) == 1:
        return [f for f in files if f not in yamls], yamls[0]
    return list(files), context


def read_context(path: str | None) -> tuple[BusinessContext, list[str]]:
    if path is None:
        context = BusinessContext()
        return context, describe_defaults(context, given=False)
    context = load_context_file(Path(path))
    return context, describe_defaults(context, given=True)


def _validate(args: argparse.Namespace) -> int:
    files, context_path = split_context(args.files, args.context)
    context, assumptions = read_context(context_path)
    if context_path and context_path != args.context:
        assumptions.insert(0, f"Business context read from {context_path}.")
    result = ingest_paths(
        files,
        fiscal_year_start_month=context.fiscal_start_month,
        mappings=context.mappings,
    )
    if args.json:
        payload = validation_json(result)
        payload["assumptions"] = assumptions
        json.dump(payload, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(describe(result, assumptions))
    return 0 if result.usable else 1


def validation_json(result: IngestResult) -> dict:
    """What `validate --json` writes: observations, unmapped, warnings, and per file its layout."""
    data = result.model_dump(mode="json")
    data["periods"] = result.periods
    data["business_units"] = result.business_units
    return data


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
                f"  {name}: {layout}, header at {visible(sheet.header_cell)}, "
                f"{sheet.observations} values"
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
            hint = (
                f"; closest is {item.suggestion} ({item.confidence:.0%}), confirm it with a mapping"
                if item.suggestion
                else "; not a known security metric"
            )
            out.append(
                f"  {quoted(item.label)} at {visible(item.source)}, {item.rows} value(s){hint}"
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
        f"{len(periods)} quarter(s) ({periods[0]} to {periods[-1]})" if periods else "no quarters"
    )
    units = len(result.business_units)
    out.append(
        f"Understood {len(result.observations)} values across {span}"
        + (f" and {units} business unit(s)" if units else "")
        + f"; {len(result.unmapped)} label(s) not mapped; {len(shown)} warning(s)."
    )
    if not result.usable:
        out.append("No usable data was found.")
    return "\n".join(out)


def _period(text: str) -> str:
    if not re.fullmatch(r"\d{4}-Q[1-4]", text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a quarter like 2026-Q3")
    return text


def _build(args: argparse.Namespace) -> int:
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
        from reporting.history import HistoryError, HistoryStore

        try:
            store = HistoryStore()
            result = store.observations()
            stored = store.latest_context()
            store.close()
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
            fiscal_year_start_month=context.fiscal_start_month,
            mappings=context.mappings,
        )
    for file in result.files:
        if not file.ok:
            print(f"board-brief: {visible(file.error)}", file=sys.stderr)
    try:
        report = build_report(result, context if given else None, period=args.period)
    except ReportError as problem:
        print(f"board-brief: {visible(problem)}", file=sys.stderr)
        return 1
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
    quarter = (
        f"{report.period_label} ({report.period})"
        if report.period_label != report.period
        else report.period
    )
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
            "(not mapped to a metric)",
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
        outputs.append((Path(args.json), report.model_dump_json(indent=2).encode("utf-8")))
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


def _history(args: argparse.Namespace) -> int:
    from reporting.history import HistoryError, HistoryStore, QuarterConflict
    from reporting.ingest import InputFile, ingest

    try:
        store = HistoryStore()
    except HistoryError as problem:
        print(f"board-brief: {visible(problem)}", file=sys.stderr)
        return 1
    try:
        if args.action == "add":
            files, context_path = split_context(args.files, args.context)
            context = read_context(context_path)[0] if context_path else store.latest_context()
            inputs = []
            for name in files:
                path = Path(name)
                if not path.is_file():
                    print(f"board-brief: {visible(name)} was not found.", file=sys.stderr)
                    return 1
                try:
                    data = read_sized(path, limits_in_force().file_bytes)
                except UnreadableFile as problem:
                    print(f"board-brief: {visible(problem)}", file=sys.stderr)
                    return 1
                inputs.append(InputFile(path.name, data))
            # Read once, as `build` reads files (the context's fiscal year and mappings);
            # the history stores this result and the files' bytes.
            result = ingest(
                inputs,
                fiscal_year_start_month=context.fiscal_start_month if context else None,
                mappings=context.mappings if context else None,
            )
            try:
                outcome = store.add(inputs, result, context, replace=args.replace)
            except QuarterConflict as conflict:
                print(
                    f"board-brief: {visible(conflict)} Run again with --replace to do so.",
                    file=sys.stderr,
                )
                return 1
            if context_path:
                store.save_context(context)
            replaced = (
                f"; replaced {', '.join(outcome.replaced)} (kept as earlier versions)"
                if outcome.replaced
                else ""
            )
            print(
                f"Added {visible(', '.join(outcome.added))} as upload {outcome.upload_id}"
                f"{visible(replaced)}."
            )
            return 0
        quarters = store.quarters()
        if not quarters:
            print(
                f"The history is empty ({visible(store.url)}). "
                "Add files with: board-brief history add FILE..."
            )
            return 0
        print(f"History ({visible(store.url)}):")
        for q in quarters:
            versions = f", {q.versions} versions" if q.versions > 1 else ""
            files = visible(", ".join(q.files))
            print(f"  {q.period}: {files} (added {q.added:%Y-%m-%d %H:%M}{versions})")
        packs = store.packs()
        if packs:
            print("Published packs:")
            for pack in packs:
                print(f"  {visible(pack.title)}, published {pack.published:%Y-%m-%d %H:%M}")
        return 0
    except HistoryError as problem:
        print(f"board-brief: {visible(problem)}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _template(args: argparse.Namespace) -> int:
    from reporting.export.template import metrics_template

    path = Path(args.out)
    path.write_bytes(metrics_template())
    print(f"Wrote {visible(path)}")
    return 0
