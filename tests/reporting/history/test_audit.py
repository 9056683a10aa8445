"""The audit trail on SQLite and PostgreSQL: every write leaves exactly one event, in its own
transaction, with the store's actor and a plain action; newest first; scoped to the
organisation; a write that fails or changes nothing leaves none."""

from __future__ import annotations

import datetime as dt

import pytest

from reporting.context import load_context
from reporting.history import AuditEvent, HistoryError, HistoryStore, QuarterConflict
from reporting.translate import build_report
from tests.reporting.history.helpers import (
    CONTEXT,
    FFFD,
    add,
    mfa_by_period,
    nul_upload,
    quarter_csv,
)


@pytest.fixture
def alice(store_url):
    store = HistoryStore(store_url, organisation="acme", actor="alice")
    yield store
    store.close()


def test_every_write_leaves_exactly_one_event_with_its_actor_and_action(alice):
    seen: list[tuple[str, str]] = []

    def one_event(write) -> AuditEvent:
        before = alice.audit_trail()
        started = dt.datetime.now(dt.UTC)
        write()
        after = alice.audit_trail()
        assert len(after) == len(before) + 1 and after[1:] == before
        event = after[0]
        assert event.actor == "alice"
        assert event.at.tzinfo is not None and event.at.utcoffset() == dt.timedelta(0)
        assert started - dt.timedelta(seconds=5) <= event.at <= dt.datetime.now(dt.UTC)
        seen.append((event.action, event.detail))
        return event

    first = None

    def upload() -> None:
        nonlocal first
        first = add(alice, [quarter_csv("2026-Q2", 91), quarter_csv("2026-Q3", 95)], CONTEXT)

    one_event(upload)
    one_event(lambda: add(alice, [quarter_csv("2026-Q3", 97, "fixed.csv")], CONTEXT, replace=True))
    one_event(lambda: alice.delete("2026-Q2"))
    one_event(lambda: alice.rollback("2026-Q2", first.upload_id))
    one_event(lambda: alice.save_context(load_context(b"organization:\n  name: Acme Ltd\n")))
    report = build_report(alice.observations(), CONTEXT, trials=200)
    pack_id = None

    def publish() -> None:
        nonlocal pack_id
        pack_id = alice.publish(report)

    one_event(publish)
    risk = report.summary.decisions[0].risk_id
    one_event(lambda: alice.record_outcome(pack_id, risk, "approved", "Funded"))
    one_event(lambda: alice.record("mapping confirmed", "'Phish-prone %' means phishing"))

    assert seen == [
        (
            "uploaded",
            "2026-Q2 and 2026-Q3 from kpis_2026-Q2.csv, kpis_2026-Q3.csv; "
            "read with context version 1",
        ),
        ("replaced", "2026-Q3 from fixed.csv; replaced 2026-Q3"),
        ("withdrew", f"2026-Q2 (upload {first.upload_id})"),
        ("restored", f"2026-Q2 from upload {first.upload_id}"),
        ("changed the context", "version 2"),
        ("published", "Harbour Retail Group, 2026-Q3"),
        ("recorded a decision", f"{risk}: approved (pack {pack_id})"),
        ("mapping confirmed", "'Phish-prone %' means phishing"),
    ]
    trail = alice.audit_trail()
    assert [e.action for e in trail] == [action for action, _ in reversed(seen)]  # newest first
    assert [e.at for e in trail] == sorted((e.at for e in trail), reverse=True)
    assert alice.audit_trail(limit=2) == trail[:2]
    assert alice.audit_trail(limit=0) == []


def test_a_write_that_fails_or_changes_nothing_leaves_no_event(alice):
    first = add(alice, [quarter_csv("2026-Q3", 95)], CONTEXT)
    alice.save_context(CONTEXT)  # the upload stored this context already: unchanged
    alice.rollback("2026-Q3", first.upload_id)  # already the version in use
    with pytest.raises(QuarterConflict):
        add(alice, [quarter_csv("2026-Q3", 97)], CONTEXT)
    with pytest.raises(HistoryError):
        alice.delete("2025-Q1")
    with pytest.raises(HistoryError):
        alice.rollback("2026-Q3", first.upload_id + 50)
    with pytest.raises(HistoryError):
        alice.record_outcome(99, "ransomware", "approved")
    with pytest.raises(HistoryError):
        alice.record_outcome(99, "ransomware", "maybe")
    files, handed = nul_upload()
    broken = handed.observations[0].model_copy(update={"value": None})
    with pytest.raises(HistoryError, match="could not be stored"):
        alice.add(
            files, handed.model_copy(update={"observations": [broken]}), CONTEXT, replace=True
        )
    assert [e.action for e in alice.audit_trail()] == ["uploaded"]
    assert mfa_by_period(alice) == {"2026-Q3": 95}


def test_the_event_is_written_in_the_same_transaction_as_the_change(alice, monkeypatch):
    def failing_audit(self, session, organisation_id, action, detail):
        session.flush()  # the change itself is already written, in this transaction
        raise HistoryError("The audit event could not be stored.")

    monkeypatch.setattr(HistoryStore, "_audit", failing_audit)
    with pytest.raises(HistoryError, match="audit event"):
        add(alice, [quarter_csv("2026-Q3", 95)], CONTEXT)
    with pytest.raises(HistoryError, match="audit event"):
        alice.save_context(CONTEXT)
    monkeypatch.undo()
    assert alice.uploads() == [] and alice.quarters() == []  # no change without its event
    assert alice.latest_context() is None
    assert alice.audit_trail() == []


def test_the_trail_is_the_organisations_own_and_the_actor_defaults_to_local_user(alice):
    local = alice.for_organisation("local")  # no actor given
    add(local, [quarter_csv("2026-Q3", 95)], CONTEXT)
    add(alice, [quarter_csv("2026-Q3", 60)], CONTEXT)
    alice.record("member role changed", "bob is now a viewer")
    assert [(e.actor, e.action) for e in local.audit_trail()] == [("local user", "uploaded")]
    assert [(e.actor, e.action) for e in alice.audit_trail()] == [
        ("alice", "member role changed"),
        ("alice", "uploaded"),
    ]
    bob = alice.for_organisation("acme", actor="  bob ")
    bob.delete("2026-Q3")
    assert [(e.actor, e.action) for e in alice.audit_trail(limit=1)] == [("bob", "withdrew")]
    assert alice.for_organisation("acme", actor="   ").actor == "local user"


def test_record_checks_its_action_and_stores_any_text(alice):
    for action in ("", "   "):
        with pytest.raises(
            HistoryError, match=r"^An audit event needs an action, in a few words\.$"
        ):
            alice.record(action, "detail")
    with pytest.raises(HistoryError, match="at most 80 characters; this one has 81"):
        alice.record("x" * 81, "detail")
    assert alice.audit_trail() == []
    alice.record("  mapping confirmed ", "")
    odd = alice.for_organisation("acme", actor="eve\x00\udcff")
    odd.record("note\x00d", "a NUL\x00 and a lone \udcff surrogate")
    trail = alice.audit_trail()
    assert (trail[1].action, trail[1].detail) == ("mapping confirmed", "")
    assert (trail[0].actor, trail[0].action, trail[0].detail) == (
        f"eve{FFFD}{FFFD}",
        f"note{FFFD}d",
        f"a NUL{FFFD} and a lone {FFFD} surrogate",
    )
    with pytest.raises(HistoryError, match="cannot be negative"):
        alice.audit_trail(limit=-1)
