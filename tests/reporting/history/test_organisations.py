"""Organisations sharing one history database, on SQLite and PostgreSQL: each sees only its
own quarters, uploads, files, readings, contexts, packs and decisions; the quarter in use is
per organisation; another's upload or pack asked for by id is as missing as one that never
existed; and names are checked."""

from __future__ import annotations

import threading

import pytest

from reporting.context import load_context
from reporting.history import DEFAULT_ORGANISATION, HistoryError, HistoryStore, QuarterConflict
from reporting.ingest import InputFile
from reporting.translate import build_report
from tests.reporting.history.helpers import CONTEXT, add, mfa_by_period, quarter_csv

ACME = load_context(b"organization:\n  name: Acme Ltd\n")
COFFEE = InputFile("coffee.csv", b"Quarter,Metric,Value\n2026-Q3,Coffee machine uptime,99\n")


def refused(call) -> str:
    with pytest.raises(HistoryError) as problem:
        call()
    return str(problem.value)


@pytest.fixture
def two(store_url):
    """The default organisation's store and Acme's, on one engine."""
    local = HistoryStore(store_url)
    acme = local.for_organisation("acme", actor="alice")
    yield local, acme
    local.close()


def test_two_organisations_with_the_same_quarter_never_see_each_others_history(two):
    local, acme = two
    mine = add(local, [quarter_csv("2026-Q3", 95, "local.csv")], CONTEXT)
    theirs = add(acme, [quarter_csv("2026-Q3", 60, "acme.csv"), COFFEE], ACME)  # no conflict
    assert theirs.replaced == [] and theirs.upload_id != mine.upload_id

    assert mfa_by_period(local) == {"2026-Q3": 95}
    assert mfa_by_period(acme) == {"2026-Q3": 60}
    assert [q.files for q in local.quarters()] == [["local.csv"]]
    assert [q.files for q in acme.quarters()] == [["acme.csv", "coffee.csv"]]
    assert [q.versions for q in acme.quarters()] == [1]
    assert local.active() == (("2026-Q3", mine.upload_id),)
    assert acme.active() == (("2026-Q3", theirs.upload_id),)
    assert [u.id for u in local.uploads()] == [mine.upload_id]
    assert [u.id for u in acme.uploads()] == [theirs.upload_id]
    assert [f.name for f in acme.files(theirs.upload_id)] == ["acme.csv", "coffee.csv"]
    assert acme.reading(theirs.upload_id).values == 2
    assert [u.label for u in acme.observations().unmapped] == ["Coffee machine uptime"]
    assert local.observations().unmapped == [] and local.reading(mine.upload_id).unmapped == []
    assert local.latest_context() == CONTEXT and acme.latest_context() == ACME

    # Another organisation's upload, asked for by id, is exactly as missing as no upload.
    missing = theirs.upload_id + mine.upload_id + 100
    for call in (local.files, local.reading):
        assert refused(lambda call=call: call(theirs.upload_id)) == (
            f"There is no upload number {theirs.upload_id} in the history."
        )
        assert refused(lambda call=call: call(missing)) == (
            f"There is no upload number {missing} in the history."
        )
    assert refused(lambda: acme.files(mine.upload_id)) == (
        f"There is no upload number {mine.upload_id} in the history."
    )


def test_packs_and_decisions_belong_to_the_organisation_that_published_them(two):
    local, acme = two
    add(local, [quarter_csv("2026-Q2", 91), quarter_csv("2026-Q3", 95)], CONTEXT)
    add(acme, [quarter_csv("2026-Q2", 50), quarter_csv("2026-Q3", 60)], ACME)
    report = build_report(local.observations(), CONTEXT, period="2026-Q2", trials=200)
    mine = local.publish(report, deck=b"PK-local")
    theirs = acme.publish(build_report(acme.observations(), ACME, period="2026-Q2", trials=200))
    risk = report.summary.decisions[0].risk_id
    local.record_outcome(mine, risk, "approved", "Funded")

    assert [p.id for p in local.packs()] == [mine]
    assert [p.id for p in acme.packs()] == [theirs]
    assert acme.packs()[0].title.startswith("Acme Ltd, ")
    assert local.last_published(before="2026-Q3")[0].id == mine
    assert acme.last_published(before="2026-Q3")[0].id == theirs
    assert acme.outcomes(mine) == {}  # as for a pack that does not exist
    assert local.outcomes(mine)[risk][:2] == ("approved", "Funded")
    assert refused(lambda: acme.pack(mine)) == f"There is no published pack number {mine}."
    assert refused(lambda: local.pack(theirs)) == f"There is no published pack number {theirs}."
    assert refused(lambda: acme.record_outcome(mine, risk, "done")) == (
        f"There is no published pack number {mine}."
    )
    assert local.outcomes(mine)[risk][0] == "approved"  # acme's attempt changed nothing


def test_replace_withdraw_and_restore_in_one_organisation_leave_the_other_alone(two):
    local, acme = two
    mine = add(local, [quarter_csv("2026-Q3", 95, "local.csv")], CONTEXT)
    first = add(acme, [quarter_csv("2026-Q3", 60, "acme.csv")], ACME)
    with pytest.raises(QuarterConflict):  # its own quarter still conflicts
        add(acme, [quarter_csv("2026-Q3", 61)], ACME)

    second = add(acme, [quarter_csv("2026-Q3", 65, "acme-fixed.csv")], ACME, replace=True)
    assert second.replaced == ["2026-Q3"]
    assert mfa_by_period(acme) == {"2026-Q3": 65}
    assert [q.versions for q in acme.quarters()] == [2]
    assert mfa_by_period(local) == {"2026-Q3": 95}
    assert [u.quarters for u in local.uploads()] == [{"2026-Q3": "active"}]
    assert [q.versions for q in local.quarters()] == [1]

    acme.delete("2026-Q3")
    assert acme.quarters() == []
    assert local.active() == (("2026-Q3", mine.upload_id),)

    # An organisation cannot restore another's upload: it holds no figures for it.
    assert refused(lambda: local.rollback("2026-Q3", first.upload_id)) == (
        f"Upload {first.upload_id} holds no figures for 2026-Q3."
    )
    assert acme.quarters() == [] and local.active() == (("2026-Q3", mine.upload_id),)
    acme.rollback("2026-Q3", first.upload_id)
    assert mfa_by_period(acme) == {"2026-Q3": 60}
    assert local.active() == (("2026-Q3", mine.upload_id),)

    local.delete("2026-Q3")
    assert local.quarters() == [] and mfa_by_period(acme) == {"2026-Q3": 60}
    with pytest.raises(HistoryError, match="2026-Q3 is not in the history"):
        local.delete("2026-Q3")  # withdrawn here; acme's is not withdrawn in its place
    assert acme.active() == (("2026-Q3", first.upload_id),)


def test_each_organisation_keeps_its_own_latest_context(two):
    local, acme = two
    first = local.save_context(CONTEXT)
    assert acme.latest_context() is None
    # The same context saved for another organisation is its own version, not the local one.
    assert acme.save_context(CONTEXT) != first
    acme.save_context(ACME)
    assert local.latest_context() == CONTEXT and acme.latest_context() == ACME
    assert local.save_context(CONTEXT) == first  # unchanged for local, whatever acme saved


def test_writers_of_one_quarter_in_different_organisations_do_not_collide(store_url):
    HistoryStore(store_url).close()  # migrate first
    names = [f"org-{i}" for i in range(5)]
    stores = [HistoryStore(store_url, organisation=name) for name in names]
    barrier = threading.Barrier(len(stores), timeout=30)
    outcomes: list[object] = [None] * len(stores)

    def write(i: int) -> None:
        barrier.wait()
        try:
            outcomes[i] = add(stores[i], [quarter_csv("2026-Q3", 70 + i)], CONTEXT).replaced
        except Exception as problem:
            outcomes[i] = f"{type(problem).__name__}: {problem}"

    threads = [threading.Thread(target=write, args=(i,), daemon=True) for i in range(len(stores))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == [[]] * len(stores)  # each added its own quarter; none replaced another
    assert stores[0].organisations() == sorted([DEFAULT_ORGANISATION, *names])
    for i, store in enumerate(stores):
        assert mfa_by_period(store) == {"2026-Q3": 70 + i}
        store.close()


def test_for_organisation_shares_the_engine_and_names_are_trimmed(store_url):
    local = HistoryStore(store_url)
    acme = local.for_organisation("  acme  ")
    assert acme.engine is local.engine and acme.url == local.url
    assert (local.organisation, acme.organisation) == (DEFAULT_ORGANISATION, "acme")
    add(acme, [quarter_csv("2026-Q3", 60)], ACME)
    same = HistoryStore(store_url, organisation="acme ")
    assert mfa_by_period(same) == {"2026-Q3": 60}
    assert local.for_organisation(DEFAULT_ORGANISATION).organisation == "local"
    same.close()
    local.close()


def test_reading_a_new_name_creates_nothing_and_the_first_write_creates_it(store_url):
    local = HistoryStore(store_url)
    assert local.organisations() == [DEFAULT_ORGANISATION]  # the migration made it
    ghost = local.for_organisation("Zeta")
    assert ghost.quarters() == [] and ghost.uploads() == [] and ghost.packs() == []
    assert ghost.observations().observations == [] and ghost.latest_context() is None
    assert ghost.audit_trail() == [] and ghost.active() == ()
    assert local.organisations() == [DEFAULT_ORGANISATION]
    ghost.save_context(ACME)
    local.for_organisation("beta").record("note", "first")
    assert local.organisations() == ["beta", DEFAULT_ORGANISATION, "Zeta"]
    local.close()


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("", "An organisation needs a name; an empty one cannot be used."),
        ("   ", "An organisation needs a name; an empty one cannot be used."),
        ("x" * 101, "An organisation name can be at most 100 characters; this one has 101."),
        ("acme\x00", "An organisation name cannot contain control characters."),
        ("ac\nme", "An organisation name cannot contain control characters."),
    ],
)
def test_a_name_that_cannot_be_used_is_one_sentence(tmp_path, name, sentence):
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    assert refused(lambda: HistoryStore(url, organisation=name)) == sentence
    assert not (tmp_path / "history.sqlite").exists()  # refused before anything was opened
    store = HistoryStore(url)
    assert refused(lambda: store.for_organisation(name)) == sentence
    store.close()


def test_the_longest_name_fits_in_the_database(store):
    longest = "é" * 99 + "✓"  # characters, not bytes, are counted
    store.for_organisation(longest).record("note", "the longest name fits")
    assert longest in store.organisations()
