"""The audit trail: who changed an organisation's history, when, and what.

Rules:
- Every write of the store records exactly one event, in the same transaction as the
  change (so there is never a change without its event, nor an event without its change).
  A write that changes nothing (a context saved unchanged, a quarter restored to the version
  already in use) records nothing.
- Actions are a few plain words an auditor reads in a table: "uploaded", "replaced" (an
  upload that replaced quarters in use), "withdrew", "restored", "changed the context",
  "published", "recorded a decision", and whatever the app records itself with `record`
  ("confirmed a mapping", "changed the members").
- The actor is the store's (`HistoryStore(actor=...)`), or "local user".
- Text is the user's: it is stored as the other text columns are (NUL and lone surrogates
  as U+FFFD), and read back as stored.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from reporting.history.errors import HistoryError, writing
from reporting.history.organisations import Organisations
from reporting.history.schema import AUDIT_ACTION_LIMIT, StoredAuditEvent

UPLOADED = "uploaded"
REPLACED = "replaced"
WITHDREW = "withdrew"
RESTORED = "restored"
CHANGED_CONTEXT = "changed the context"
PUBLISHED = "published"
RECORDED_DECISION = "recorded a decision"


class AuditEvent(BaseModel):
    """One entry of the audit trail: when (UTC), who, what, and the particulars."""

    model_config = ConfigDict(frozen=True)

    at: dt.datetime
    actor: str
    action: str
    detail: str


class AuditTrail(Organisations):
    """The audit part of `HistoryStore`; the parts that write build on it."""

    def _audit(self, session: Session, organisation_id: int, action: str, detail: str) -> None:
        """Add the event for a change to the session making it (one transaction)."""
        session.add(
            StoredAuditEvent(
                organisation_id=organisation_id, actor=self._actor, action=action, detail=detail
            )
        )

    def record(self, action: str, detail: str) -> None:
        """Record something the app did outside the store ("confirmed a mapping", "changed
        the members") in this organisation's audit trail."""
        if not isinstance(action, str) or not action.strip():
            raise HistoryError("An audit event needs an action, in a few words.")
        action = action.strip()
        if len(action) > AUDIT_ACTION_LIMIT:
            raise HistoryError(
                f"An audit action can be at most {AUDIT_ACTION_LIMIT} characters; "
                f"this one has {len(action)}."
            )
        if not isinstance(detail, str):
            raise HistoryError("An audit event's detail must be text.")
        organisation_id = self._organisation_id()
        with writing("The audit event"), self._sessions.begin() as session:
            self._audit(session, organisation_id, action, detail)

    def audit_trail(self, limit: int | None = None) -> list[AuditEvent]:
        """This organisation's audit trail, newest first (the latest `limit` events)."""
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            raise HistoryError("The number of audit events to show must be a whole number.")
        if limit is not None and limit < 0:
            raise HistoryError("The number of audit events to show cannot be negative.")
        query = (
            select(StoredAuditEvent)
            .where(StoredAuditEvent.organisation_id == self._scope())
            .order_by(StoredAuditEvent.id.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        with self._sessions() as session:
            return [
                AuditEvent(at=_utc(e.at), actor=e.actor, action=e.action, detail=e.detail)
                for e in session.scalars(query)
            ]


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back the UTC time it was given without its zone; PostgreSQL, in the
    session's zone."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)
