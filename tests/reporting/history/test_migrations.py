"""Migration 0004 (organisations and the audit trail) on SQLite and PostgreSQL: a history
made before it keeps every row, all of it the "local" organisation's; the schema it makes is
the one the models describe; an upload's quarters cannot claim another organisation; and it
can be undone while only "local" has data."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from reporting.history import DEFAULT_ORGANISATION, MIGRATIONS, HistoryStore, QuarterConflict
from reporting.history.schema import Base
from reporting.translate import build_report
from tests.reporting.history.helpers import CONTEXT, add, mfa_by_period, quarter_csv, read

TABLES = (
    "context_versions",
    "uploads",
    "upload_files",
    "upload_quarters",
    "observations",
    "packs",
    "decision_outcomes",
)


def alembic(url: str, action, revision: str) -> None:
    """Run an Alembic command on a plain engine (SQLite's foreign keys off, its default)."""
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            action(config, revision)
    finally:
        engine.dispose()


def query(url: str, sql: str, **params) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def counts(url: str) -> dict[str, int]:
    return {table: query(url, f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


def history_at_0003(url: str) -> dict[str, int]:
    """A history as version 0003 kept it: a context, two uploads (the second replacing one
    quarter of the first), their files and figures, a pack and a decision on it."""
    alembic(url, command.upgrade, "0003")
    report = build_report(read([quarter_csv("2026-Q3", 95)], CONTEXT), CONTEXT, trials=200)
    engine = create_engine(url)
    with engine.begin() as db:
        now = "CURRENT_TIMESTAMP"
        db.execute(
            text(f"INSERT INTO context_versions (created_at, yaml) VALUES ({now}, :yaml)"),
            {"yaml": CONTEXT.to_yaml()},
        )
        context = db.execute(text("SELECT max(id) FROM context_versions")).scalar_one()
        uploads = []
        for name in ("old.csv", "fixed.csv"):
            db.execute(
                text(f"INSERT INTO uploads (created_at, context_version_id) VALUES ({now}, :c)"),
                {"c": context},
            )
            upload = db.execute(text("SELECT max(id) FROM uploads")).scalar_one()
            uploads.append(upload)
            db.execute(
                text(
                    "INSERT INTO upload_files (upload_id, name, sha256, size, data) "
                    "VALUES (:u, :n, 'x', 1, :d)"
                ),
                {"u": upload, "n": name, "d": b"x"},
            )
        quarters = [
            (uploads[0], "2026-Q2", "active", 90),
            (uploads[0], "2026-Q3", "replaced", 91),
            (uploads[1], "2026-Q3", "active", 95),
        ]
        for upload, period, state, value in quarters:
            db.execute(
                text(
                    "INSERT INTO upload_quarters (upload_id, period, state, changed_at) "
                    f"VALUES (:u, :p, :s, {now})"
                ),
                {"u": upload, "p": period, "s": state},
            )
            db.execute(
                text(
                    "INSERT INTO observations (upload_id, metric_id, label, period, "
                    "period_label, value, unit, file, cell) VALUES (:u, 'mfa_coverage_pct', "
                    "'MFA', :p, :label, :v, 'percent', 'old.csv', 'C2')"
                ),
                {"u": upload, "p": period, "label": period, "v": value},
            )
        db.execute(
            text(
                "INSERT INTO packs (created_at, period, title, report_json, deck) "
                f"VALUES ({now}, '2026-Q3', 'Harbour Retail Group, 2026-Q3', :r, :d)"
            ),
            {"r": report.model_dump_json(), "d": b"PK"},
        )
        pack = db.execute(text("SELECT max(id) FROM packs")).scalar_one()
        db.execute(
            text(
                "INSERT INTO decision_outcomes (pack_id, risk_id, status, note, recorded_at) "
                f"VALUES (:p, 'ransomware', 'approved', 'Funded', {now})"
            ),
            {"p": pack},
        )
    engine.dispose()
    return {"uploads": uploads, "pack": pack}


def test_a_history_made_at_0003_keeps_every_row_and_all_of_it_is_local(store_url):
    made = history_at_0003(store_url)
    before = counts(store_url)
    store = HistoryStore(store_url)  # opening migrates to 0004
    assert query(store_url, "SELECT version_num FROM alembic_version") == [("0004",)]
    assert counts(store_url) == before  # nothing lost, on either engine
    [(local,)] = query(store_url, "SELECT id FROM organisations WHERE name = 'local'")
    for table in ("context_versions", "uploads", "upload_quarters", "packs"):
        owners = query(store_url, f"SELECT DISTINCT organisation_id FROM {table}")
        assert owners == [(local,)], table
    assert store.organisations() == [DEFAULT_ORGANISATION]

    # The local organisation's store sees the history as it was.
    first, second = made["uploads"]
    assert mfa_by_period(store) == {"2026-Q2": 90, "2026-Q3": 95}
    assert [u.quarters for u in store.uploads()] == [
        {"2026-Q3": "active"},
        {"2026-Q2": "active", "2026-Q3": "replaced"},
    ]
    assert [f.name for f in store.files(first)] == ["old.csv"]
    assert store.latest_context() == CONTEXT
    assert [(p.id, p.has_deck) for p in store.packs()] == [(made["pack"], True)]
    assert store.outcomes(made["pack"])["ransomware"][:2] == ("approved", "Funded")
    assert store.audit_trail() == []  # nothing was recorded before the trail existed
    with pytest.raises(QuarterConflict):  # its quarter in use is still in use
        add(store, [quarter_csv("2026-Q3", 97)], CONTEXT)
    store.rollback("2026-Q3", first)
    assert mfa_by_period(store) == {"2026-Q2": 90, "2026-Q3": 91}

    # Another organisation starts empty and has its own 2026-Q3.
    acme = store.for_organisation("acme")
    assert acme.uploads() == [] and acme.packs() == [] and acme.latest_context() is None
    assert add(acme, [quarter_csv("2026-Q3", 60)], CONTEXT).replaced == []
    assert mfa_by_period(store) == {"2026-Q2": 90, "2026-Q3": 91}
    assert second in [u.id for u in store.uploads()]
    store.close()


def test_the_migrations_make_the_schema_the_models_describe(store_url):
    store = HistoryStore(store_url)
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    store.close()


def test_an_uploads_quarter_cannot_claim_another_organisation(store_url):
    store = HistoryStore(store_url)
    upload = add(store, [quarter_csv("2026-Q3", 95)], CONTEXT).upload_id
    acme = store.for_organisation("acme")
    add(acme, [quarter_csv("2026-Q2", 60)], CONTEXT)
    [(acme_id,)] = query(store_url, "SELECT id FROM organisations WHERE name = 'acme'")
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO upload_quarters (upload_id, organisation_id, period, state, "
                "changed_at) VALUES (:u, :o, '2026-Q4', 'active', CURRENT_TIMESTAMP)"
            ),
            {"u": upload, "o": acme_id},
        )
    assert acme.quarters()[0].period == "2026-Q2"
    store.close()


def test_0004_can_be_undone_while_only_local_has_data(store_url):
    store = HistoryStore(store_url)
    first = add(store, [quarter_csv("2026-Q3", 95)], CONTEXT)
    add(store, [quarter_csv("2026-Q3", 97)], CONTEXT, replace=True)
    store.publish(build_report(store.observations(), CONTEXT, trials=200))
    store.for_organisation("acme").record("note", "no uploads, contexts or packs")
    store.close()
    before = {t: n for t, n in counts(store_url).items()}

    alembic(store_url, command.downgrade, "0003")
    assert query(store_url, "SELECT version_num FROM alembic_version") == [("0003",)]
    assert counts(store_url) == before
    store = HistoryStore(store_url)  # and up again
    assert counts(store_url) == before
    assert mfa_by_period(store) == {"2026-Q3": 97}
    store.rollback("2026-Q3", first.upload_id)
    assert mfa_by_period(store) == {"2026-Q3": 95}

    add(store.for_organisation("acme"), [quarter_csv("2026-Q3", 60)], CONTEXT)
    store.close()
    with pytest.raises(RuntimeError, match="organisations other than 'local'"):
        alembic(store_url, command.downgrade, "0003")
    assert query(store_url, "SELECT version_num FROM alembic_version") == [("0004",)]
