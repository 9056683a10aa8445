"""The most significant risks as cards: rank, name, rating, trend, appetite, where it lies
(the units a scenario was assessed in, worst first), what one event could cost, owner, and
the statement one click away."""

from __future__ import annotations

import streamlit as st

from reporting.board.words import DETAILED_RISKS, TREND_WORDS, event_range, risk_where
from reporting.report import BoardReport
from ui.components.elements import html_block, rating_badge, text
from ui.text import md


def show(report: BoardReport) -> None:
    for risk in report.risks[:DETAILED_RISKS]:
        appetite = "within appetite" if risk.within_appetite else "<b>outside appetite</b>"
        with st.container(border=True):
            left, right = st.columns([3, 2])
            with left:
                html_block(
                    f"<div style='font-size:1.15rem;font-weight:700'>{risk.rank}. "
                    f"{text(risk.title)}</div><div style='margin-top:4px'>"
                    f"{rating_badge(risk)} &nbsp; {text(TREND_WORDS[risk.trend])}"
                    f" &nbsp; {appetite}</div>"
                )
            with right:
                html_block(
                    f"<div>Where: <b>{text(risk_where(risk))}</b></div>"
                    f"<div>One event: <b>{text(event_range(risk.exposure))}</b></div>"
                    f"<div>Owner: <b>{text(risk.owner)}</b></div>"
                )
            with st.expander("Why, and what is being asked"):
                st.markdown(md(risk.statement))
