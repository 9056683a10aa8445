"""Writers of the same quarter at once: how they queue, and how a lost race is retried.

A database-level partial unique index keeps one upload in use per quarter of an
organisation even with two writers at once. On PostgreSQL, writers to the same quarter of
the same organisation also queue on an advisory lock (`queue_for`), and a write that still
loses a race (serialisation failure, deadlock, the index: `race`) is retried, after a short
pause, up to `WRITE_ATTEMPTS` times in all.
SQLite writers already queue: the store begins every transaction with BEGIN IMMEDIATE.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from reporting.history.text import storable

# A write that loses a race is tried again, this many times in all. Each loss is another
# writer's success, so this many writers of one quarter at once all get through.
WRITE_ATTEMPTS = 10
# The single-key PostgreSQL advisory lock that keeps two processes opening a fresh database
# from both creating its tables.
MIGRATION_LOCK = 724101
# Namespace of the PostgreSQL advisory locks that queue writers of the same quarter.
QUARTER_LOCKS = 724102


def queue_for(session: Session, periods: Sequence[str], organisation_id: int = 0) -> None:
    """On PostgreSQL, wait for other writers of these quarters of the organisation to finish
    first (writers of another organisation's quarters do not wait).

    Row locks alone do not queue them: a writer waiting on the row of the version in use
    wakes to find it replaced, sees no version in use (the new one was committed after
    its snapshot) and collides with it on the unique index. A transaction-level advisory
    lock per quarter, taken in a fixed order before reading, makes the next writer start
    reading only once the previous one has committed."""
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite writers already queue: BEGIN IMMEDIATE takes the write lock
    for period in sorted(set(periods)):
        session.execute(
            text("SELECT pg_advisory_xact_lock(:space, :key)"),
            {"space": QUARTER_LOCKS, "key": lock_key(period, organisation_id)},
        )


def lock_key(period: str, organisation_id: int = 0) -> int:
    """A stable 32-bit advisory lock key for a quarter of an organisation (Python's hash()
    is salted)."""
    digest = hashlib.sha256(f"{organisation_id}/{storable(period)}".encode()).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def race(problem: DBAPIError) -> str | None:
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


def pause(attempt: int) -> None:
    """A short, jittered, growing wait before trying a write again."""
    time.sleep(min(0.4, 0.02 * 2**attempt) * random.uniform(0.5, 1.5))
