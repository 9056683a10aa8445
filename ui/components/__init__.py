"""Pieces of the board pages, each drawing one part of a `BoardReport`.

`elements` holds the small drawing helpers (badges, big numbers, charts, escaped text);
the other modules each draw one view part with a `show(...)`. Pages import this package
as `ui` and stay short: read the session, call `show`, nothing else.
"""

from ui.components.elements import (
    DIRECTION_NOTES,
    POSTURE_COLOURS,
    TREND_WORDS,
    badge,
    big_number,
    chart,
    control_badge,
    html_block,
    movers,
    no_report,
    period_caption,
    rating_badge,
    status_badge,
    text,
)

__all__ = [
    "DIRECTION_NOTES",
    "POSTURE_COLOURS",
    "TREND_WORDS",
    "badge",
    "big_number",
    "chart",
    "control_badge",
    "html_block",
    "movers",
    "no_report",
    "period_caption",
    "rating_badge",
    "status_badge",
    "text",
]
