"""Reading period labels as calendar quarters (`YYYY-Qn`).

Assumptions:
- Two-digit years are 20xx.
- A fiscal year is named after the calendar year in which it ends ("FY26" ends in 2026).
  With a fiscal year starting in July, Q1 FY26 is July to September 2025, which is the
  calendar quarter 2025-Q3. With a January start, fiscal and calendar quarters coincide.
- A fiscal quarter that straddles calendar quarters (a start month other than Jan, Apr,
  Jul or Oct) is placed in the calendar quarter holding its last month.
- Dates and months are placed in the calendar quarter that contains them.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_YEAR = r"(?P<{name}>(?:19|20)\d{{2}}|'?\d{{2}})"
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

# Fiscal forms first: "Q3 FY26", "FY26 Q3", "FY2026-Q3", "Q3FY26".
_FISCAL = [
    re.compile(rf"\bq(?P<q>[1-4])\s*fy\s*{_YEAR.format(name='y')}\b"),
    re.compile(rf"\bfy\s*{_YEAR.format(name='y')}\s*q(?P<q>[1-4])\b"),
]
_CALENDAR = [
    re.compile(rf"\b{_YEAR.format(name='y')}\s*q(?P<q>[1-4])\b"),  # 2026 Q3, 2026Q3
    re.compile(rf"\bq(?P<q>[1-4])\s*(?:cy\s*)?{_YEAR.format(name='y')}\b"),  # Q3 2026, Q3 26
    re.compile(rf"\b(?P<q>[1-4])q\s*{_YEAR.format(name='y')}\b"),  # 3Q26
    re.compile(rf"\bcy\s*{_YEAR.format(name='y')}\s*q(?P<q>[1-4])\b"),  # CY26 Q3
]
_ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d{2})\s(?P<m>\d{1,2})(?:\s(?P<d>\d{1,2}))?\b")
_DMY_DATE = re.compile(r"\b(?P<a>\d{1,2})\s(?P<b>\d{1,2})\s(?P<y>(?:19|20)\d{2})\b")
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTH_NAMES})\s*{_YEAR.format(name='y')}\b")
_YEAR_MONTH = re.compile(rf"\b(?P<y>(?:19|20)\d{{2}})\s*(?P<m>{_MONTH_NAMES})\b")

_SEPARATORS = re.compile(r"[\s_\-/.,:;|()\[\]]+")


def _year(text: str) -> int:
    text = text.lstrip("'")
    year = int(text)
    return 2000 + year if year < 100 else year


def quarter_of(year: int, month: int) -> str:
    return f"{year}-Q{(month - 1) // 3 + 1}"


def fiscal_to_calendar(fiscal_year: int, quarter: int, start_month: int) -> str:
    """Calendar quarter holding the last month of a fiscal quarter."""
    first = fiscal_year * 12 if start_month == 1 else (fiscal_year - 1) * 12 + start_month - 1
    last = first + 3 * quarter - 1
    return quarter_of(last // 12, last % 12 + 1)


def period_from_date(value: dt.date | dt.datetime) -> str:
    return quarter_of(value.year, value.month)


@lru_cache(maxsize=4096)
def parse_period(text: str, fiscal_year_start_month: int = 1) -> str | None:
    """The calendar quarter a period label names, or None when it names none.

    Finds the period anywhere in the text, so that "Security KPIs - Q3 FY26" and
    "metrics_2026_Q3.xlsx" are read too.
    """
    norm = _SEPARATORS.sub(" ", str(text).casefold()).strip()
    if not norm:
        return None
    for pattern in _FISCAL:
        if m := pattern.search(norm):
            return fiscal_to_calendar(_year(m["y"]), int(m["q"]), fiscal_year_start_month)
    for pattern in _CALENDAR:
        if m := pattern.search(norm):
            return f"{_year(m['y'])}-Q{m['q']}"
    if m := _MONTH_YEAR.search(norm):
        return quarter_of(_year(m["y"]), MONTHS[m["m"]])
    if m := _YEAR_MONTH.search(norm):
        return quarter_of(int(m["y"]), MONTHS[m["m"]])
    if m := _ISO_DATE.search(norm):
        month = int(m["m"])
        if 1 <= month <= 12:
            return quarter_of(int(m["y"]), month)
    if m := _DMY_DATE.search(norm):
        # 30/09/2026 or 9/30/2026: whichever of the two fields can be a month, the
        # quarter is the same for quarter-end dates; prefer day-first when both can.
        a, b = int(m["a"]), int(m["b"])
        month = b if b <= 12 else a
        if 1 <= month <= 12:
            return quarter_of(int(m["y"]), month)
    return None


def is_fiscal(text: str) -> bool:
    """Whether a label names a fiscal quarter ("Q3 FY26")."""
    norm = _SEPARATORS.sub(" ", str(text).casefold())
    return any(pattern.search(norm) for pattern in _FISCAL)
