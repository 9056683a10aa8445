"""Published board packs on SQLite and PostgreSQL: newest first, with or without a deck, and
the last one before a quarter (what the next pack compares with)."""

from __future__ import annotations

import pytest

from reporting.history import HistoryError
from reporting.translate import build_report
from tests.reporting.history.helpers import CONTEXT, add, quarter_csv


def test_packs_are_listed_newest_first_and_the_last_before_a_quarter_is_found(store):
    add(store, [quarter_csv("2026-Q2", 91), quarter_csv("2026-Q3", 95)], CONTEXT)
    result = store.observations()
    q2 = store.publish(build_report(result, CONTEXT, period="2026-Q2", trials=200))
    q3 = store.publish(build_report(result, CONTEXT, period="2026-Q3", trials=200), deck=b"PK")
    assert [(p.id, p.period, p.has_deck) for p in store.packs()] == [
        (q3, "2026-Q3", True),
        (q2, "2026-Q2", False),
    ]
    entry, report = store.last_published(before="2026-Q3")
    assert entry.id == q2 and report.period == "2026-Q2"
    assert store.last_published()[0].id == q3
    assert store.last_published(before="2026-Q2") is None
    with pytest.raises(HistoryError, match="no published pack number 99"):
        store.pack(99)
