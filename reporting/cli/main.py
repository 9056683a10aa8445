"""The `board-brief` command (also `python -m reporting`).

Exit codes: 0 when usable data was found (or a file was written), 1 when not, 2 on usage
errors. A bad input file is one sentence naming it; never a traceback.

`--org NAME` (before the command) picks whose history `history` and `build --from-history`
use; without it, the "local" organisation's. A name that cannot be used is one sentence and
exit 1. Changes are recorded in the audit trail under the OS user's name.

Text that comes from the files, the context or the command line (labels, file and sheet
names, business units, messages quoting them) is printed through `visible`, so a control
character or a bidirectional override in a cell never reaches the terminal as itself.
`--json` output is exact: JSON escapes control characters already."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from reporting.cli import build as build_command
from reporting.cli import history as history_command
from reporting.cli import validate as validate_command
from reporting.cli.terminal import visible
from reporting.context import (
    ContextError,
)
from reporting.observation_table import gc_paused


def _period(text: str) -> str:
    if not re.fullmatch(r"\d{4}-Q[1-4]", text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a quarter like 2026-Q3")
    return text


class _Parser(argparse.ArgumentParser):
    def error(
        self, message: str
    ) -> None:  # exit 2 with one line, as argparse does, minus usage noise
        self.print_usage(sys.stderr)
        print(f"board-brief: {visible(message)}", file=sys.stderr)
        raise SystemExit(2)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of events like 20")
    return int(text)


_HISTORY_USAGE = """\
  board-brief history                  list the stored quarters and published packs
  board-brief history add FILE...      store files as one upload (--replace to replace)
  board-brief history audit            show who changed the history, newest first

Each organisation has its own history: put --org NAME before "history"
(board-brief --org acme history add q3.xlsx)."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="board-brief", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--org",
        metavar="NAME",
        help='the organisation whose history to use (default: "local")',
    )
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
        "history",
        usage="%(prog)s [-h] [{add,audit} ...]",
        help="list the stored quarters and packs (no action), add files, or show the audit trail",
        description="The stored quarters and published packs of an organisation.",
        epilog=_HISTORY_USAGE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = history.add_subparsers(
        dest="action",
        parser_class=_Parser,
        prog=history.prog,
        title="actions (none: list the stored quarters and published packs)",
        metavar="{add,audit}",
    )
    add = actions.add_parser("add", help="store files as one upload (asks before replacing)")
    add.add_argument("files", nargs="+", metavar="FILE")
    add.add_argument("--context", metavar="FILE", help="business context YAML")
    add.add_argument(
        "--replace", action="store_true", help="replace quarters already stored (kept as versions)"
    )
    audit = actions.add_parser("audit", help="show who changed the history and what, newest first")
    audit.add_argument("--limit", metavar="N", type=_positive, help="only the latest N events")

    template = commands.add_parser("template", help="write a blank metrics template (.xlsx)")
    template.add_argument("--out", required=True, metavar="FILE.xlsx")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.org is not None:
        from reporting.history import HistoryError
        from reporting.history.organisations import organisation_name

        try:
            args.org = organisation_name(args.org)
        except HistoryError as problem:
            print(f"board-brief: {visible(problem)}", file=sys.stderr)
            return 1
    try:
        # One command, then the process ends: what it builds (a million observations and
        # their status rows, on a large export) is freed by reference counting, and the
        # cyclic collector rescanning it all again and again would only cost time.
        with gc_paused():
            return _run(args)
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


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return validate_command.run(args)
    if args.command == "template":
        return _template(args)
    if args.command == "build":
        return build_command.run(args)
    if args.command == "history":
        return history_command.run(args)
    return 2  # pragma: no cover - argparse rejects unknown commands


def _template(args: argparse.Namespace) -> int:
    from reporting.export.template import metrics_template

    path = Path(args.out)
    path.write_bytes(metrics_template())
    print(f"Wrote {visible(path)}")
    return 0
