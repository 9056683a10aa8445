"""Saying where a target came from, wherever one is shown.

A target written beside the value in the workbook, or set in the business context, is the
company's own; one taken from the metric catalog is a default, and the board is told so:
"98% (default target)", or a note under a table whose targets are marked.
"""

from __future__ import annotations

from reporting.board.words import format_value

#: What the workbook's Metrics sheet and the screen's help say for each source.
TARGET_SOURCE_WORDS = {
    "sheet": "Written in the workbook",
    "context": "Set in the business context",
    "catalog": "Default target (from the metric catalog)",
}
DEFAULT_MARK = "(default target)"
DEFAULT_NOTE = (
    "A target marked (default target) is the metric catalog's: neither the workbooks nor "
    "the business context set one. Set your own on the Business context page."
)


def is_default(source: str | None) -> bool:
    """Whether a target is the catalog's default (a report from before sources were
    carried reads as default, as it was)."""
    return (source or "catalog") == "catalog"


def target_text(value: float, unit: str, source: str | None) -> str:
    """'98%', or '98% (default target)' when the catalog's default applies."""
    text = format_value(value, unit)
    return f"{text} {DEFAULT_MARK}" if is_default(source) else text
