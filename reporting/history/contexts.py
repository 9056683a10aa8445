"""Versions of the business context, per organisation: each upload records the context it
was read with, a context saved unchanged reuses the organisation's latest version, and the
latest one is what a restart (or `board-brief build --from-history`) starts from.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reporting.context import BusinessContext, load_context
from reporting.history.audit import CHANGED_CONTEXT, AuditTrail
from reporting.history.errors import writing
from reporting.history.schema import ContextVersion
from reporting.history.text import storable


def context_version_id(
    session: Session, context: BusinessContext | None, organisation_id: int
) -> tuple[int | None, bool]:
    """The id of the organisation's stored version of `context`, adding one unless it is
    its latest; and whether one was added."""
    if context is None:
        return None, False
    yaml_text = storable(context.to_yaml())
    latest = session.scalars(
        select(ContextVersion)
        .where(ContextVersion.organisation_id == organisation_id)
        .order_by(ContextVersion.id.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.yaml == yaml_text:
        return latest.id, False
    version = ContextVersion(organisation_id=organisation_id, yaml=yaml_text)
    session.add(version)
    session.flush()
    return version.id, True


def version_label(session: Session, version_id: int) -> str:
    """'version 3': the how-manieth of its organisation's context versions this one is."""
    version = session.get(ContextVersion, version_id)
    number = session.scalar(
        select(func.count())
        .select_from(ContextVersion)
        .where(
            ContextVersion.organisation_id == version.organisation_id,
            ContextVersion.id <= version_id,
        )
    )
    return f"version {number}"


class ContextVersions(AuditTrail):
    """The context part of `HistoryStore` (which gives it its sessions)."""

    def save_context(self, context: BusinessContext) -> int:
        """Keep the context as the organisation's latest version (unchanged: the same one)."""
        organisation_id = self._organisation_id()
        with writing("The business context"), self._sessions.begin() as session:
            version, added = context_version_id(session, context, organisation_id)
            if added:
                self._audit(
                    session, organisation_id, CHANGED_CONTEXT, version_label(session, version)
                )
            return version

    def latest_context(self) -> BusinessContext | None:
        with self._sessions() as session:
            latest = session.scalars(
                select(ContextVersion)
                .where(ContextVersion.organisation_id == self._scope())
                .order_by(ContextVersion.id.desc())
                .limit(1)
            ).first()
            return load_context(latest.yaml, source="stored context") if latest else None
