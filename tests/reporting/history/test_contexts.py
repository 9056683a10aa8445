"""Business context versions on SQLite and PostgreSQL: an unchanged context is one version,
a changed one is another, and the latest is what a restart starts from."""

from __future__ import annotations

from reporting.context import load_context
from tests.reporting.history.helpers import CONTEXT, add, quarter_csv


def test_an_unchanged_context_is_one_version_and_the_latest_is_kept(store):
    assert store.latest_context() is None
    first = store.save_context(CONTEXT)
    assert store.save_context(CONTEXT) == first
    add(store, [quarter_csv("2026-Q3", 95)], CONTEXT)  # the upload reuses that version
    assert store.save_context(CONTEXT) == first
    other = load_context(b"organization:\n  name: Other Group\n")
    assert store.save_context(other) != first
    assert store.latest_context() == other
