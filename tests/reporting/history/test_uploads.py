"""Quarter uploads on SQLite and PostgreSQL: merge, replace, rollback, withdraw, the ingest
result handed kept as it is, and a crash midway leaving nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from reporting.history import HistoryError, HistoryStore, QuarterConflict
from reporting.ingest import InputFile
from reporting.translate import build_report
from tests.conftest import ROOT
from tests.reporting.history.helpers import CONTEXT, add, mfa_by_period, quarter_csv, read


def test_quarters_uploaded_one_at_a_time_merge_into_one_history(store):
    add(store, [quarter_csv("2026-Q2", 91)], CONTEXT)
    add(store, [quarter_csv("2026-Q3", 95)], CONTEXT)
    assert [q.period for q in store.quarters()] == ["2026-Q2", "2026-Q3"]
    assert mfa_by_period(store) == {"2026-Q2": 91, "2026-Q3": 95}
    report = build_report(store.observations(), CONTEXT, trials=1000)
    assert report.previous_period == "2026-Q2"
    stored = store.observations().observations[0]
    assert stored.source.file.startswith("kpis_2026-Q") and stored.source.cell == "C2"


def test_a_quarter_already_there_is_refused_until_replace_and_the_old_version_is_kept(store):
    first = add(store, [quarter_csv("2026-Q3", 95)], CONTEXT)
    with pytest.raises(QuarterConflict) as conflict:
        add(store, [quarter_csv("2026-Q3", 97, "corrected.csv")], CONTEXT)
    assert set(conflict.value.quarters) == {"2026-Q3"}
    assert "Already in the history: 2026-Q3" in str(conflict.value)
    assert mfa_by_period(store) == {"2026-Q3": 95}  # nothing changed
    second = add(store, [quarter_csv("2026-Q3", 97, "corrected.csv")], CONTEXT, replace=True)
    assert second.replaced == ["2026-Q3"]
    assert mfa_by_period(store) == {"2026-Q3": 97}
    states = {u.id: u.quarters["2026-Q3"] for u in store.uploads()}
    assert states == {first.upload_id: "replaced", second.upload_id: "active"}
    assert store.files(first.upload_id)[0].name == "kpis_2026-Q3.csv"  # the bytes are kept
    # What the app checks on every page to tell whether the history changed.
    assert store.active() == (("2026-Q3", second.upload_id),)
    assert store.active() == tuple((q.period, q.upload_id) for q in store.quarters())


def test_rollback_and_delete_keep_everything_restorable(store):
    first = add(store, [quarter_csv("2026-Q3", 95)], CONTEXT)
    add(store, [quarter_csv("2026-Q3", 97)], CONTEXT, replace=True)
    store.rollback("2026-Q3", first.upload_id)
    assert mfa_by_period(store) == {"2026-Q3": 95}
    store.delete("2026-Q3")
    assert store.quarters() == []
    store.rollback("2026-Q3", first.upload_id)
    assert mfa_by_period(store) == {"2026-Q3": 95}
    with pytest.raises(HistoryError, match="2025-Q1 is not in the history"):
        store.delete("2025-Q1")


def test_files_without_usable_values_add_nothing(store):
    with pytest.raises(HistoryError, match="nothing was added"):
        add(store, [InputFile("empty.csv", b"Quarter,Metric,Value\n")], CONTEXT)
    assert store.uploads() == []


def test_what_was_not_used_stays_visible_in_the_history(store):
    messy = b"Quarter,Metric,Value\n2026-Q3,MFA coverage,95\n2026-Q3,EDR coverage,250\n2026-Q3,Coffee machine uptime,99\n"
    add(store, [InputFile("messy.csv", messy)], CONTEXT)
    result = store.observations()
    assert [o.metric_id for o in result.observations] == ["mfa_coverage_pct"]
    assert [u.label for u in result.unmapped] == ["Coffee machine uptime"]
    assert any(
        "250 % is outside 0-100 %" in w.message and w.source.cell == "C3" for w in result.warnings
    )


def test_the_ingest_result_handed_is_stored_and_the_files_are_kept_for_their_bytes(store):
    files = [quarter_csv("2026-Q3", 95)]
    handed = read([quarter_csv("2026-Q3", 91)], CONTEXT)  # not read from `files` again
    outcome = store.add(files, handed, CONTEXT)
    assert outcome.result == handed and outcome.added == ["2026-Q3"]
    assert mfa_by_period(store) == {"2026-Q3": 91}  # the result's figures, not the bytes'
    assert store.files(outcome.upload_id) == files  # the bytes as they came
    stored = store.observations()
    assert stored.observations == handed.observations
    assert (stored.warnings, stored.unmapped) == (handed.warnings, handed.unmapped)


CRASHING_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import reporting.history as history
    from reporting.ingest import InputFile, ingest

    url, marker = sys.argv[1], Path(sys.argv[2])
    original = history.HistoryStore._store_observations

    def slow(self, session, upload_id, observations):
        original(self, session, upload_id, observations)
        session.flush()
        marker.write_text("mid-upload")
        time.sleep(60)  # killed here, inside the transaction

    history.HistoryStore._store_observations = slow
    store = history.HistoryStore(url)
    data = b"Quarter,Metric,Value\\n2026-Q3,MFA coverage,50\\n2026-Q4,MFA coverage,51\\n"
    files = [InputFile("half.csv", data)]
    store.add(files, ingest(files), replace=True)
    """
)


def test_a_process_killed_mid_upload_loses_nothing_and_leaves_nothing_half_written(
    store_url, tmp_path
):
    store = HistoryStore(store_url)
    add(store, [quarter_csv("2026-Q3", 95)], CONTEXT)
    marker = tmp_path / "marker"
    writer = subprocess.Popen(
        [sys.executable, "-c", CRASHING_WRITER, store_url, str(marker)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        assert writer.poll() is None, "the writer died before reaching the middle of its upload"
        time.sleep(0.05)
    assert marker.exists()
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    time.sleep(0.5)  # let the server notice the dead connection
    # Nothing from the killed upload; the earlier version is intact and in use.
    assert mfa_by_period(store) == {"2026-Q3": 95}
    assert [u.files for u in store.uploads()] == [["kpis_2026-Q3.csv"]]
    add(store, [quarter_csv("2026-Q4", 96)], CONTEXT)  # and the store still takes writes
    assert [q.period for q in store.quarters()] == ["2026-Q3", "2026-Q4"]
    store.close()


def test_each_upload_says_how_it_was_read_and_rereading_its_bytes_replaces_it(store):
    raw = InputFile(
        "console.csv",
        b"Quarter,Metric,Value\n2026-Q3,MFA coverage,95\n2026-Q3,EDR rollout (stores),91\n",
    )
    first = add(store, [raw], CONTEXT)
    reading = store.reading(first.upload_id)
    assert reading.values == 1
    assert [u.label for u in reading.unmapped] == ["EDR rollout (stores)"]
    assert reading.unmapped[0].source.cell  # where it was, to fix it
    # Fixed: the stored bytes read again with the label confirmed, the quarter replaced.
    fixed = CONTEXT.model_copy(
        update={"mappings": {**CONTEXT.mappings, "EDR rollout (stores)": "edr_coverage_pct"}}
    )
    again = add(store, store.files(first.upload_id), fixed, replace=True)
    assert store.reading(again.upload_id).values == 2
    assert not store.reading(again.upload_id).unmapped
    states = {u.id: u.quarters["2026-Q3"] for u in store.uploads()}
    assert states == {first.upload_id: "replaced", again.upload_id: "active"}
    with pytest.raises(HistoryError, match="no upload number 99"):
        store.reading(99)
