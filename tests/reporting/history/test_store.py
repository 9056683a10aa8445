"""Opening the history store on SQLite and PostgreSQL: what it holds survives a restart, an
older schema is migrated, and a SQLite history's directory and files are owner-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import reporting.history as history
from reporting.history import HistoryStore
from reporting.translate import build_report
from tests.reporting.history.helpers import CONTEXT, add, mfa_by_period, quarter_csv


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """The default store's data directory, in a temporary place."""
    monkeypatch.delenv(history.DATABASE_URL_ENV, raising=False)
    folder = tmp_path / "board-brief"
    monkeypatch.setenv(history.DATA_DIR_ENV, str(folder))
    return folder


def test_context_versions_and_published_packs_survive_reopening(store_url):
    store = HistoryStore(store_url)
    add(store, [quarter_csv("2026-Q2", 91), quarter_csv("2026-Q3", 95)], CONTEXT)
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
    add(store, [quarter_csv("2026-Q3", 95)], CONTEXT)
    assert mfa_by_period(store) == {"2026-Q2": 90, "2026-Q3": 95}
    store.close()


# -- private files ---------------------------------------------------------------------------


def test_a_new_data_directory_and_database_are_owner_only_whatever_the_umask(data_dir, loose_umask):
    store = HistoryStore()
    add(store, [quarter_csv("2026-Q3", 95)], CONTEXT)  # a write: the WAL files exist now
    database = data_dir / "history.sqlite"
    assert mode(data_dir) == 0o700
    assert mode(database) == 0o600
    companions = [data_dir / f"history.sqlite{s}" for s in ("-wal", "-shm", "-journal")]
    assert any(c.exists() for c in companions)
    for companion in companions:
        if companion.exists():
            assert mode(companion) == 0o600, companion.name
    store.close()


def test_an_existing_open_data_directory_and_database_are_tightened_and_keep_their_data(
    data_dir, loose_umask
):
    store = HistoryStore()
    add(store, [quarter_csv("2026-Q3", 95)], CONTEXT)
    store.close()
    os.chmod(data_dir, 0o755)  # as an earlier version of Board Brief left them
    for path in data_dir.iterdir():
        os.chmod(path, 0o644)

    reopened = HistoryStore()
    assert mode(data_dir) == 0o700
    for path in data_dir.iterdir():
        assert mode(path) == 0o600, path.name
    assert mfa_by_period(reopened) == {"2026-Q3": 95}
    reopened.close()


def test_a_database_named_in_a_shared_folder_is_private_but_the_folder_is_left_alone(
    tmp_path, loose_umask
):
    shared = tmp_path / "project"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    (shared / "README.md").write_text("not the history's")
    store = HistoryStore(f"sqlite:///{shared / 'history.sqlite'}")
    add(store, [quarter_csv("2026-Q3", 95)], CONTEXT)
    assert mode(shared) == 0o755  # someone else's folder: not the store's to lock down
    assert mode(shared / "history.sqlite") == 0o600
    store.close()

    own = tmp_path / "history-only"  # an existing folder holding only the history
    own.mkdir()
    os.chmod(own, 0o755)
    HistoryStore(f"sqlite:///{own / 'history.sqlite'}").close()
    assert mode(own) == 0o700
    assert mode(own / "history.sqlite") == 0o600
