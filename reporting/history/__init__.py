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
  writers at once. On PostgreSQL, writers to the same quarter also queue on an advisory
  lock, and a write that still loses a race (serialisation failure, deadlock, the index) is
  retried a few times; only if that keeps failing is the user told, in one sentence.
- The history holds confidential workbooks: the SQLite data directory is owner-only (0700)
  and the database file and its companions (-wal, -shm, -journal) are 0600, whatever the
  umask.
- Text the database cannot hold (NUL, which PostgreSQL refuses, and lone surrogates) is
  stored with U+FFFD in its place and a warning naming where it was; any other database
  refusal is one sentence, never a traceback or the row's data.
- The schema is managed by Alembic migrations, applied when a store is opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import random
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, insert, make_url, select, text
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    OperationalError,
    StatementError,
)
from sqlalchemy.orm import Session, sessionmaker

from reporting.context import BusinessContext, load_context
from reporting.history.schema import (
    REPLACEMENT,
    ContextVersion,
    Pack,
    StoredObservation,
    Upload,
    UploadFile,
    UploadQuarter,
    now,
    storable,
    unstorable,
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
# How the stored text fields of an observation are named in a warning.
_OBSERVATION_TEXTS = {
    "label": "label",
    "period_label": "quarter label",
    "business_unit": "business unit",
    "owner": "owner",
    "note": "note",
    "metric_id": "metric",
    "unit": "unit",
}
# Past this many places, the store's warnings about unstorable characters are summed up.
_MAX_CHARACTER_WARNINGS = 20
# A write that loses a race is tried again, this many times in all. Each loss is another
# writer's success, so this many writers of one quarter at once all get through.
_WRITE_ATTEMPTS = 10
# Namespace of the PostgreSQL advisory locks that queue writers of the same quarter (the
# migration lock is the single-key 724101).
_QUARTER_LOCKS = 724102
_OWNER_ONLY_DIR = 0o700
_OWNER_ONLY_FILE = 0o600
_SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
log = logging.getLogger(__name__)


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
        self._file = _private_sqlite_file(self.url)
        self.engine = _engine(self.url, self._file)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._migrate()
        if self._file is not None:
            _owner_only_companions(self._file)  # the migration was the first write

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
        """Ingest and store files as one upload, in one transaction.

        Text the database cannot hold is stored with U+FFFD in its place, and a warning
        saying where is added to the upload's warnings. A write that loses a race with
        another writer of the same quarters is retried from the start of its transaction."""
        result = ingest(
            files,
            fiscal_year_start_month=context.fiscal_start_month if context else None,
            mappings=context.mappings if context else None,
        )
        if not result.observations:
            raise HistoryError(
                "No usable metric values were found in these files; nothing was added."
            )
        files, result = _storable_upload(files, result)
        periods = result.periods
        for attempt in range(1, _WRITE_ATTEMPTS + 1):
            try:
                upload_id, replaced = self._write_upload(files, result, context, replace)
                break
            except DBAPIError as problem:
                race = _race(problem)
                if race and attempt < _WRITE_ATTEMPTS:
                    _pause(attempt)
                    continue
                if race == "taken":
                    raise HistoryError(
                        f"Another upload for {_join(periods)} was saved at the same moment; "
                        "reload the history and try again."
                    ) from None
                if race == "busy":
                    raise HistoryError(
                        f"The history was busy with other changes to {_join(periods)}; "
                        "nothing was added. Try again."
                    ) from None
                raise _not_stored("The upload", problem) from None
            except (StatementError, UnicodeError) as problem:
                raise _not_stored("The upload", problem) from None
        return AddOutcome(upload_id=upload_id, added=periods, replaced=replaced, result=result)

    def _write_upload(
        self,
        files: Sequence[InputFile],
        result: IngestResult,
        context: BusinessContext | None,
        replace: bool,
    ) -> tuple[int, list[str]]:
        """One attempt at storing an upload: its own transaction, all or nothing."""
        periods = result.periods
        with self._sessions.begin() as session:
            self._queue_for(session, periods)
            current = self._active(session, periods, lock=True)
            if current and not replace:
                raise QuarterConflict({p: self._entry(session, p, q) for p, q in current.items()})
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
            return upload.id, sorted(current)

    def _queue_for(self, session: Session, periods: Sequence[str]) -> None:
        """On PostgreSQL, wait for other writers of these quarters to finish first.

        Row locks alone do not queue them: a writer waiting on the row of the version in use
        wakes to find it replaced, sees no version in use (the new one was committed after
        its snapshot) and collides with it on the unique index. A transaction-level advisory
        lock per quarter, taken in a fixed order before reading, makes the next writer start
        reading only once the previous one has committed."""
        if self.engine.dialect.name != "postgresql":
            return  # SQLite writers already queue: BEGIN IMMEDIATE takes the write lock
        for period in sorted(set(periods)):
            session.execute(
                text("SELECT pg_advisory_xact_lock(:space, :key)"),
                {"space": _QUARTER_LOCKS, "key": _lock_key(period)},
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
        with _writing(f"The withdrawal of {storable(period)}"), self._sessions.begin() as session:
            self._queue_for(session, [period])
            current = self._active(session, [period], lock=True).get(period)
            if current is None:
                raise HistoryError(f"{storable(period)} is not in the history.")
            current.state, current.changed_at = "deleted", now()

    def rollback(self, period: str, upload_id: int) -> None:
        """Put an earlier (replaced or deleted) version of a quarter back in use."""
        with _writing(f"The restore of {storable(period)}"):
            try:
                with self._sessions.begin() as session:
                    self._queue_for(session, [period])
                    target = session.get(UploadQuarter, (upload_id, period))
                    if target is None:
                        raise HistoryError(
                            f"Upload {upload_id} holds no figures for {storable(period)}."
                        )
                    if target.state == "active":
                        return
                    for current in self._active(session, [period], lock=True).values():
                        current.state, current.changed_at = "replaced", now()
                    session.flush()
                    target.state, target.changed_at = "active", now()
            except IntegrityError:
                raise HistoryError(
                    f"{storable(period)} changed at the same moment; reload and try again."
                ) from None

    # -- context ---------------------------------------------------------------------------

    def _context_id(self, session: Session, context: BusinessContext | None) -> int | None:
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

    def save_context(self, context: BusinessContext) -> int:
        with _writing("The business context"), self._sessions.begin() as session:
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
        with _writing("The board pack"), self._sessions.begin() as session:
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

    def close(self) -> None:
        self.engine.dispose()


def _engine(url: str, file: Path | None = None) -> Engine:
    # hide_parameters: an error that does escape never prints the row it was writing.
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record) -> None:
            # Let SQLAlchemy issue BEGIN itself (below), and keep foreign keys honest.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()
            if file is not None:
                _owner_only_companions(file)

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection) -> None:
            # Take the write lock up front, so two writers queue instead of deadlocking.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    try:
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    except Exception as problem:  # a bad URL is a user mistake, not a crash
        raise HistoryError(
            f"The database address in {DATABASE_URL_ENV} cannot be used ({problem})."
        ) from None


# -- private files ---------------------------------------------------------------------------


def _private_sqlite_file(url: str) -> Path | None:
    """For a SQLite database in a file: make its directory owner-only and the file 0600
    before SQLite opens it, and return its path (None for other databases)."""
    if not url.startswith("sqlite"):
        return None
    try:
        database = make_url(url).database
    except ArgumentError:
        return None  # create_engine reports the bad address
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database)
    try:
        _private_directory(path.parent, path.name)
        _private_database(path)
    except OSError as problem:
        raise HistoryError(
            f"The history database could not be opened ({problem.strerror or problem})."
        ) from None
    return path


def _private_directory(directory: Path, database: str) -> None:
    """Create the directory 0700; tighten an existing one that is the store's own (the data
    directory, or one holding only this database) if group or others can get in."""
    if not directory.exists():
        directory.mkdir(parents=True, exist_ok=True, mode=_OWNER_ONLY_DIR)
        os.chmod(directory, _OWNER_ONLY_DIR)  # whatever the umask took away or let through
        return
    mode = stat.S_IMODE(directory.stat().st_mode)
    if mode & 0o077 and _store_owns(directory, database):
        os.chmod(directory, _OWNER_ONLY_DIR)
        log.info("The history data directory was open to other users; it is now owner-only.")


def _store_owns(directory: Path, database: str) -> bool:
    """Whether the directory is the history's to lock down: never a shared or sticky one (such
    as /tmp), the home directory, the root, or one another user owns; otherwise the data
    directory, or a directory holding nothing but this database and its companions."""
    info = directory.stat()
    if info.st_mode & stat.S_ISVTX:
        return False
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return False
    resolved = directory.resolve()
    if resolved == Path(resolved.anchor) or resolved == Path.home().resolve():
        return False
    if resolved == data_dir().resolve():
        return True
    ours = {database + suffix for suffix in ("", *_SQLITE_COMPANIONS)}
    return all(entry.name in ours for entry in directory.iterdir())


def _private_database(path: Path) -> None:
    """Create the database file 0600 before SQLite does (SQLite gives its -wal, -shm and
    -journal files the database's own permissions); tighten an existing one."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _OWNER_ONLY_FILE)
    except FileExistsError:
        _owner_only(path)
        return
    os.close(descriptor)
    os.chmod(path, _OWNER_ONLY_FILE)  # whatever the umask


def _owner_only_companions(path: Path) -> None:
    for suffix in _SQLITE_COMPANIONS:
        _owner_only(path.with_name(path.name + suffix))


def _owner_only(path: Path) -> None:
    """Take group and other permissions off a file of the store, if it has any."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except FileNotFoundError:
        pass  # a companion that does not exist (yet), or was just checkpointed away
    except OSError:
        log.warning("A history database file could not be made private to its owner.")


# -- text and write errors -------------------------------------------------------------------


class _Storable:
    """Replaces the characters a database cannot hold, noting where each was found."""

    def __init__(self) -> None:
        self.found: dict[Source, dict[str, bool]] = {}  # place -> what held one: was it NUL

    def text(self, value: str | None, what: str, where: Source) -> str | None:
        if value is None or not unstorable(value):
            return value
        self.found.setdefault(where, {})
        self.found[where][what] = self.found[where].get(what, False) or "\x00" in value
        return storable(value)

    def source(self, source: Source | None) -> Source | None:
        if source is None or not any(
            unstorable(part) for part in (source.file, source.sheet, source.cell) if part
        ):
            return source
        # Each place is named as it is stored: readable, with U+FFFD in it.
        file, sheet, cell = (
            storable(p) if p else p for p in (source.file, source.sheet, source.cell)
        )
        self.text(source.file, "file name", Source(file=file))
        self.text(source.sheet, "sheet name", Source(file=file, sheet=sheet))
        self.text(source.cell, "cell reference", Source(file=file, sheet=sheet, cell=cell))
        return Source(file=file, sheet=sheet, cell=cell)

    def model(self, item, fields: dict[str, str]):
        source = self.source(item.source)
        update = {
            name: self.text(getattr(item, name), what, source or Source(file=""))
            for name, what in fields.items()
            if isinstance(getattr(item, name), str) and unstorable(getattr(item, name))
        }
        if source is not item.source:
            update["source"] = source
        return item.model_copy(update=update) if update else item

    def notices(self) -> list[Notice]:
        notices = []
        for where, held in list(self.found.items())[:_MAX_CHARACTER_WARNINGS]:
            what = _join(list(held))
            character = (
                "a NUL character (code 0)"
                if any(held.values())
                else "a character that is not valid Unicode"
            )
            notices.append(
                Notice(
                    kind="value",
                    source=where if where.file else None,
                    message=(
                        f"The {what} held {character}, which the history cannot store; "
                        f"it is stored with {REPLACEMENT} in its place."
                    ),
                )
            )
        if len(self.found) > _MAX_CHARACTER_WARNINGS:
            notices.append(
                Notice(
                    kind="value",
                    message=(
                        f"{len(self.found) - _MAX_CHARACTER_WARNINGS} more places held "
                        "characters the history cannot store; they are stored with "
                        f"{REPLACEMENT} in their place."
                    ),
                )
            )
        return notices


def _storable_upload(
    files: Sequence[InputFile], result: IngestResult
) -> tuple[list[InputFile], IngestResult]:
    """The upload as the database can hold it: NUL (which PostgreSQL refuses) and lone
    surrogates replaced by U+FFFD in every text stored, plus a warning for each place one
    was found. Nothing else changes; the files' bytes are stored as they came."""
    cleaner = _Storable()
    stored_files = [
        InputFile(cleaner.text(f.name, "file name", Source(file=storable(f.name))), f.data)
        if unstorable(f.name)
        else f
        for f in files
    ]
    observations = [cleaner.model(o, _OBSERVATION_TEXTS) for o in result.observations]
    unmapped = [
        cleaner.model(u, {"label": "label", "suggestion": "suggested metric"})
        for u in result.unmapped
    ]
    warnings = [cleaner.model(w, {"message": "warning text"}) for w in result.warnings]
    if not cleaner.found:
        return list(files), result
    return stored_files, result.model_copy(
        update={
            "observations": observations,
            "unmapped": unmapped,
            "warnings": warnings + cleaner.notices(),
        }
    )


def _report_json(report: BoardReport) -> str:
    try:
        return report.model_dump_json()
    except ValueError:  # a lone surrogate cannot be written as JSON; store U+FFFD instead
        return json.dumps(_storable_tree(report.model_dump(mode="json")))


def _storable_tree(value):
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {_storable_tree(k): _storable_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable_tree(v) for v in value]
    return value


def _lock_key(period: str) -> int:
    """A stable 32-bit advisory lock key for a quarter (Python's hash() is salted)."""
    digest = hashlib.sha256(storable(period).encode()).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def _race(problem: DBAPIError) -> str | None:
    """'busy' for a serialisation failure or deadlock, 'taken' when another writer put its
    version of a quarter in use first; None when the write failed for another reason."""
    original = problem.orig
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if code in ("40001", "40P01"):
        return "busy"
    if isinstance(problem, IntegrityError):
        diagnosis = getattr(original, "diag", None)
        constraint = getattr(diagnosis, "constraint_name", None) or str(original)
        if "one_active_upload_per_quarter" in constraint or "upload_quarters.period" in constraint:
            return "taken"
    return None


def _pause(attempt: int) -> None:
    """A short, jittered, growing wait before trying a write again."""
    time.sleep(min(0.4, 0.02 * 2**attempt) * random.uniform(0.5, 1.5))


@contextmanager
def _writing(what: str) -> Iterator[None]:
    """Any database refusal of a write becomes one sentence, never a traceback."""
    try:
        yield
    except (StatementError, UnicodeError) as problem:
        raise _not_stored(what, problem) from None


def _not_stored(what: str, problem: Exception) -> HistoryError:
    return HistoryError(f"{what} could not be stored ({_write_reason(problem)}).")


def _write_reason(problem: Exception) -> str:
    """The database's reason in a few words, without the values it may quote: the first
    line of its message, up to the first colon (after which drivers name values or keys)."""
    original = getattr(problem, "orig", None) or problem
    if isinstance(original, UnicodeError):
        return "a character the database cannot store"
    lines = str(original).strip().splitlines()
    reason = lines[0].split(":", 1)[0].strip() if lines else ""
    return (reason or type(original).__name__)[:160]


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
