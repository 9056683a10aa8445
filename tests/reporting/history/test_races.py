"""Writers of one quarter at once, on SQLite and PostgreSQL: exactly one version ends up in
use, concurrent replaces all succeed, a lost race is retried, and one that keeps being lost
is one sentence."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest
from sqlalchemy import text

from reporting.history import HistoryError, HistoryStore, QuarterConflict, races
from tests.reporting.history.helpers import CONTEXT, add, mfa_by_period, quarter_csv


def _add_in_process(url: str, value: float, barrier) -> str:
    store = HistoryStore(url)
    barrier.wait()
    try:
        add(store, [quarter_csv("2026-Q3", value, f"writer_{value:g}.csv")], CONTEXT)
        return "added"
    except QuarterConflict:
        return "conflict"
    except HistoryError as problem:
        return f"error: {problem}"
    finally:
        store.close()


def test_two_writers_at_once_leave_exactly_one_version_in_use(store_url):
    HistoryStore(store_url).close()  # migrate first
    context = multiprocessing.get_context("spawn")
    barrier = context.Manager().Barrier(2)
    with context.Pool(2) as pool:
        outcomes = pool.starmap_async(
            _add_in_process, [(store_url, 91.0, barrier), (store_url, 93.0, barrier)]
        ).get(timeout=120)  # a worker that cannot start fails the test instead of hanging it
    assert sorted(outcomes)[0] == "added"
    assert sorted(outcomes)[1] in ("conflict",) or sorted(outcomes)[1].startswith(
        "error: Another upload"
    )
    store = HistoryStore(store_url)
    assert len(store.quarters()) == 1
    assert next(iter(mfa_by_period(store).values())) in (91.0, 93.0)
    store.close()


def replace_from_threads(url: str, writers: int) -> list[object]:
    """`writers` threads, each with its own store and engine, replace 2026-Q3 at once."""
    stores = [HistoryStore(url) for _ in range(writers)]
    barrier = threading.Barrier(writers, timeout=30)
    outcomes: list[object] = [None] * writers

    def replace(i: int) -> None:
        barrier.wait()
        try:
            outcome = add(
                stores[i],
                [quarter_csv("2026-Q3", 60 + i, f"writer_{i}.csv")],
                CONTEXT,
                replace=True,
            )
            outcomes[i] = outcome.replaced
        except Exception as problem:
            outcomes[i] = f"{type(problem).__name__}: {problem}"

    threads = [threading.Thread(target=replace, args=(i,), daemon=True) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a writer is stuck"
    for opened in stores:
        opened.close()
    return outcomes


def assert_one_version_in_use(url: str, writers: int) -> None:
    store = HistoryStore(url)
    states = [u.quarters["2026-Q3"] for u in store.uploads()]
    assert sorted(states) == ["active"] + ["replaced"] * writers
    assert [q.versions for q in store.quarters()] == [writers + 1]
    in_use = store.quarters()[0].files
    assert len(in_use) == 1 and in_use[0].startswith("writer_")
    assert mfa_by_period(store) == {"2026-Q3": 60 + int(in_use[0][7:-4])}
    store.close()


def test_ten_concurrent_replaces_of_one_quarter_all_succeed(store_url):
    first = HistoryStore(store_url)
    add(first, [quarter_csv("2026-Q3", 50)], CONTEXT)
    first.close()
    started = time.monotonic()
    outcomes = replace_from_threads(store_url, 10)
    assert outcomes == [["2026-Q3"]] * 10
    assert time.monotonic() - started < 30
    assert_one_version_in_use(store_url, 10)


def test_a_replace_that_lost_a_race_is_retried_and_replaces_the_winner(store, monkeypatch):
    first = add(store, [quarter_csv("2026-Q3", 50)], CONTEXT)
    active = HistoryStore._active
    reads = []

    def stale_first_read(self, session, periods, *, lock=False):
        reads.append(lock)
        found = active(self, session, periods, lock=lock)
        return {} if len(reads) == 1 else found  # as if the winner committed just after

    monkeypatch.setattr(HistoryStore, "_active", stale_first_read)
    retries = []
    monkeypatch.setattr(races, "pause", retries.append)
    second = add(store, [quarter_csv("2026-Q3", 70)], CONTEXT, replace=True)
    monkeypatch.undo()
    assert retries == [1] and second.replaced == ["2026-Q3"]
    states = {u.id: u.quarters["2026-Q3"] for u in store.uploads()}
    assert states == {first.upload_id: "replaced", second.upload_id: "active"}
    assert mfa_by_period(store) == {"2026-Q3": 70}


def test_without_the_quarter_lock_the_retries_alone_get_ten_replaces_through(
    store_url, monkeypatch
):
    if not store_url.startswith("postgresql"):
        pytest.skip("SQLite writers queue on BEGIN IMMEDIATE; there is no race to lose")
    # Waiting writers then collide on the one-in-use index; each loss is another writer's
    # success, so with as many attempts as writers every one of them gets through.
    monkeypatch.setattr(HistoryStore, "_queue_for", lambda self, session, periods: None)
    first = HistoryStore(store_url)
    add(first, [quarter_csv("2026-Q3", 50)], CONTEXT)
    first.close()
    outcomes = replace_from_threads(store_url, 10)
    assert outcomes == [["2026-Q3"]] * 10
    assert_one_version_in_use(store_url, 10)


def test_a_race_that_keeps_being_lost_is_one_sentence(store_url, monkeypatch):
    if not store_url.startswith("postgresql"):
        pytest.skip("the serialisation failure is PostgreSQL's")
    store = HistoryStore(store_url)
    add(store, [quarter_csv("2026-Q3", 50)], CONTEXT)
    monkeypatch.setattr(races, "pause", lambda attempt: None)
    attempts = []

    def always_busy(self, session, periods):
        attempts.append(1)
        session.execute(text("SELECT pg_advisory_xact_lock(1)"))  # a real statement first
        session.execute(text("DO $$ BEGIN RAISE EXCEPTION 'busy' USING ERRCODE = '40001'; END $$"))

    monkeypatch.setattr(HistoryStore, "_queue_for", always_busy)
    with pytest.raises(HistoryError, match=r"^The history was busy with other changes to 2026-Q3"):
        add(store, [quarter_csv("2026-Q3", 70)], CONTEXT, replace=True)
    assert len(attempts) == races.WRITE_ATTEMPTS
    monkeypatch.undo()
    assert mfa_by_period(store) == {"2026-Q3": 50}
    store.close()


def test_a_quarter_lock_key_is_stable_and_fits_postgresql():
    key = races.lock_key("2026-Q3")
    assert key == races.lock_key("2026-Q3") and -(2**31) <= key < 2**31
    assert key != races.lock_key("2026-Q4")
