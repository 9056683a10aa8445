"""Quarter history and published board packs, kept across restarts.

    store = HistoryStore()                       # SQLite in the data directory, or
    store = HistoryStore("postgresql+psycopg://...")   # BOARD_BRIEF_DATABASE_URL does the same
    store.add(files, context)                    # raises QuarterConflict before replacing
    store.add(files, context, replace=True)      # the replaced version is kept
    report = build_report(store.observations(), context)

Rules:
- Each upload (its files, their bytes and hash, its observations with their source cells)
  is written in one transaction: a crash midway leaves nothing half-written.
- Per quarter, exactly one upload is in use. Adding a quarter that is already there is
  refused unless `replace=True`; the replaced upload is kept and can be brought back
  (`rollback`). Deleting withdraws a quarter but keeps its data, so it can be restored too.
- A database-level partial unique index keeps one upload in use per quarter even with two
  writers at once; the loser is told in one sentence.
- The schema is managed by Alembic migrations, applied when a store is opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from reporting.context import BusinessContext, load_context
from reporting.history.schema import (
    ContextVersion,
    Pack,
    StoredObservation,
    Upload,
    UploadFile,
    UploadQuarter,
    now,
)
from reporting.ingest import InputFile, ingest
from reporting.observations import IngestResult, Notice, Observation, Source, UnmappedLabel
from reporting.report import BoardReport

DATABASE_URL_ENV = "BOARD_BRIEF_DATABASE_URL"
DATA_DIR_ENV = "BOARD_BRIEF_DATA_DIR"
MIGRATIONS = Path(__file__).with_name("migrations")
# Observation fields stored as columns of the same name (the source is stored flat).
_OBSERVATION_FIELDS = (
    "metric_id",
    "label",
    "period",
    "period_label",
    "business_unit",
    "value",
    "unit",
    "target",
    "owner",
    "note",
)


def data_dir() -> Path:
    """Where the SQLite history lives by default: $BOARD_BRIEF_DATA_DIR or ~/.board-brief."""
    return Path(os.environ.get(DATA_DIR_ENV) or Path.home() / ".board-brief")


def default_url() -> str:
    return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{data_dir() / 'history.sqlite'}"


class HistoryError(Exception):
    """A history operation that cannot be done; the message is one sentence for the user."""


class QuarterConflict(HistoryError):
    """The quarters are already in the history; ask before replacing them."""

    def __init__(self, quarters: dict[str, QuarterEntry]) -> None:
        self.quarters = quarters
        by_upload: dict[int, list[QuarterEntry]] = {}
        for entry in sorted(quarters.values(), key=lambda e: e.period):
            by_upload.setdefault(entry.upload_id, []).append(entry)
        listed = "; ".join(
            f"{_join([e.period for e in entries])} (from {', '.join(entries[0].files)}, "
            f"added {entries[0].added:%Y-%m-%d %H:%M})"
            for entries in by_upload.values()
        )
        super().__init__(
            f"Already in the history: {listed}. Replace them? The replaced version is kept "
            "and can be restored."
        )


@dataclass(frozen=True)
class QuarterEntry:
    period: str
    upload_id: int
    files: list[str]
    added: dt.datetime
    versions: int = 1


@dataclass(frozen=True)
class UploadEntry:
    id: int
    added: dt.datetime
    files: list[str]
    quarters: dict[str, str]  # period -> active | replaced | deleted


@dataclass(frozen=True)
class PackEntry:
    id: int
    published: dt.datetime
    period: str
    title: str
    has_deck: bool


@dataclass
class AddOutcome:
    upload_id: int
    added: list[str]
    replaced: list[str] = field(default_factory=list)
    result: IngestResult | None = None


class HistoryStore:
    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.engine = _engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._migrate()

    # -- schema ----------------------------------------------------------------------------

    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    # Two processes opening a fresh database must not both create tables.
                    connection.execute(text("SELECT pg_advisory_xact_lock(724101)"))
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except OperationalError as problem:
            raise HistoryError(
                f"The history database could not be opened ({_reason(problem)})."
            ) from None

    # -- uploads ---------------------------------------------------------------------------

    def add(
        self,
        files: Sequence[InputFile],
        context: BusinessContext | None = None,
        *,
        replace: bool = False,
    ) -> AddOutcome:
        """Ingest and store files as one upload, in one transaction."""
        result = ingest(
            files,
            fiscal_year_start_month=context.fiscal_start_month if context else None,
            mappings=context.mappings if context else None,
        )
        if not result.observations:
            raise HistoryError(
                "No usable metric values were found in these files; nothing was added."
            )
        periods = result.periods
        try:
            with self._sessions.begin() as session:
                current = self._active(session, periods, lock=True)
                if current and not replace:
                    raise QuarterConflict(
                        {p: self._entry(session, p, q) for p, q in current.items()}
                    )
                for quarter in current.values():
                    quarter.state, quarter.changed_at = "replaced", now()
                session.flush()
                upload = Upload(
                    context_version_id=self._context_id(session, context),
                    notes=json.dumps(
                        {
                            "warnings": [w.model_dump(mode="json") for w in result.warnings],
                            "unmapped": [u.model_dump(mode="json") for u in result.unmapped],
                        }
                    ),
                )
                session.add(upload)
                session.flush()
                session.add_all(
                    UploadFile(
                        upload_id=upload.id,
                        name=f.name,
                        size=len(f.data),
                        data=f.data,
                        sha256=hashlib.sha256(f.data).hexdigest(),
                    )
                    for f in files
                )
                session.add_all(
                    UploadQuarter(upload_id=upload.id, period=p, state="active") for p in periods
                )
                self._store_observations(session, upload.id, result.observations)
                upload_id = upload.id
        except IntegrityError as problem:
            if "one_active_upload_per_quarter" in str(problem.orig) or "upload_quarters" in str(
                problem.orig
            ):
                raise HistoryError(
                    f"Another upload for {', '.join(periods)} was saved at the same moment; "
                    "reload the history and try again."
                ) from None
            raise HistoryError(f"The upload could not be stored ({_reason(problem)}).") from None
        return AddOutcome(
            upload_id=upload_id, added=periods, replaced=sorted(current), result=result
        )

    def _store_observations(
        self, session: Session, upload_id: int, observations: list[Observation]
    ) -> None:
        rows = [
            {
                **{name: getattr(o, name) for name in _OBSERVATION_FIELDS},
                "upload_id": upload_id,
                "file": o.source.file,
                "sheet": o.source.sheet,
                "cell": o.source.cell,
            }
            for o in observations
        ]
        if rows:
            session.execute(insert(StoredObservation), rows)

    def _active(
        self, session: Session, periods: Sequence[str], *, lock: bool = False
    ) -> dict[str, UploadQuarter]:
        query = select(UploadQuarter).where(UploadQuarter.state == "active")
        if periods:
            query = query.where(UploadQuarter.period.in_(list(periods)))
        if lock:
            query = query.with_for_update()
        return {q.period: q for q in session.scalars(query)}

    def _entry(self, session: Session, period: str, quarter: UploadQuarter) -> QuarterEntry:
        upload = session.get(Upload, quarter.upload_id)
        versions = len(
            session.scalars(select(UploadQuarter).where(UploadQuarter.period == period)).all()
        )
        return QuarterEntry(
            period=period,
            upload_id=upload.id,
            files=[f.name for f in upload.files],
            added=upload.created_at,
            versions=versions,
        )

    def quarters(self) -> list[QuarterEntry]:
        """The quarters in use, oldest first, with the files they came from."""
        with self._sessions() as session:
            active = self._active(session, [])
            return [self._entry(session, p, q) for p, q in sorted(active.items())]

    def uploads(self) -> list[UploadEntry]:
        """Every upload ever accepted, newest first, with the state of each quarter."""
        with self._sessions() as session:
            out = []
            for upload in session.scalars(select(Upload).order_by(Upload.id.desc())):
                out.append(
                    UploadEntry(
                        id=upload.id,
                        added=upload.created_at,
                        files=[f.name for f in upload.files],
                        quarters={
                            q.period: q.state
                            for q in sorted(upload.quarters, key=lambda q: q.period)
                        },
                    )
                )
            return out

    def files(self, upload_id: int) -> list[InputFile]:
        with self._sessions() as session:
            upload = session.get(Upload, upload_id)
            if upload is None:
                raise HistoryError(f"There is no upload number {upload_id} in the history.")
            return [InputFile(f.name, f.data) for f in upload.files]

    def observations(self) -> IngestResult:
        """The observations in use (for each quarter, those of its active upload), with the
        warnings and unmapped labels of the uploads they come from."""
        with self._sessions() as session:
            rows = session.execute(
                select(StoredObservation)
                .join(
                    UploadQuarter,
                    (UploadQuarter.upload_id == StoredObservation.upload_id)
                    & (UploadQuarter.period == StoredObservation.period),
                )
                .where(UploadQuarter.state == "active")
                .order_by(StoredObservation.id)
            ).scalars()
            result = IngestResult(
                observations=[
                    Observation(
                        **{name: getattr(r, name) for name in _OBSERVATION_FIELDS},
                        source=Source(file=r.file, sheet=r.sheet, cell=r.cell),
                    )
                    for r in rows
                ]
            )
            in_use = select(UploadQuarter.upload_id).where(UploadQuarter.state == "active")
            for notes in session.scalars(
                select(Upload.notes).where(Upload.id.in_(in_use)).order_by(Upload.id)
            ):
                if notes:
                    kept = json.loads(notes)
                    result.warnings += [Notice.model_validate(w) for w in kept.get("warnings", [])]
                    result.unmapped += [
                        UnmappedLabel.model_validate(u) for u in kept.get("unmapped", [])
                    ]
            return result

    def delete(self, period: str) -> None:
        """Withdraw a quarter from use; its data stays and can be restored with rollback."""
        with self._sessions.begin() as session:
            current = self._active(session, [period], lock=True).get(period)
            if current is None:
                raise HistoryError(f"{period} is not in the history.")
            current.state, current.changed_at = "deleted", now()

    def rollback(self, period: str, upload_id: int) -> None:
        """Put an earlier (replaced or deleted) version of a quarter back in use."""
        try:
            with self._sessions.begin() as session:
                target = session.get(UploadQuarter, (upload_id, period))
                if target is None:
                    raise HistoryError(f"Upload {upload_id} holds no figures for {period}.")
                if target.state == "active":
                    return
                for current in self._active(session, [period], lock=True).values():
                    current.state, current.changed_at = "replaced", now()
                session.flush()
                target.state, target.changed_at = "active", now()
        except IntegrityError:
            raise HistoryError(
                f"{period} changed at the same moment; reload and try again."
            ) from None

    # -- context ---------------------------------------------------------------------------

    def _context_id(self, session: Session, context: BusinessContext | None) -> int | None:
        if context is None:
            return None
        yaml_text = context.to_yaml()
        latest = session.scalars(
            select(ContextVersion).order_by(ContextVersion.id.desc()).limit(1)
        ).first()
        if latest is not None and latest.yaml == yaml_text:
            return latest.id
        version = ContextVersion(yaml=yaml_text)
        session.add(version)
        session.flush()
        return version.id

    def save_context(self, context: BusinessContext) -> int:
        with self._sessions.begin() as session:
            return self._context_id(session, context)

    def latest_context(self) -> BusinessContext | None:
        with self._sessions() as session:
            latest = session.scalars(
                select(ContextVersion).order_by(ContextVersion.id.desc()).limit(1)
            ).first()
            return load_context(latest.yaml, source="stored context") if latest else None

    # -- published packs -------------------------------------------------------------------

    def publish(self, report: BoardReport, deck: bytes | None = None) -> int:
        """Freeze what the board is shown: the report and, when built, the deck."""
        with self._sessions.begin() as session:
            pack = Pack(
                period=report.period,
                title=f"{report.organization}, {report.period_label}",
                report_json=report.model_dump_json(),
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

    def close(self) -> None:
        self.engine.dispose()


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record) -> None:
            # Let SQLAlchemy issue BEGIN itself (below), and keep foreign keys honest.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection) -> None:
            # Take the write lock up front, so two writers queue instead of deadlocking.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except Exception as problem:  # a bad URL is a user mistake, not a crash
        raise HistoryError(
            f"The database address in {DATABASE_URL_ENV} cannot be used ({problem})."
        ) from None


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _reason(problem: Exception) -> str:
    text_ = str(getattr(problem, "orig", problem)).strip().splitlines()
    return text_[0] if text_ else type(problem).__name__


__all__ = [
    "AddOutcome",
    "HistoryError",
    "HistoryStore",
    "PackEntry",
    "QuarterConflict",
    "QuarterEntry",
    "UploadEntry",
    "data_dir",
    "default_url",
]
