"""The history store on SQLite and PostgreSQL: merge, replace, rollback, concurrency, crashes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from reporting.context import load_context
from reporting.history import HistoryError, HistoryStore, QuarterConflict
from reporting.ingest import InputFile
from reporting.translate import build_report
from tests.conftest import ROOT, SAMPLE

CONTEXT = load_context((SAMPLE / "context.yaml").read_bytes())


def quarter_csv(period: str, mfa: float, name: str | None = None) -> InputFile:
    data = f"Quarter,Metric,Value\n{period},MFA coverage,{mfa}\n{period},EDR coverage,90\n"
    return InputFile(name or f"kpis_{period}.csv", data.encode())


def mfa_by_period(store: HistoryStore) -> dict[str, float]:
    return {
        o.period: o.value
        for o in store.observations().observations
        if o.metric_id == "mfa_coverage_pct"
    }


def test_quarters_uploaded_one_at_a_time_merge_into_one_history(store):
    store.add([quarter_csv("2026-Q2", 91)], CONTEXT)
    store.add([quarter_csv("2026-Q3", 95)], CONTEXT)
    assert [q.period for q in store.quarters()] == ["2026-Q2", "2026-Q3"]
    assert mfa_by_period(store) == {"2026-Q2": 91, "2026-Q3": 95}
    report = build_report(store.observations(), CONTEXT, trials=1000)
    assert report.previous_period == "2026-Q2"
    stored = store.observations().observations[0]
    assert stored.source.file.startswith("kpis_2026-Q") and stored.source.cell == "C2"


def test_a_quarter_already_there_is_refused_until_replace_and_the_old_version_is_kept(store):
    first = store.add([quarter_csv("2026-Q3", 95)], CONTEXT)
    with pytest.raises(QuarterConflict) as conflict:
        store.add([quarter_csv("2026-Q3", 97, "corrected.csv")], CONTEXT)
    assert set(conflict.value.quarters) == {"2026-Q3"}
    assert "Already in the history: 2026-Q3" in str(conflict.value)
    assert mfa_by_period(store) == {"2026-Q3": 95}  # nothing changed
    second = store.add([quarter_csv("2026-Q3", 97, "corrected.csv")], CONTEXT, replace=True)
    assert second.replaced == ["2026-Q3"]
    assert mfa_by_period(store) == {"2026-Q3": 97}
    states = {u.id: u.quarters["2026-Q3"] for u in store.uploads()}
    assert states == {first.upload_id: "replaced", second.upload_id: "active"}
    assert store.files(first.upload_id)[0].name == "kpis_2026-Q3.csv"  # the bytes are kept


def test_rollback_and_delete_keep_everything_restorable(store):
    first = store.add([quarter_csv("2026-Q3", 95)], CONTEXT)
    store.add([quarter_csv("2026-Q3", 97)], CONTEXT, replace=True)
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
        store.add([InputFile("empty.csv", b"Quarter,Metric,Value\n")], CONTEXT)
    assert store.uploads() == []


def test_context_versions_and_published_packs_survive_reopening(store_url):
    store = HistoryStore(store_url)
    store.add([quarter_csv("2026-Q2", 91), quarter_csv("2026-Q3", 95)], CONTEXT)
    report = build_report(store.observations(), CONTEXT, trials=1000)
    pack_id = store.publish(report, deck=b"PK-deck-bytes")
    store.close()

    reopened = HistoryStore(store_url)  # as after a restart
    assert [q.period for q in reopened.quarters()] == ["2026-Q2", "2026-Q3"]
    assert reopened.latest_context() == CONTEXT
    saved, deck = reopened.pack(pack_id)
    assert deck == b"PK-deck-bytes"
    assert saved.model_dump() == report.model_dump()
    assert reopened.packs()[0].title == "Harbour Retail Group, 2026-Q3"
    assert reopened.last_published(before="2026-Q4")[0].id == pack_id
    assert reopened.last_published(before="2026-Q3") is None
    reopened.close()


def _add_in_process(url: str, value: float, barrier) -> str:
    store = HistoryStore(url)
    barrier.wait()
    try:
        store.add([quarter_csv("2026-Q3", value, f"writer_{value:g}.csv")], CONTEXT)
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


CRASHING_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import reporting.history as history
    from reporting.ingest import InputFile

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
    store.add([InputFile("half.csv", data)], replace=True)
    """
)


def test_a_process_killed_mid_upload_loses_nothing_and_leaves_nothing_half_written(
    store_url, tmp_path
):
    store = HistoryStore(store_url)
    store.add([quarter_csv("2026-Q3", 95)], CONTEXT)
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
    store.add([quarter_csv("2026-Q4", 96)], CONTEXT)  # and the store still takes writes
    assert [q.period for q in store.quarters()] == ["2026-Q3", "2026-Q4"]
    store.close()


def test_an_unreachable_database_is_one_sentence():
    with pytest.raises(HistoryError, match="could not be opened"):
        HistoryStore("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")


def test_what_was_not_used_stays_visible_in_the_history(store):
    messy = b"Quarter,Metric,Value\n2026-Q3,MFA coverage,95\n2026-Q3,EDR coverage,250\n2026-Q3,Coffee machine uptime,99\n"
    store.add([InputFile("messy.csv", messy)], CONTEXT)
    result = store.observations()
    assert [o.metric_id for o in result.observations] == ["mfa_coverage_pct"]
    assert [u.label for u in result.unmapped] == ["Coffee machine uptime"]
    assert any(
        "250 % is outside 0-100 %" in w.message and w.source.cell == "C3" for w in result.warnings
    )


def test_a_database_from_the_first_schema_is_migrated_and_keeps_its_data(store_url):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from reporting.history import MIGRATIONS

    engine = create_engine(store_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text("INSERT INTO uploads (created_at) VALUES (CURRENT_TIMESTAMP)"))
        upload = connection.execute(text("SELECT max(id) FROM uploads")).scalar_one()
        connection.execute(
            text(
                "INSERT INTO upload_quarters (upload_id, period, state, changed_at) "
                "VALUES (:u, '2026-Q2', 'active', CURRENT_TIMESTAMP)"
            ),
            {"u": upload},
        )
        connection.execute(
            text(
                "INSERT INTO observations (upload_id, metric_id, label, period, period_label, "
                "value, unit, file, cell) VALUES (:u, 'mfa_coverage_pct', 'MFA', '2026-Q2', "
                "'Q2 2026', 90, 'percent', 'old.csv', 'C2')"
            ),
            {"u": upload},
        )
    engine.dispose()
    store = HistoryStore(store_url)  # opening migrates to the latest schema
    assert mfa_by_period(store) == {"2026-Q2": 90}
    store.add([quarter_csv("2026-Q3", 95)], CONTEXT)
    assert mfa_by_period(store) == {"2026-Q2": 90, "2026-Q3": 95}
    store.close()
