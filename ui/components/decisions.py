"""The decisions the board is asked to make, each with its owner and options."""

from __future__ import annotations

import streamlit as st

from reporting.board.words import no_decision
from reporting.report import BoardReport
from ui.components.elements import html_block, text


def show(report: BoardReport) -> None:
    decisions = report.summary.decisions
    if not decisions:
        st.write(no_decision(report))
    for number, decision in enumerate(decisions, start=1):
        with st.container(border=True):
            html_block(f"<b>{number}. {text(decision.ask)}</b><br>Owner: {text(decision.owner)}")
            html_block("<ul>" + "".join(f"<li>{text(o)}</li>" for o in decision.options) + "</ul>")
