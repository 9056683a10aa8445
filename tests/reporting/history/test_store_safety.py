"""The history store keeps its files private, never crashes on text a database refuses, and
lets concurrent replaces of one quarter all succeed, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

import reporting.history as history
from reporting.context import load_context
from reporting.history import HistoryError, HistoryStore
from reporting.ingest import InputFile
from reporting.observations import IngestResult, Notice, Observation, Source, UnmappedLabel
from reporting.translate import build_report
from tests.conftest import make_xlsx
from tests.reporting.history.test_store import CONTEXT, mfa_by_period, quarter_csv

FFFD = "\ufffd"


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


# -- private files ---------------------------------------------------------------------------


def test_a_new_data_directory_and_database_are_owner_only_whatever_the_umask(data_dir, loose_umask):
    store = HistoryStore()
    store.add([quarter_csv("2026-Q3", 95)], CONTEXT)  # a write: the WAL files exist now
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
    store.add([quarter_csv("2026-Q3", 95)], CONTEXT)
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
    store.add([quarter_csv("2026-Q3", 95)], CONTEXT)
    assert mode(shared) == 0o755  # someone else's folder: not the store's to lock down
    assert mode(shared / "history.sqlite") == 0o600
    store.close()

    own = tmp_path / "history-only"  # an existing folder holding only the history
    own.mkdir()
    os.chmod(own, 0o755)
    HistoryStore(f"sqlite:///{own / 'history.sqlite'}").close()
    assert mode(own) == 0o700
    assert mode(own / "history.sqlite") == 0o600


# -- text a database refuses -------------------------------------------------------------------


def nul_upload() -> tuple[list[InputFile], IngestResult]:
    """An upload with NUL (and a lone surrogate, from a file name that was not UTF-8) in
    every text the store keeps."""
    name = "kpis\x00_2026-Q3.csv"
    sheet = Source(file=name, sheet="Sheet\x00One", cell="C2")
    observation = Observation(
        metric_id="mfa_coverage_pct",
        label="MFA\x00 coverage",
        period="2026-Q3",
        period_label="Q3\x00 2026",
        business_unit="Retail\x00",
        value=95,
        unit="percent",
        owner="CISO\x00",
        note="checked\x00 by audit",
        source=sheet,
    )
    plain = observation.model_copy(
        update={
            "metric_id": "edr_coverage_pct",
            "label": "EDR coverage",
            "value": 90,
            "owner": None,
            "note": None,
            "business_unit": None,
            "source": Source(file="odd\udcff.csv", sheet=None, cell="C3"),
        }
    )
    result = IngestResult(
        observations=[observation, plain],
        unmapped=[UnmappedLabel(label="Coffee\x00 uptime", source=sheet.model_copy())],
        warnings=[Notice(kind="value", message="Bad\x00 value", source=sheet)],
    )
    files = [
        InputFile(name, b"Quarter,Metric,Value\x00\n"),  # the bytes are stored as they came
        InputFile("odd\udcff.csv", b"x"),
    ]
    return files, result


def test_nul_and_lone_surrogates_anywhere_are_stored_as_fffd_with_a_warning_saying_where(
    store, monkeypatch
):
    files, handed = nul_upload()
    monkeypatch.setattr(history, "ingest", lambda *args, **kwargs: handed)
    outcome = store.add(files, CONTEXT)

    result = store.observations()
    stored = {o.metric_id: o for o in result.observations}
    mfa = stored["mfa_coverage_pct"]
    assert mfa.label == f"MFA{FFFD} coverage"
    assert mfa.note == f"checked{FFFD} by audit"
    assert (mfa.owner, mfa.business_unit, mfa.period_label) == (
        f"CISO{FFFD}",
        f"Retail{FFFD}",
        f"Q3{FFFD} 2026",
    )
    assert mfa.source == Source(file=f"kpis{FFFD}_2026-Q3.csv", sheet=f"Sheet{FFFD}One", cell="C2")
    assert stored["edr_coverage_pct"].source.file == f"odd{FFFD}.csv"
    assert [u.label for u in result.unmapped] == [f"Coffee{FFFD} uptime"]
    assert result.warnings[0].message == f"Bad{FFFD} value"
    assert [(f.name, f.data) for f in store.files(outcome.upload_id)] == [
        (f"kpis{FFFD}_2026-Q3.csv", b"Quarter,Metric,Value\x00\n"),
        (f"odd{FFFD}.csv", b"x"),
    ]
    assert [q.files for q in store.quarters()] == [[f"kpis{FFFD}_2026-Q3.csv", f"odd{FFFD}.csv"]]

    said = [w for w in result.warnings if "the history cannot store" in w.message]
    cell = next(w for w in said if w.source and w.source.cell == "C2")
    assert cell.source.sheet == f"Sheet{FFFD}One"
    assert cell.message.startswith(
        "The label, quarter label, business unit, owner, note and warning text held a NUL "
        "character (code 0), which the history cannot store; it is stored with \ufffd"
    )
    assert any(w.source and w.source.sheet and "sheet name" in w.message for w in said)
    assert any("not valid Unicode" in w.message for w in said)  # the lone surrogate
    for warning in result.warnings:
        assert "\x00" not in warning.message
    # What the store hands back was cleaned the same way, so the caller shows the same text.
    assert outcome.result.observations[0].label == f"MFA{FFFD} coverage"


def test_a_real_workbook_with_nul_in_its_name_sheet_and_cells_is_stored(store):
    # .xlsx text can carry NUL (written as _x0000_); so can a file name handed by a browser.
    data = make_xlsx(
        {
            "KPI\x00s": [
                ["Quarter", "Metric", "Value", "Note"],
                ["2026-Q3", "MFA coverage", 95, "seen\x00 twice"],
                ["2026-Q3", "Coffee\x00 uptime", 3, None],
            ]
        }
    )
    try:
        outcome = store.add([InputFile("kpis\x00.xlsx", data)], CONTEXT)
    except HistoryError as problem:  # ingest may refuse such a file: a sentence, not a crash
        assert "\x00" not in str(problem)
        return
    assert outcome.added == ["2026-Q3"]
    assert store.files(outcome.upload_id) == [InputFile(f"kpis{FFFD}.xlsx", data)]
    result = store.observations()
    [mfa] = result.observations
    assert (mfa.source.file, mfa.source.sheet) == (f"kpis{FFFD}.xlsx", f"KPI{FFFD}s")
    stored = [mfa.label, mfa.note or "", mfa.source.sheet, mfa.source.file]
    stored += [w.message for w in result.warnings] + [str(w.source) for w in result.warnings]
    stored += [u.label for u in result.unmapped] + [str(u.source) for u in result.unmapped]
    assert not [t for t in stored if "\x00" in t]
    said = {(str(w.source), w.message.split(",")[0]) for w in result.warnings}
    assert (f"kpis{FFFD}.xlsx", "The file name held a NUL character (code 0)") in said
    assert (
        f"kpis{FFFD}.xlsx, sheet 'KPI{FFFD}s'",
        "The sheet name held a NUL character (code 0)",
    ) in said


def test_nul_in_the_context_and_a_published_pack_is_stored(store):
    context = load_context(
        b'organization:\n  name: "Harbour\\0 Retail"\n  fiscal_year_start_month: 7\n'
    )
    store.add([quarter_csv("2026-Q3", 95)], context)
    assert store.save_context(context)
    assert store.latest_context().organization.name == "Harbour\x00 Retail"  # YAML escapes it
    report = build_report(store.observations(), context, trials=200)
    pack_id = store.publish(report, deck=b"PK\x00deck")
    assert store.packs()[0].title.startswith(f"Harbour{FFFD} Retail, ")
    saved, deck = store.pack(pack_id)
    assert saved.organization == "Harbour\x00 Retail" and deck == b"PK\x00deck"  # JSON escapes
    with pytest.raises(HistoryError, match="is not in the history"):
        store.delete("2026\x00Q3")  # a NUL in what is looked up is no crash either


def test_a_write_the_database_refuses_is_one_sentence_without_the_row(store, monkeypatch):
    files, handed = nul_upload()
    broken = handed.observations[0].model_copy(
        update={"value": None, "label": "SECRET-LABEL", "note": "SECRET-NOTE"}
    )
    monkeypatch.setattr(
        history, "ingest", lambda *a, **k: handed.model_copy(update={"observations": [broken]})
    )
    with pytest.raises(HistoryError) as refused:
        store.add(files, CONTEXT)
    message = str(refused.value)
    assert message.startswith("The upload could not be stored (")
    assert "SECRET" not in message and "\n" not in message
    assert refused.value.__cause__ is None and refused.value.__suppress_context__
    assert store.uploads() == []  # all or nothing


# -- concurrent replaces -----------------------------------------------------------------------


def replace_from_threads(url: str, writers: int) -> list[object]:
    """`writers` threads, each with its own store and engine, replace 2026-Q3 at once."""
    stores = [HistoryStore(url) for _ in range(writers)]
    barrier = threading.Barrier(writers, timeout=30)
    outcomes: list[object] = [None] * writers

    def replace(i: int) -> None:
        barrier.wait()
        try:
            outcome = stores[i].add(
                [quarter_csv("2026-Q3", 60 + i, f"writer_{i}.csv")], CONTEXT, replace=True
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
    first.add([quarter_csv("2026-Q3", 50)], CONTEXT)
    first.close()
    started = time.monotonic()
    outcomes = replace_from_threads(store_url, 10)
    assert outcomes == [["2026-Q3"]] * 10
    assert time.monotonic() - started < 30
    assert_one_version_in_use(store_url, 10)


def test_a_replace_that_lost_a_race_is_retried_and_replaces_the_winner(store, monkeypatch):
    first = store.add([quarter_csv("2026-Q3", 50)], CONTEXT)
    active = HistoryStore._active
    reads = []

    def stale_first_read(self, session, periods, *, lock=False):
        reads.append(lock)
        found = active(self, session, periods, lock=lock)
        return {} if len(reads) == 1 else found  # as if the winner committed just after

    monkeypatch.setattr(HistoryStore, "_active", stale_first_read)
    retries = []
    monkeypatch.setattr(history, "_pause", retries.append)
    second = store.add([quarter_csv("2026-Q3", 70)], CONTEXT, replace=True)
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
    first.add([quarter_csv("2026-Q3", 50)], CONTEXT)
    first.close()
    outcomes = replace_from_threads(store_url, 10)
    assert outcomes == [["2026-Q3"]] * 10
    assert_one_version_in_use(store_url, 10)


def test_a_race_that_keeps_being_lost_is_one_sentence(store_url, monkeypatch):
    if not store_url.startswith("postgresql"):
        pytest.skip("the serialisation failure is PostgreSQL's")
    store = HistoryStore(store_url)
    store.add([quarter_csv("2026-Q3", 50)], CONTEXT)
    monkeypatch.setattr(history, "_pause", lambda attempt: None)
    attempts = []

    def always_busy(self, session, periods):
        attempts.append(1)
        session.execute(text("SELECT pg_advisory_xact_lock(1)"))  # a real statement first
        session.execute(text("DO $$ BEGIN RAISE EXCEPTION 'busy' USING ERRCODE = '40001'; END $$"))

    monkeypatch.setattr(HistoryStore, "_queue_for", always_busy)
    with pytest.raises(HistoryError, match=r"^The history was busy with other changes to 2026-Q3"):
        store.add([quarter_csv("2026-Q3", 70)], CONTEXT, replace=True)
    assert len(attempts) == history._WRITE_ATTEMPTS
    monkeypatch.undo()
    assert mfa_by_period(store) == {"2026-Q3": 50}
    store.close()
