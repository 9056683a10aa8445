"""Quarter history and published board packs, kept across restarts.

    store = HistoryStore()                       # SQLite in the data directory, or
    store = HistoryStore("postgresql+psycopg://...")   # BOARD_BRIEF_DATABASE_URL does the same
    store = HistoryStore(organisation="acme", actor="alice")  # one organisation's history
    result = ingest(files, fiscal_year_start_month=..., mappings=...)  # as the caller shows it
    store.add(files, result, context)            # raises QuarterConflict before replacing
    store.add(files, result, context, replace=True)   # the replaced version is kept
    report = build_report(store.observations(), context)
    store.audit_trail()                          # who changed what, newest first

Where each rule lives:
- `store`: opening the database (SQLite in the data directory, or a URL), its Alembic
  migrations, and the owner-only data directory and database files.
- `organisations`: whose history a store reads and writes; every query is scoped to it.
- `audit`: the audit trail, one event per write, in the write's transaction.
- `uploads`: each upload (its files' bytes and hash, the ingest result it is handed) in one
  transaction; one upload in use per quarter of an organisation; replace, withdraw, restore.
- `races`: writers of the same quarter at once (advisory locks, retries).
- `contexts`: versions of the business context. `packs`: published board packs.
- `text`: text a database cannot hold (NUL, lone surrogates), stored as U+FFFD with a
  warning saying where.
- `errors`: `HistoryError` and `QuarterConflict`, one sentence each, never a traceback.
- `schema`: the tables.
"""

from reporting.history.audit import AuditEvent
from reporting.history.errors import HistoryError, QuarterConflict
from reporting.history.organisations import DEFAULT_ORGANISATION
from reporting.history.packs import PackEntry
from reporting.history.store import (
    DATA_DIR_ENV,
    DATABASE_URL_ENV,
    MIGRATIONS,
    HistoryStore,
    data_dir,
    default_url,
)
from reporting.history.uploads import AddOutcome, QuarterEntry, UploadEntry, UploadReading

__all__ = [
    "DATABASE_URL_ENV",
    "DATA_DIR_ENV",
    "DEFAULT_ORGANISATION",
    "MIGRATIONS",
    "AddOutcome",
    "AuditEvent",
    "HistoryError",
    "HistoryStore",
    "PackEntry",
    "QuarterConflict",
    "QuarterEntry",
    "UploadEntry",
    "UploadReading",
    "data_dir",
    "default_url",
]
