"""The headline numbers of the summary: posture, risks outside appetite, expected and
bad-year loss; and what changed since the last pack the board saw."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from reporting.board.palette import POSTURE_COLOURS
from reporting.board.words import DIRECTION_NOTES, money, within_words
from reporting.compare import changes_since
from reporting.report import BoardReport
from ui.components.elements import big_number, html_block, text
from ui.text import md

if TYPE_CHECKING:
    from reporting.history import HistoryStore


def show(report: BoardReport) -> None:
    summary, outside = report.summary, report.outside_appetite
    cols = st.columns(4)
    with cols[0]:
        big_number(
            "Overall posture",
            summary.posture.capitalize(),
            DIRECTION_NOTES[summary.direction],
            POSTURE_COLOURS[summary.posture],
        )
    with cols[1]:
        big_number(
            "Risks outside appetite",
            f"{len(outside)} of {len(report.risks)}",
            "need a board decision" if outside else within_words(report),
        )
    with cols[2]:
        big_number(
            "Expected loss per year",
            money(report.exposure.mean, report.currency),
            "average over simulated years",
        )
    with cols[3]:
        big_number(
            "In a bad year (1 in 10)",
            money(report.exposure.p90, report.currency),
            "losses could exceed this",
        )


def since_last_pack(report: BoardReport, history: HistoryStore | None) -> None:
    """What changed since the pack last published to the board, when there is one."""
    last = history.last_published(before=report.period) if history else None
    if last is None:
        return
    entry, published = last
    changes = changes_since(published, report)
    with st.container(border=True):
        st.markdown(
            f"**Since the last pack the board saw** ({md(entry.title)}, "
            f"published {entry.published:%d %B %Y})"
        )
        if changes:
            html_block("<ul>" + "".join(f"<li>{text(c)}</li>" for c in changes) + "</ul>")
        else:
            st.write("Nothing the board would notice has changed.")
