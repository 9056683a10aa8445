"""Shared fixtures: workbooks built in memory, so every test states its own input."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter

from reporting.context import BusinessContext, load_context
from reporting.ingest import InputFile, ingest, ingest_paths
from reporting.observations import IngestResult
from reporting.report import BoardReport

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = ROOT / "sample_data"


def make_xlsx(
    sheets: dict[str, list[list[object]]], percent: set[tuple[str, str]] = frozenset()
) -> bytes:
    """An .xlsx whose sheets hold the given rows from A1; (sheet, cell) pairs in `percent`
    get a percent number format."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    pct = book.add_format({"num_format": "0%"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                ref = xlsxwriter.utility.xl_rowcol_to_cell(r, c)
                fmt = pct if (name, ref) in percent else None
                sheet.write(r, c, value, fmt)
    book.close()
    return buffer.getvalue()


@pytest.fixture
def read() -> Callable[..., IngestResult]:
    """Ingest (name, bytes) pairs with options."""

    def _read(*files: tuple[str, bytes | str], **options) -> IngestResult:
        inputs = [
            InputFile(name, data.encode("utf-8") if isinstance(data, str) else data)
            for name, data in files
        ]
        return ingest(inputs, **options)

    return _read


def values(result: IngestResult, metric_id: str, unit: str | None = None) -> dict[str, float]:
    """period -> value for one metric (and business unit)."""
    return {
        o.period: o.value
        for o in result.observations
        if o.metric_id == metric_id and o.business_unit == unit
    }


def error_of(result: IngestResult, name: str) -> str:
    """The one sentence a file that could not be read ended in."""
    summary = next(f for f in result.files if f.name == name)
    assert not summary.ok, f"{name} was read"
    assert "Traceback" not in summary.error and "\n" not in summary.error
    return summary.error


def messages(result: IngestResult, kind: str | None = None) -> list[str]:
    return [w.message for w in result.warnings if kind is None or w.kind == kind]


@pytest.fixture(autouse=True)
def _private_history(tmp_path, monkeypatch):
    """Every test gets its own history database, never the user's ~/.board-brief."""
    monkeypatch.setenv("BOARD_BRIEF_DATA_DIR", str(tmp_path / "board-brief"))
    monkeypatch.delenv("BOARD_BRIEF_DATABASE_URL", raising=False)


# --- the sample company, read and reported once for the whole run ---------------------------

#: Trials for the sample report the tests share: enough for stable ranks and ranges
#: (the exports only carry the numbers, they never recompute them), quick to build.
SAMPLE_TRIALS = 5000


@pytest.fixture(scope="session")
def sample_context() -> BusinessContext:
    return load_context((SAMPLE / "context.yaml").read_bytes())


@pytest.fixture(scope="session")
def sample_result(sample_context) -> IngestResult:
    files = sorted(p for p in SAMPLE.iterdir() if p.suffix in (".xlsx", ".csv"))
    return ingest_paths(files, fiscal_year_start_month=7, mappings=sample_context.mappings)


@pytest.fixture(scope="session")
def sample_report(sample_result, sample_context) -> BoardReport:
    """The sample's report. Shared: a test that wants to change it takes a model_copy."""
    from reporting.translate import build_report

    return build_report(sample_result, sample_context, trials=SAMPLE_TRIALS)


def renamed_sample(
    name: str, *, trials: int = 2000, owner: bool = False, organization: bool = False
):
    """The sample's report with its Card Payments unit named `name` in the files and the
    context (and its owner, and the organisation, when asked): user text in every view."""
    from reporting.translate import build_report

    context = load_context((SAMPLE / "context.yaml").read_bytes())
    update = {"name": name, "owner": name} if owner else {"name": name}
    units = [
        u.model_copy(update=update) if u.name == "Card Payments" else u
        for u in context.business_units
    ]
    changes: dict[str, object] = {"business_units": units}
    if organization:
        changes["organization"] = context.organization.model_copy(update={"name": name})
    context = context.model_copy(update=changes)
    files = []
    for path in sorted(SAMPLE.iterdir()):
        data = path.read_bytes()
        if path.suffix == ".csv":
            files.append(InputFile(path.name, data.replace(b"Card Payments", name.encode())))
        elif path.suffix == ".xlsx":
            files.append(InputFile(path.name, data))
    result = ingest(files, fiscal_year_start_month=7, mappings=context.mappings)
    return build_report(result, context, trials=trials)


# Characters GitHub-flavoured markdown, KaTeX or a Streamlit directive could read as markup,
# and those CommonMark lets a backslash escape (any ASCII punctuation).
MARKUP = set("\\`*_{}[]()#+-.!|<>~$:=^&")
ESCAPABLE = set(r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~""")


def markdown_reads(source: str) -> str:
    """The text a markdown parser sees in `source`; fails on any unescaped markup."""
    out, i = [], 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source) and source[i + 1] in ESCAPABLE:
            out.append(source[i + 1])
            i += 2
            continue
        assert ch not in MARKUP, f"unescaped {ch!r} at {i} in {source!r}"
        out.append(ch)
        i += 1
    return "".join(out)


# --- a run that has finished must end ---------------------------------------------------------

_EXIT_STATUS: list[int] = []
LINGERING_GRACE = 10.0  # seconds a leftover thread gets to finish after the last test


def pytest_sessionfinish(session, exitstatus) -> None:
    _EXIT_STATUS.append(int(exitstatus))


def pytest_unconfigure(config) -> None:
    """Once and only once in a while, a thread some library left behind (seen blocked
    reading a pipe) kept the interpreter from exiting after every test had passed, and CI
    waited forever. Give leftover threads a grace period, then name them with their stacks
    on stderr and end the process with the run's own exit status."""
    import os
    import sys
    import threading
    import time
    import traceback

    deadline = time.monotonic() + LINGERING_GRACE
    while True:
        left = [
            t
            for t in threading.enumerate()
            if t is not threading.main_thread() and not t.daemon and t.is_alive()
        ]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if not left:
        return
    frames = sys._current_frames()
    for thread in left:
        stack = "".join(traceback.format_stack(frames.get(thread.ident))) if thread.ident else ""
        print(f"\nthread left running after the tests: {thread.name}\n{stack}", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_EXIT_STATUS[-1] if _EXIT_STATUS else 1)
