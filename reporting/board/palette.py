"""The board palette: colour-blind-safe status colours (Okabe-Ito) and the house inks.

A colour never stands alone on a board view: every coloured mark carries its word too
(see `words`).
"""

from __future__ import annotations

INK = "#1B1F24"
NAVY = "#1F3A5F"
MUTED = "#5B6573"
LIGHT = "#F3F5F8"
RULE = "#D0D5DD"
BLUE = "#0072B2"
WHITE = "#FFFFFF"

STATUS_COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00", "none": "#BBBBBB"}
RATING_COLOURS = {
    "low": "#009E73",
    "moderate": "#E69F00",
    "high": "#D55E00",
    "critical": "#7A0019",
}
CONTROL_COLOURS = {
    "met": "#009E73",
    "partial": "#E69F00",
    "not_met": "#D55E00",
    "no_evidence": "#BBBBBB",
}
POSTURE_COLOURS = {
    "strong": STATUS_COLOURS["green"],
    "adequate": STATUS_COLOURS["green"],
    "needs attention": STATUS_COLOURS["amber"],
    "weak": STATUS_COLOURS["red"],
}
MOVEMENT_COLOURS = {
    "improving": STATUS_COLOURS["green"],
    "stable": STATUS_COLOURS["none"],
    "worsening": STATUS_COLOURS["red"],
    "new": STATUS_COLOURS["none"],
}


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ink_on(fill: str) -> str:
    """White or ink, whichever reads better on `fill`."""
    lum = _luminance(fill)
    on_white = 1.05 / (lum + 0.05)
    on_ink = (lum + 0.05) / (_luminance(INK) + 0.05)
    return WHITE if on_white >= on_ink else INK


GRID = "#E5E7EB"
COST = "#9CA3AF"  # what an option costs, beside the blue of the loss it removes
# The lines drawn on the loss curve, one per threshold the board set.
THRESHOLD_COLOURS = {
    "tolerance": STATUS_COLOURS["red"],
    "retention": NAVY,
    "insurance_limit": MUTED,
    "materiality": STATUS_COLOURS["amber"],
}
#: Colours for series that carry no status (one line per framework), Okabe-Ito order.
SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
