"""Script time of every app page, for the sample company and an enterprise-sized one.

Generates the enterprise company of the page-speed issue (50 business units, 12 quarters,
16 metrics: 9,600 rows, with its business context), loads each company into an AppTest
session as an upload would, then times each page's script run: its first visit (which
builds the report) and a second visit (which should reuse it). Targets: every page under
0.5 s for the sample and under 1 s for the enterprise, second visit.

    .venv/bin/python bench/app_bench.py [--units 50] [--quarters 12] [--only sample|enterprise]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.companies import enterprise, sample  # noqa: E402
from reporting.context import load_context  # noqa: E402
from reporting.ingest import InputFile  # noqa: E402

PAGES = ("summary", "risks", "budget", "compliance", "trends", "data", "context", "export")


def time_pages(name: str, files: list[InputFile], context_yaml: bytes) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    at.session_state["source"] = "uploads"
    at.session_state["files"] = files
    at.session_state["context"] = load_context(context_yaml)
    at.session_state["context_given"] = True
    rows = len(files[0].data.splitlines()) - 1 if len(files) == 1 else None
    print(f"{name}: {len(files)} file(s){f', {rows:,} rows' if rows else ''}")
    for visit in ("first", "second"):
        times = []
        for page in PAGES:
            at.switch_page(f"pages/{page}.py")
            start = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - start
            problems = [e.message for e in at.exception]
            if problems:
                raise SystemExit(f"{name}, {page}: {problems[0]}")
            times.append((page, elapsed))
        line = ", ".join(f"{page} {seconds:.2f} s" for page, seconds in times)
        print(f"  {visit} visit: {line}; slowest {max(t for _, t in times):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--quarters", type=int, default=12)
    parser.add_argument("--only", choices=("sample", "enterprise"))
    args = parser.parse_args()
    # A throwaway history store, so the bench never touches the user's.
    os.environ["BOARD_BRIEF_DATA_DIR"] = tempfile.mkdtemp(prefix="board-brief-bench-")
    os.environ.pop("BOARD_BRIEF_DATABASE_URL", None)
    print("page script time (AppTest), targets: sample under 0.5 s, enterprise under 1 s")
    if args.only in (None, "sample"):
        time_pages("sample company", *sample())
    if args.only in (None, "enterprise"):
        files, context = enterprise(args.units, args.quarters)
        time_pages(f"enterprise ({args.units} units, {args.quarters} quarters)", files, context)


if __name__ == "__main__":
    main()
