"""What the user has loaded, kept across pages: files, context, and the cached ingest.

Uploads are parsed once, cached on their bytes (and the options that change the result),
so switching pages re-reads nothing.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from reporting.context import BusinessContext, ContextError, load_context
from reporting.ingest import InputFile, ingest
from reporting.observations import IngestResult

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


def init() -> None:
    """Start on the sample company the first time a session opens."""
    if "files" not in st.session_state:
        use_sample()


def use_sample() -> None:
    st.session_state.files = sample_files()
    st.session_state.is_sample = True
    st.session_state.context = sample_context()
    st.session_state.context_given = True


def use_uploads(files: list[InputFile]) -> None:
    st.session_state.files = files
    if st.session_state.get("is_sample", False):
        # The sample company's context does not describe the user's company.
        st.session_state.context = BusinessContext()
        st.session_state.context_given = False
    st.session_state.is_sample = False


def set_context_from_yaml(data: bytes, name: str) -> str | None:
    """Adopt an uploaded context file; returns the problem sentence when it cannot be used."""
    try:
        st.session_state.context = load_context(data, source=name)
    except ContextError as problem:
        return str(problem)
    st.session_state.context_given = True
    return None


def context() -> BusinessContext:
    init()
    return st.session_state.context


def is_sample() -> bool:
    init()
    return st.session_state.is_sample


def files() -> list[InputFile]:
    init()
    return st.session_state.files


def ingest_result() -> IngestResult:
    init()
    ctx = context()
    fiscal = ctx.organization.fiscal_year_start_month if st.session_state.context_given else None
    key = tuple((f.name, f.data) for f in files())
    return _ingest_cached(key, fiscal, tuple(sorted(ctx.mappings.items())))


@st.cache_data(show_spinner="Reading your workbooks...", max_entries=16)
def _ingest_cached(
    files: tuple[tuple[str, bytes], ...], fiscal: int | None, mappings: tuple[tuple[str, str], ...]
) -> IngestResult:
    return ingest(
        [InputFile(name, data) for name, data in files],
        fiscal_year_start_month=fiscal,
        mappings=dict(mappings),
    )
