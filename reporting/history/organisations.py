"""Organisations: whose history a store reads and writes, and who is making the changes.

Rules:
- Every upload, context version and published pack belongs to exactly one organisation
  (decision outcomes through their pack; observations, files and quarters through their
  upload). A store is opened for one organisation and every query it makes is scoped to
  it here, in the store layer: another organisation's upload or pack looked up by id is
  as missing as one that never existed.
- A name is trimmed; an empty one, one longer than `NAME_LIMIT` characters, or one with a
  control character is refused in one sentence. The organisation's row is created the first
  time something is written for it: reading a name never seen before finds an empty history
  and leaves no trace.
- The database always has `DEFAULT_ORGANISATION` (migration 0004 made it and gave it
  every row kept before organisations existed).
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import ScalarSelect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from reporting.history.errors import HistoryError, writing
from reporting.history.schema import ORGANISATION_NAME_LIMIT as NAME_LIMIT
from reporting.history.schema import Organisation

#: The organisation of a single-user install, and of everything stored before organisations.
DEFAULT_ORGANISATION = "local"
#: Who made a change, when the store was not told.
DEFAULT_ACTOR = "local user"


def organisation_name(name: str) -> str:
    """The name trimmed, or a HistoryError saying in one sentence why it cannot be used."""
    if not isinstance(name, str):
        raise HistoryError("An organisation name must be text.")
    trimmed = name.strip()
    if not trimmed:
        raise HistoryError("An organisation needs a name; an empty one cannot be used.")
    if len(trimmed) > NAME_LIMIT:
        raise HistoryError(
            f"An organisation name can be at most {NAME_LIMIT} characters; "
            f"this one has {len(trimmed)}."
        )
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in trimmed):
        raise HistoryError("An organisation name cannot contain control characters.")
    return trimmed


def actor_name(actor: str | None) -> str:
    """Who the audit trail names for a store's changes: the actor given, or 'local user'."""
    trimmed = actor.strip() if isinstance(actor, str) else ""
    return trimmed or DEFAULT_ACTOR


class Organisations:
    """The organisation part of `HistoryStore` (which gives it its sessions, its
    organisation's name and its actor)."""

    _sessions: sessionmaker[Session]
    _organisation: str
    _actor: str
    _organisation_key: int | None

    @property
    def organisation(self) -> str:
        """The name of the organisation this store reads and writes."""
        return self._organisation

    @property
    def actor(self) -> str:
        """Who the audit trail names for this store's changes."""
        return self._actor

    def organisations(self) -> list[str]:
        """Every organisation in the database, sorted by name."""
        with self._sessions() as session:
            names = session.scalars(select(Organisation.name)).all()
        return sorted(names, key=lambda n: (n.casefold(), n))

    def _scope(self) -> int | ScalarSelect[int]:
        """What a query compares an organisation_id with: the id once known, else a subquery
        finding it (which finds nothing for a name not in the database yet)."""
        if self._organisation_key is not None:
            return self._organisation_key
        return (
            select(Organisation.id).where(Organisation.name == self._organisation).scalar_subquery()
        )

    def _look_up_organisation(self, session: Session) -> int | None:
        key = session.scalar(select(Organisation.id).where(Organisation.name == self._organisation))
        if key is not None:
            self._organisation_key = key
        return key

    def _organisation_id(self) -> int:
        """The organisation's id for a write, creating its row the first time (in its own
        transaction, before the write's, so writers of a new name do not collide on it)."""
        if self._organisation_key is not None:
            return self._organisation_key
        with self._sessions() as session:
            if self._look_up_organisation(session) is not None:
                return self._organisation_key
        with writing(f"The organisation {self._organisation}"):
            try:
                with self._sessions.begin() as session:
                    session.add(Organisation(name=self._organisation))
            except IntegrityError:
                pass  # another writer created it at the same moment: found below
        with self._sessions() as session:
            key = self._look_up_organisation(session)
        if key is None:
            raise HistoryError(f"The organisation {self._organisation} could not be stored.")
        return key
