"""What the user has loaded, kept across pages: the data source, the context, the report.

The data comes from one of three sources: the bundled sample company, the files just
uploaded, or the stored quarter history. Ingest and translation are cached on what they
read (a digest of the file bytes, or the history's active uploads) and the options that
change the result, so switching pages re-reads and recomputes nothing. The cached result is
one object shared by every page, rerun and session with the same content (no copy per
page), so nothing here or in the pages may change it in place.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from reporting import quarters
from reporting.board.words import quarter_name
from reporting.compare import with_follow_ups
from reporting.context import BusinessContext, ContextError, edited, load_context
from reporting.history import HistoryError, HistoryStore, default_url
from reporting.ingest import InputFile, ingest
from reporting.observations import IngestResult
from reporting.report import BoardReport
from reporting.translate import ReportError, build_report
from ui.text import md

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
DATA_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt")


def sample_files() -> list[InputFile]:
    return [
        InputFile(path.name, path.read_bytes())
        for path in sorted(SAMPLE_DIR.iterdir())
        if path.suffix.casefold() in DATA_SUFFIXES
    ]


def sample_context() -> BusinessContext:
    return load_context((SAMPLE_DIR / "context.yaml").read_bytes(), source="context.yaml")


# -- the history store ---------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> HistoryStore:
    return HistoryStore(url)


def base_store() -> HistoryStore | None:
    """The history database, opened once per process (its default organisation)."""
    try:
        return _open_store(default_url())
    except HistoryError as problem:
        st.session_state["store_problem"] = str(problem)
        return None


def store() -> HistoryStore | None:
    """The history of the organisation the user works in, writing as the user (every
    change goes to its audit trail), or None (with the reason kept for the Data page)
    when unavailable."""
    from ui import access

    base = base_store()
    if base is None:
        return None
    try:
        return _Guarded(base.for_organisation(access.organisation(), actor=access.user()))
    except HistoryError as problem:
        st.session_state["store_problem"] = str(problem)
        return None


# Each change the app can make to the history, and what the user must be allowed to make it.
_CHANGES = {
    "add": "prepare the quarter",
    "delete": "prepare the quarter",
    "rollback": "prepare the quarter",
    "save_context": "prepare the quarter",
    "record": "prepare the quarter",
    "publish": "publish",
    "record_outcome": "record decisions",
}


class _Guarded:
    """The organisation's history as the app uses it: reads pass through; each change is
    made only if the user's role allows it at that moment, asked afresh (a widget's
    callback runs before the run's gate, and a member removed since the last click must
    not still act), else a HistoryError says why."""

    def __init__(self, history: HistoryStore) -> None:
        self._history = history

    def __getattr__(self, name: str):
        found = getattr(self._history, name)
        permission = _CHANGES.get(name)
        if permission is None:
            return found

        def guarded(*args, **kwargs):
            from ui import access

            if not access.may_now(permission):
                raise HistoryError(
                    f"Your role in {access.organisation()} does not allow this change "
                    f"(it needs someone who may {permission})."
                )
            return found(*args, **kwargs)

        return guarded


def _history_key() -> tuple[tuple[str, int], ...]:
    history = store()
    return history.active() if history else ()


# -- session -------------------------------------------------------------------------------


def init() -> None:
    """First visit: the stored history when there is one, else the sample company."""
    _ensure_router()
    if "source" not in st.session_state:
        history = store()
        if history is not None and history.quarters():
            use_history()
        else:
            use_sample()


def mark_routed() -> None:
    """Called by app.py before it runs a page."""
    st.session_state["_routed"] = True


def _ensure_router() -> None:
    # Streamlit keeps a legacy mode for apps with a pages/ folder: until some session has
    # called st.navigation, a deep link (/risks) right after a server start runs the page
    # script alone, without app.py, its router and its layout. Leave that mode and rerun,
    # so the same URL is served through the router.
    if not st.session_state.get("_routed"):
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()


def use_sample() -> None:
    st.session_state.pop("reviewing", None)
    st.session_state.source = "sample"
    st.session_state.files = sample_files()
    st.session_state.context = sample_context()
    st.session_state.context_given = True


def use_uploads(files: list[InputFile]) -> None:
    if st.session_state.get("source") == "sample":
        # The sample company's context does not describe the user's company; the one kept
        # in the history does (with the labels and columns confirmed last quarter).
        history = store()
        stored = history.latest_context() if history else None
        st.session_state.context = stored or BusinessContext()
        st.session_state.context_given = stored is not None
    st.session_state.pop("reviewing", None)
    st.session_state.source = "uploads"
    st.session_state.files = files


def review_upload(upload_id: int) -> None:
    """Open a stored upload's own files again, read with today's labels, columns and fiscal
    year, so how it was read can be checked and fixed; updating it replaces the quarter and
    keeps the version stored now."""
    history = store()
    if history is None:
        return
    try:
        files = history.files(upload_id)
    except HistoryError as problem:
        st.session_state["history_message"] = ("error", str(problem))
        return
    if st.session_state.get("source") in (None, "sample"):
        stored = history.latest_context()
        st.session_state.context = stored or BusinessContext()
        st.session_state.context_given = stored is not None
    st.session_state.source = "uploads"
    st.session_state.files = files
    st.session_state.reviewing = upload_id


def reviewing() -> int | None:
    """The stored upload open for review, or None."""
    return st.session_state.get("reviewing") if source() == "uploads" else None


def use_history() -> None:
    st.session_state.pop("reviewing", None)
    if st.session_state.get("source") in (None, "sample"):
        history = store()
        stored = history.latest_context() if history else None
        st.session_state.context = stored or BusinessContext()
        st.session_state.context_given = stored is not None
    st.session_state.source = "history"
    st.session_state.files = []


def source() -> str:
    init()
    return st.session_state.source


def is_sample() -> bool:
    return source() == "sample"


def files() -> list[InputFile]:
    init()
    return st.session_state.files


def set_context_from_yaml(data: bytes, name: str) -> str | None:
    """Adopt an uploaded context file; returns the problem sentence when it cannot be used."""
    try:
        set_context(load_context(data, source=name))
    except ContextError as problem:
        return str(problem)
    return None


def set_context(new: BusinessContext) -> None:
    """Adopt an edited context; every page re-translates on its next draw."""
    st.session_state.context = new
    st.session_state.context_given = True
    # Kept at once (not only when a quarter is added), so that a confirmed label or column
    # is there for next quarter's files even if this quarter is never stored.
    if st.session_state.get("source") != "sample" and (history := store()) is not None:
        try:
            history.save_context(new)
        except HistoryError as problem:
            st.session_state["history_message"] = ("error", str(problem))


def save_changes(**changes) -> None:
    """Adopt the context with `changes`, or say what is wrong and keep the old one."""
    try:
        updated = edited(context(), **changes)
    except ContextError as problem:
        st.error(md(problem), icon=":material/error:")
        return
    before = context()
    set_context(updated)
    _record_confirmations(before, updated)
    st.rerun()


def _record_confirmations(before: BusinessContext, after: BusinessContext) -> None:
    """Name each label and column role the user confirmed in the audit trail (the context
    version itself is recorded by the store)."""
    if st.session_state.get("source") == "sample" or (history := store()) is None:
        return
    confirmed = [
        f"'{label}' as {metric}"
        for label, metric in after.mappings.items()
        if before.mappings.get(label) != metric
    ] + [
        f"column '{column}' as {role}"
        for column, role in after.columns.items()
        if before.columns.get(column) != role
    ]
    if confirmed:
        try:
            history.record("confirmed a mapping", "; ".join(confirmed))
        except HistoryError as problem:
            st.session_state["history_message"] = ("error", str(problem))


def context() -> BusinessContext:
    init()
    return st.session_state.context


def _key() -> tuple:
    """What the data is, by content: the history's active uploads, or the files' digest."""
    if source() == "history":
        from ui import access

        return ("history", default_url(), access.organisation(), _history_key())
    return ("files", files_digest(files()))


def files_digest(given: list[InputFile]) -> str:
    """A digest of the files' names and bytes, worked out once per list of files."""
    known = st.session_state.get("_files_digest")
    if known is not None and known[0] is given:
        return known[1]
    digest = hashlib.sha256()
    for f in given:
        for part in (f.name.encode("utf-8"), f.data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    st.session_state["_files_digest"] = (given, digest.hexdigest())
    return digest.hexdigest()


def fiscal_start() -> int | None:
    """The month the user gave as the fiscal-year start, or None when it is not known."""
    return context().fiscal_start_month if st.session_state.context_given else None


def _reading() -> tuple[tuple[str, object], ...]:
    """How files are read (fiscal year, confirmed labels and columns), hashable for the cache."""
    options = context().ingest_options()
    if not st.session_state.context_given:
        options["fiscal_year_start_month"] = None
    return tuple(
        (name, tuple(sorted(value.items())) if isinstance(value, dict) else value)
        for name, value in options.items()
    )


def ingest_result() -> IngestResult:
    return _ingest_shared(_key(), _reading(), files())


@st.cache_resource(show_spinner="Reading your workbooks...", max_entries=16)
def _ingest_shared(
    key: tuple, reading: tuple[tuple[str, object], ...], _files: list[InputFile]
) -> IngestResult:
    """What `_files` read as (`key` names them by content; `_files` is not hashed)."""
    if key[0] == "history":
        history = store()
        return history.observations() if history else IngestResult()
    options = {name: dict(value) if isinstance(value, tuple) else value for name, value in reading}
    return ingest(_files, **options)


def periods() -> list[str]:
    return ingest_result().periods


def selected_period() -> str | None:
    """The quarter the user chose (the latest by default), kept across pages."""
    available = periods()
    if not available:
        return None
    chosen = st.session_state.get("chosen_period")
    return chosen if chosen in available else available[-1]


def choose_period(key: str) -> None:
    # Widget state does not outlive a page switch; the choice must.
    st.session_state["chosen_period"] = st.session_state[key]


def period_name(period: str, *, markdown: bool = False) -> str:
    """'Q1 FY27': the quarter by the one naming rule, escaped when the name goes into
    markdown (a selectbox option is plain text and is not)."""
    label = _labels_shared(_key(), _reading(), files()).get(period)
    return quarter_name(label, period, md if markdown else str)


@st.cache_resource(show_spinner=False, max_entries=16)
def _labels_shared(key: tuple, reading: tuple, _files: list[InputFile]) -> dict[str, str]:
    """Each quarter's name in the data `key` names (see `_ingest_shared`): worked out once,
    not for every quarter named on a page."""
    return quarters.labels(_ingest_shared(key, reading, _files).observations)


def report(period: str | None = None) -> BoardReport | None:
    """The BoardReport for the chosen quarter, or None when there is nothing to report."""
    init()
    period = period or selected_period()
    if period is None:
        return None
    ctx = context()
    given = st.session_state.context_given
    report = _report_shared(_key(), _reading(), ctx.to_yaml(), given, period, files())
    if report is None or is_sample() or (history := store()) is None:
        return report
    try:
        return with_follow_ups(report, history)
    except HistoryError:
        return report


@st.cache_resource(show_spinner="Translating metrics into business risk...", max_entries=16)
def _report_shared(
    key: tuple,
    reading: tuple,
    context_yaml: str,
    context_given: bool,
    period: str,
    _files: list[InputFile],
) -> BoardReport | None:
    ctx = load_context(context_yaml)
    result = _ingest_shared(key, reading, _files)
    try:
        return build_report(result, ctx, period=period, context_given=context_given)
    except ReportError:
        return None
