"""Quarters: their order, the one before, and the name each goes by.

Periods are calendar quarters written `YYYY-Qn` (ingest turns fiscal labels, dates and
months into them and keeps the label the user wrote). Every module that orders quarters
or names them asks here, so that ingest, translate, charts and the pack agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import Protocol


class _Labelled(Protocol):
    period: str
    period_label: str


def sort_key(period: str) -> tuple[int, int]:
    """`2026-Q3` -> (2026, 3)."""
    return int(period[:4]), int(period[-1])


def in_order(periods: Iterable[str]) -> list[str]:
    """Distinct quarters, earliest first."""
    return sorted(set(periods), key=sort_key)


def previous_quarter(period: str) -> str:
    """The calendar quarter before `period`, whether or not there is data for it."""
    year, quarter = int(period[:4]), int(period[-1])
    return f"{year - 1}-Q4" if quarter == 1 else f"{year}-Q{quarter - 1}"


def next_quarter(period: str) -> str:
    """The calendar quarter after `period`."""
    year, quarter = sort_key(period)
    return f"{year + 1}-Q1" if quarter == 4 else f"{year}-Q{quarter + 1}"


def end(period: str) -> dt.date:
    """The last day of the calendar quarter."""
    year, quarter = sort_key(period)
    return dt.date(year, 3 * quarter, 31 if quarter in (1, 4) else 30)


def missing(periods: Iterable[str]) -> list[str]:
    """The calendar quarters between the first and the last of `periods` without data."""
    ordered = in_order(periods)
    if len(ordered) < 2:
        return []
    have, out = set(ordered), []
    (year, quarter), last = sort_key(ordered[0]), sort_key(ordered[-1])
    while (year, quarter) < last:
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        if f"{year}-Q{quarter}" not in have:
            out.append(f"{year}-Q{quarter}")
    return out


def previous_reported(periods: Iterable[str], period: str) -> str | None:
    """The latest of `periods` before `period`: what 'last quarter' means in a report."""
    earlier = [p for p in periods if sort_key(p) < sort_key(period)]
    return max(earlier, key=sort_key) if earlier else None


def labels(observations: Iterable[_Labelled]) -> dict[str, str]:
    """Each quarter by the name the workbooks used most for it ("Q1 FY27"), or its calendar
    form when they only wrote that. The one rule for naming quarters on screen and in the
    pack."""
    return labels_counted((obs.period, obs.period_label, 1) for obs in observations)


def names_quarter(label: str) -> bool:
    """Whether a label written in a workbook names a quarter ("Q1 FY27", "FY26 Q3", "2026
    Q3", "Third quarter 2026"), rather than a date or a month standing for one ("2026-06-30",
    "Jun 2026"), which is no name to show a board."""
    return bool(_QUARTER_WORDS.search(label))


_QUARTER_WORDS = re.compile(r"(?i)(?<![A-Za-z])Q[1-4](?![0-9])|quarter")


def labels_counted(written: Iterable[tuple[str, str, int]]) -> dict[str, str]:
    """`labels` from (quarter, label as written, how many times) in the order each pair
    first comes: how observations held by column are counted. A label that does not name a
    quarter (a date, a month) gives way to the calendar form."""
    counts: dict[str, Counter[str]] = {}
    for period, label, times in written:
        counts.setdefault(period, Counter())
        if label and label != period and names_quarter(label):
            counts[period][label] += times
    return {p: (c.most_common(1)[0][0] if c else p) for p, c in counts.items()}
