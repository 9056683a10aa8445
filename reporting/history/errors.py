"""What the history store tells its user when something cannot be done: `HistoryError` and
`QuarterConflict`, each one sentence, and how a database refusal becomes such a sentence
(the database's reason in a few words, never a traceback or the row's data).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy.exc import StatementError

if TYPE_CHECKING:
    from reporting.history.uploads import QuarterEntry


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
            f"{join([e.period for e in entries])} (from {', '.join(entries[0].files)}, "
            f"added {entries[0].added:%Y-%m-%d %H:%M})"
            for entries in by_upload.values()
        )
        super().__init__(
            f"Already in the history: {listed}. Replace them? The replaced version is kept "
            "and can be restored."
        )


@contextmanager
def writing(what: str) -> Iterator[None]:
    """Any database refusal of a write becomes one sentence, never a traceback."""
    try:
        yield
    except (StatementError, UnicodeError) as problem:
        raise not_stored(what, problem) from None


def not_stored(what: str, problem: Exception) -> HistoryError:
    return HistoryError(f"{what} could not be stored ({write_reason(problem)}).")


def write_reason(problem: Exception) -> str:
    """The database's reason in a few words, without the values it may quote: the first
    line of its message, up to the first colon (after which drivers name values or keys)."""
    original = getattr(problem, "orig", None) or problem
    if isinstance(original, UnicodeError):
        return "a character the database cannot store"
    lines = str(original).strip().splitlines()
    reason = lines[0].split(":", 1)[0].strip() if lines else ""
    return (reason or type(original).__name__)[:160]


def open_reason(problem: Exception) -> str:
    """Why the database could not be opened: the first line of the driver's message."""
    text_ = str(getattr(problem, "orig", problem)).strip().splitlines()
    return text_[0] if text_ else type(problem).__name__


def join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
