"""Reading a cell as a metric value.

A value is a finite number. Blank cells and the usual "not available" markers are
*missing*, never zero. Text such as "87%", "1,234", "87,5" or "12 days" is read as the
number it writes. Whether a percent metric's 0.87 means 87 % is decided per series
(see `scale_fractions`), because one cell alone cannot tell 0.87 % from 87 %.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

MISSING_MARKERS = frozenset(
    {
        "",
        "n/a",
        "na",
        "n.a.",
        "n.a",
        "-",
        "--",
        "—",
        "–",
        "none",
        "null",
        "nan",
        "tbd",
        "tbc",
        "not available",
        "not measured",
        "no data",
        "?",
        "#n/a",
        "unknown",
    }
)

_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_THOUSANDS_SPACE = re.compile(r"^[+-]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_UNIT_SUFFIX = re.compile(
    r"\s*(%|percent|pct|days?|d|hrs?|hours?|h|mins?|minutes?|x)\.?$", re.IGNORECASE
)


@dataclass(frozen=True)
class Value:
    """A parsed cell: a number, missing, or an error to report."""

    number: float | None = None
    percent_sign: bool = False
    missing: bool = False
    error: str | None = None
    suffix: str | None = None


MISSING = Value(missing=True)


def parse_value(raw: object, *, decimal_comma: bool = False) -> Value:
    """Read one cell. Never raises: problems come back as `Value.error`."""
    if raw is None:
        return MISSING
    if isinstance(raw, bool):
        return Value(error=f"{'TRUE' if raw else 'FALSE'} is not a number")
    if isinstance(raw, (int, float)):
        number = float(raw)
        if not math.isfinite(number):
            return Value(error="the value is not a finite number")
        return Value(number=number)
    if isinstance(raw, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return Value(error=f"a date or time ({raw}) where a number was expected")
    text = strip_footnote_marks(str(raw))
    if text.casefold() in MISSING_MARKERS:
        return MISSING
    suffix = None
    if m := _UNIT_SUFFIX.search(text):
        suffix = m.group(1).casefold()
        text = text[: m.start()].strip()
        if not text:
            return Value(error=f"'{raw}' is not a number")
    text = text.replace("\u2212", "-")
    number = _read_number(text, decimal_comma=decimal_comma)
    if number is None:
        return Value(error=f"'{raw}' is not a number")
    if not math.isfinite(number):
        return Value(error="the value is not a finite number")
    percent = suffix in ("%", "percent", "pct")
    return Value(number=number, percent_sign=percent, suffix=suffix)


# A target written as a bound: "<=4", ">= 98%", "< 5 %", "≥95", "at least 98", "max 10".
_BOUND = re.compile(
    r"^\s*(?:<=|>=|=<|=>|<|>|≤|≥|=|at least|at most|no more than|no less than|not more than|"
    r"not less than|max(?:imum)?|min(?:imum)?|under|below|above|over|up to)\s*[:.]?\s*",
    re.IGNORECASE,
)


def parse_target(raw: object, *, decimal_comma: bool = False) -> Value:
    """Read a target cell: a number as `parse_value` reads one, or a bound on it ("<=4",
    ">=98%", "at least 95"), whose number is the target (the direction is the metric's)."""
    if isinstance(raw, str) and (bound := _BOUND.match(raw)) and raw[bound.end() :].strip():
        value = parse_value(raw[bound.end() :], decimal_comma=decimal_comma)
        return Value(error=f"'{raw.strip()}' is not a number") if value.error else value
    return parse_value(raw, decimal_comma=decimal_comma)


# Footnote marks a KPI sheet puts after a label or value: "MFA coverage¹", "n/a*", "12†".
_FOOTNOTE_MARKS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079*\u2020\u2021]+\s*$")


def strip_footnote_marks(text: str) -> str:
    """The text without the footnote marks at its end, and without surrounding spaces."""
    return _FOOTNOTE_MARKS.sub("", text.strip()).strip()


def _read_number(text: str, *, decimal_comma: bool) -> float | None:
    if text.casefold() in ("inf", "-inf", "+inf", "infinity", "-infinity", "nan"):
        return math.nan
    if decimal_comma and (_THOUSANDS_DOT.match(text) or _DECIMAL_COMMA.match(text)):
        return float(text.replace(".", "").replace(",", "."))
    if _NUMBER.match(text):
        return float(text)
    if _THOUSANDS_COMMA.match(text):
        return float(text.replace(",", ""))
    if _THOUSANDS_SPACE.match(text):
        return float(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))
    if _THOUSANDS_DOT.match(text) and "," in text:
        return float(text.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.match(text):
        return float(text.replace(",", "."))
    return None


def percent_reading(numbers: list[float], percent_flags: list[bool]) -> str:
    """How a percent metric's series is written: "fractions" (0.87 for 87 %), "mixed" (0.5
    beside 87: ambiguous, read as written and flagged) or "as_written".

    Only values not written with a % sign or percent format, and possible as percentages
    (0-100), take part: a 250 that will be rejected must not sway the reading of the rest.
    """
    plain = [
        n
        for n, flagged in zip(numbers, percent_flags, strict=True)
        if not flagged and 0 <= n <= 100
    ]
    if plain and all(n <= 1 for n in plain) and any(n > 0 for n in plain):
        return "fractions"
    if any(0 < n <= 1 for n in plain) and any(n > 1 for n in plain):
        return "mixed"
    return "as_written"


def scale_fractions(numbers: list[float], percent_flags: list[bool]) -> bool:
    """Whether a percent series is written as fractions (see `percent_reading`)."""
    return percent_reading(numbers, percent_flags) == "fractions"


def check_range(number: float, unit: str) -> str | None:
    """Why a value is impossible for its unit, or None when it is plausible."""
    if unit == "percent" and not 0 <= number <= 100:
        return f"{_fmt(number)} % is outside 0-100 %"
    if number < 0:
        return f"{_fmt(number)} is negative, which a {unit} cannot be"
    return None


def _fmt(number: float) -> str:
    return f"{number:g}"
