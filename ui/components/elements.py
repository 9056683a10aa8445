"""Small drawing helpers shared by the pages. Every user-supplied string is escaped here."""

from __future__ import annotations

import html

import streamlit as st

from reporting.board.palette import (
    CONTROL_COLOURS,
    POSTURE_COLOURS,
    RATING_COLOURS,
    STATUS_COLOURS,
)
from reporting.board.words import (
    CONTROL_WORDS,
    DIRECTION_NOTES,
    STATUS_WORDS,
    TREND_WORDS,
    quarter_in_full,
    quarter_name,
    rating_word,
)
from reporting.charts import PLOTLY_CONFIG
from reporting.report import BoardReport, Risk
from ui.text import html_text, md

__all__ = ["DIRECTION_NOTES", "POSTURE_COLOURS", "TREND_WORDS"]


def badge(word: str, colour: str) -> str:
    """An HTML pill: colour always with its word (never colour alone)."""
    return (
        f'<span style="background:{colour};color:white;padding:2px 10px;border-radius:12px;'
        f'font-weight:600;font-size:0.9em;white-space:nowrap">{html.escape(word)}</span>'
    )


def rating_badge(risk: Risk) -> str:
    """The risk's rating as a pill ('Not enough evidence' for a low rating on thin evidence)."""
    return badge(rating_word(risk), RATING_COLOURS[risk.rating])


def status_badge(status: str | None) -> str:
    return badge(
        STATUS_WORDS.get(status or "", "No data"),
        STATUS_COLOURS.get(status or "none", STATUS_COLOURS["none"]),
    )


def control_badge(state: str) -> str:
    return badge(CONTROL_WORDS[state], CONTROL_COLOURS[state])


def html_block(markup: str) -> None:
    st.markdown(markup, unsafe_allow_html=True)


def text(value: object) -> str:
    """User text made inert for an HTML block rendered through markdown."""
    return html_text(value)


def chart(fig, key: str) -> None:
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, theme=None, width="stretch")


def big_number(label: str, value: str, note: str = "", colour: str = "#1B1F24") -> None:
    html_block(
        f'<div style="padding:4px 0"><div style="color:#4B5563;font-size:0.95rem">{text(label)}</div>'
        f'<div style="font-size:2.1rem;font-weight:700;color:{colour};line-height:1.2">{text(value)}</div>'
        f'<div style="color:#4B5563;font-size:0.9rem">{text(note)}</div></div>'
    )


def no_report(message: str = "") -> None:
    st.info(
        message
        or "There is no data to report yet. Load workbooks on the Data page, where the "
        "stored quarter history and the sample company are each one click away.",
        icon=":material/info:",
    )


def period_caption(report: BoardReport) -> str:
    """The quarter and its comparison, as markdown for st.caption (the label is the workbooks')."""
    previous = report.previous_period
    compared = (
        f"compared with {quarter_name(report.period_labels.get(previous), previous, md)}"
        if previous
        else "no earlier quarter to compare"
    )
    return f"{quarter_in_full(report.period_label, report.period, md)}, {compared}"


def movers(report: BoardReport, titles: tuple[str, str]) -> None:
    """The biggest improvements and deteriorations since last quarter, side by side."""
    empty = (
        "None this quarter." if report.previous_period else "No earlier quarter to compare with."
    )
    columns = st.columns(2)
    for column, title, rows, word, colour in (
        (columns[0], titles[0], report.summary.improvements, "Better", STATUS_COLOURS["green"]),
        (columns[1], titles[1], report.summary.deteriorations, "Worse", STATUS_COLOURS["red"]),
    ):
        with column:
            st.markdown(f"**{title}**")
            for mover in rows:
                html_block(f"{badge(word, colour)} {text(mover.text)}")
            if not rows:
                st.write(empty)
