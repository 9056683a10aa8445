"""`HistoryStore`: opening the history database, with its engine, sessions and schema
migrations, for one organisation and one actor, and keeping the files of a SQLite history
private.

- The database is $BOARD_BRIEF_DATABASE_URL, or SQLite in the data directory
  ($BOARD_BRIEF_DATA_DIR, else ~/.board-brief). The schema is managed by Alembic
  migrations, applied when a store is opened (on SQLite with foreign keys off while they
  run, as rebuilding a table would otherwise delete the rows referring to it, and checked
  before they are committed).
- One database holds the histories of several organisations. A store reads and writes one
  (`DEFAULT_ORGANISATION`, "local", unless told), and the scoping lives here, in the store
  layer: every query of `uploads`, `contexts`, `packs` and `audit` filters on it, so
  another organisation's upload or pack is as missing as one that never existed.
  `for_organisation` gives a store for another one on the same engine.
- Every write records one event in the organisation's audit trail, in the same
  transaction, naming the store's actor ("local user" unless told); see `audit`.
- The history holds confidential workbooks: the SQLite data directory is owner-only (0700)
  and the database file and its companions (-wal, -shm, -journal) are 0600, whatever the
  umask.
- What a store does with its data is in `uploads`, `contexts`, `packs`, `audit` and
  `organisations`.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import sessionmaker

from reporting.history.contexts import ContextVersions
from reporting.history.errors import HistoryError, open_reason
from reporting.history.organisations import DEFAULT_ORGANISATION, actor_name, organisation_name
from reporting.history.packs import PublishedPacks
from reporting.history.races import MIGRATION_LOCK
from reporting.history.uploads import Uploads

DATABASE_URL_ENV = "BOARD_BRIEF_DATABASE_URL"
DATA_DIR_ENV = "BOARD_BRIEF_DATA_DIR"
MIGRATIONS = Path(__file__).with_name("migrations")
_OWNER_ONLY_DIR = 0o700
_OWNER_ONLY_FILE = 0o600
_SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
log = logging.getLogger(__name__)


def data_dir() -> Path:
    """Where the SQLite history lives by default: $BOARD_BRIEF_DATA_DIR or ~/.board-brief."""
    return Path(os.environ.get(DATA_DIR_ENV) or Path.home() / ".board-brief")


def default_url() -> str:
    return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{data_dir() / 'history.sqlite'}"


class HistoryStore(Uploads, ContextVersions, PublishedPacks):
    """The history of one organisation, changed by one actor."""

    def __init__(
        self,
        url: str | None = None,
        organisation: str = DEFAULT_ORGANISATION,
        actor: str | None = None,
    ) -> None:
        self._organisation = organisation_name(organisation)  # before anything is opened
        self._actor = actor_name(actor)
        self._organisation_key = None
        self.url = url or default_url()
        self._file = _private_sqlite_file(self.url)
        self.engine = _engine(self.url, self._file)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._migrate()
        if self._file is not None:
            _owner_only_companions(self._file)  # the migration was the first write

    def for_organisation(self, name: str, actor: str | None = None) -> HistoryStore:
        """A store for another organisation's history on the same database and engine
        (nothing is opened or migrated again; closing either closes the engine's idle
        connections, and both stay usable)."""
        other = object.__new__(type(self))
        other._organisation = organisation_name(name)
        other._actor = actor_name(actor)
        other._organisation_key = None
        other.url, other._file = self.url, self._file
        other.engine, other._sessions = self.engine, self._sessions
        return other

    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        try:
            with (
                self.engine.connect() as connection,
                _foreign_keys_off(connection),
                connection.begin(),
            ):
                if connection.dialect.name == "postgresql":
                    # Two processes opening a fresh database must not both create tables.
                    connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                _check_foreign_keys(connection)
        except OperationalError as problem:
            raise HistoryError(
                f"The history database could not be opened ({open_reason(problem)})."
            ) from None

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    """On SQLite, foreign keys off while the migrations run: Alembic's batch mode rebuilds a
    table by copying it and dropping the original, and with foreign keys on, dropping
    `uploads` or `packs` would delete every row referring to them. (SQLite ignores the
    pragma inside a transaction, so it is set on the driver's connection before one.)"""
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.dbapi_connection
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    """On SQLite, refuse to commit migrations that left a row referring to nothing."""
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
        if broken is not None:
            raise HistoryError(
                "The history database could not be brought up to date (a row of "
                f"{broken[0]} refers to a missing row of {broken[2]}); nothing was changed."
            )


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
