"""Published board packs, per organisation: the report the board saw and the deck
presented, frozen when published, listed newest first, the last one before a quarter (what
the next pack says has changed since), and what the board decided on each decision.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from reporting.board.words import report_quarter
from reporting.history.audit import PUBLISHED, RECORDED_DECISION, AuditTrail
from reporting.history.errors import HistoryError, writing
from reporting.history.schema import DecisionOutcome, Pack
from reporting.history.text import storable_tree
from reporting.report import BoardReport

#: What the board can decide on a decision: fund the recommendation, accept the risk,
#: come back to it later, or see it done.
OUTCOMES = ("approved", "accepted", "deferred", "done")


@dataclass(frozen=True)
class PackEntry:
    id: int
    published: dt.datetime
    period: str
    title: str
    has_deck: bool


class PublishedPacks(AuditTrail):
    """The pack part of `HistoryStore` (which gives it its sessions)."""

    def publish(self, report: BoardReport, deck: bytes | None = None) -> int:
        """Freeze what the board is shown: the report and, when built, the deck."""
        organisation_id = self._organisation_id()
        with writing("The board pack"), self._sessions.begin() as session:
            pack = Pack(
                organisation_id=organisation_id,
                period=report.period,
                title=f"{report.organization}, {report_quarter(report)}",
                report_json=_report_json(report),
                deck=deck,
            )
            session.add(pack)
            session.flush()
            self._audit(session, organisation_id, PUBLISHED, pack.title)
            return pack.id

    def _pack(self, session: Session, pack_id: int) -> Pack:
        """One of this organisation's packs; another's is as missing as one never published."""
        pack = session.scalar(
            select(Pack).where(Pack.id == pack_id, Pack.organisation_id == self._scope())
        )
        if pack is None:
            raise HistoryError(f"There is no published pack number {pack_id}.")
        return pack

    def packs(self) -> list[PackEntry]:
        with self._sessions() as session:
            rows = session.execute(
                select(Pack.id, Pack.created_at, Pack.period, Pack.title, Pack.deck.is_not(None))
                .where(Pack.organisation_id == self._scope())
                .order_by(Pack.id.desc())
            ).all()
            return [
                PackEntry(id=r[0], published=r[1], period=r[2], title=r[3], has_deck=bool(r[4]))
                for r in rows
            ]

    def pack(self, pack_id: int) -> tuple[BoardReport, bytes | None]:
        with self._sessions() as session:
            pack = self._pack(session, pack_id)
            return BoardReport.model_validate_json(pack.report_json), pack.deck

    def record_outcome(
        self, pack_id: int, risk_id: str, status: str, note: str | None = None
    ) -> None:
        """What the board decided on a decision of a published pack (the last word counts)."""
        if status not in OUTCOMES:
            raise HistoryError(f"'{status}' is not an outcome; use one of {', '.join(OUTCOMES)}.")
        organisation_id = self._organisation_id()
        with writing("The board's decision"), self._sessions.begin() as session:
            self._pack(session, pack_id)
            row = session.get(DecisionOutcome, (pack_id, risk_id))
            if row is None:
                session.add(
                    DecisionOutcome(pack_id=pack_id, risk_id=risk_id, status=status, note=note)
                )
            else:
                row.status, row.note, row.recorded_at = status, note, dt.datetime.now(dt.UTC)
            self._audit(
                session, organisation_id, RECORDED_DECISION, f"{risk_id}: {status} (pack {pack_id})"
            )

    def outcomes(self, pack_id: int) -> dict[str, tuple[str, str | None, dt.datetime]]:
        """Risk id -> (status, note, when recorded) for a published pack's decisions."""
        with self._sessions() as session:
            rows = session.execute(
                select(DecisionOutcome)
                .join(Pack, Pack.id == DecisionOutcome.pack_id)
                .where(DecisionOutcome.pack_id == pack_id, Pack.organisation_id == self._scope())
            ).scalars()
            return {r.risk_id: (r.status, r.note, r.recorded_at) for r in rows}

    def last_published(self, before: str | None = None) -> tuple[PackEntry, BoardReport] | None:
        """The latest pack published for a quarter before `before` (or any quarter)."""
        for entry in self.packs():
            if before is None or entry.period < before:
                return entry, self.pack(entry.id)[0]
        return None


def _report_json(report: BoardReport) -> str:
    try:
        return report.model_dump_json()
    except ValueError:  # a lone surrogate cannot be written as JSON; store U+FFFD instead
        return json.dumps(storable_tree(report.model_dump(mode="json")))
