"""Published board packs: the report the board saw and the deck presented, frozen when
published, listed newest first, and the last one before a quarter (what the next pack says
has changed since).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from reporting.history.errors import HistoryError, writing
from reporting.history.schema import Pack
from reporting.history.text import storable_tree
from reporting.report import BoardReport


@dataclass(frozen=True)
class PackEntry:
    id: int
    published: dt.datetime
    period: str
    title: str
    has_deck: bool


class PublishedPacks:
    """The pack part of `HistoryStore` (which gives it its sessions)."""

    _sessions: sessionmaker[Session]

    def publish(self, report: BoardReport, deck: bytes | None = None) -> int:
        """Freeze what the board is shown: the report and, when built, the deck."""
        with writing("The board pack"), self._sessions.begin() as session:
            pack = Pack(
                period=report.period,
                title=f"{report.organization}, {report.period_label}",
                report_json=_report_json(report),
                deck=deck,
            )
            session.add(pack)
            session.flush()
            return pack.id

    def packs(self) -> list[PackEntry]:
        with self._sessions() as session:
            rows = session.execute(
                select(
                    Pack.id, Pack.created_at, Pack.period, Pack.title, Pack.deck.is_not(None)
                ).order_by(Pack.id.desc())
            ).all()
            return [
                PackEntry(id=r[0], published=r[1], period=r[2], title=r[3], has_deck=bool(r[4]))
                for r in rows
            ]

    def pack(self, pack_id: int) -> tuple[BoardReport, bytes | None]:
        with self._sessions() as session:
            pack = session.get(Pack, pack_id)
            if pack is None:
                raise HistoryError(f"There is no published pack number {pack_id}.")
            return BoardReport.model_validate_json(pack.report_json), pack.deck

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
