"""Versions of the business context: each upload records the context it was read with, a
context saved unchanged reuses the latest version, and the latest one is what a restart
(or `board-brief build --from-history`) starts from.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from reporting.context import BusinessContext, load_context
from reporting.history.errors import writing
from reporting.history.schema import ContextVersion
from reporting.history.text import storable


def context_version_id(session: Session, context: BusinessContext | None) -> int | None:
    """The id of the stored version of `context`, adding one unless it is the latest."""
    if context is None:
        return None
    yaml_text = storable(context.to_yaml())
    latest = session.scalars(
        select(ContextVersion).order_by(ContextVersion.id.desc()).limit(1)
    ).first()
    if latest is not None and latest.yaml == yaml_text:
        return latest.id
    version = ContextVersion(yaml=yaml_text)
    session.add(version)
    session.flush()
    return version.id


class ContextVersions:
    """The context part of `HistoryStore` (which gives it its sessions)."""

    _sessions: sessionmaker[Session]

    def save_context(self, context: BusinessContext) -> int:
        with writing("The business context"), self._sessions.begin() as session:
            return context_version_id(session, context)

    def latest_context(self) -> BusinessContext | None:
        with self._sessions() as session:
            latest = session.scalars(
                select(ContextVersion).order_by(ContextVersion.id.desc()).limit(1)
            ).first()
            return load_context(latest.yaml, source="stored context") if latest else None
