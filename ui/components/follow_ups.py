"""Last pack's decisions: where each stands (on the summary), and the form to record what
the board decided (on the Board pack page)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from reporting.compare import STATUS_WORDS
from reporting.history import HistoryError
from reporting.history.packs import OUTCOMES
from reporting.report import BoardReport
from ui.components.elements import html_block, text
from ui.text import md

if TYPE_CHECKING:
    from reporting.history import HistoryStore


def show(report: BoardReport) -> None:
    """What was decided last time, and where each decision stands, measured by its metrics."""
    if not report.follow_ups:
        return
    with st.container(border=True):
        st.markdown(f"**What we decided last time** ({md(report.follow_ups_from or '')})")
        html_block(
            "<ul>" + "".join(f"<li>{text(f.text)}</li>" for f in report.follow_ups) + "</ul>"
        )


def record(history: HistoryStore) -> None:
    """A form for the outcome of each decision of the last pack published."""
    entries = history.packs()
    if not entries:
        return
    entry = entries[0]
    published, _ = history.pack(entry.id)
    decisions = published.summary.decisions
    if not decisions:
        return
    recorded = history.outcomes(entry.id)
    st.markdown(f"**What the board decided on {md(entry.title)}**")
    with st.form("outcomes"):
        chosen = {}
        for i, decision in enumerate(decisions):
            status, note, _ = recorded.get(decision.risk_id, ("open", None, None))
            left, right = st.columns([2, 3])
            chosen[decision.risk_id] = (
                left.selectbox(
                    decision.title,
                    ["open", *OUTCOMES],
                    index=["open", *OUTCOMES].index(status),
                    format_func=lambda s: STATUS_WORDS[s].capitalize(),
                    key=f"outcome_{entry.id}_{i}",
                ),
                right.text_input(
                    "Note (optional)", value=note or "", key=f"outcome_note_{entry.id}_{i}"
                ),
            )
        if st.form_submit_button("Record the board's decisions"):
            try:
                for risk_id, (status, note) in chosen.items():
                    if status != "open":
                        history.record_outcome(entry.id, risk_id, status, note.strip() or None)
            except HistoryError as problem:
                st.error(md(str(problem)), icon=":material/error:")
            else:
                st.success("Recorded. Next quarter's summary and deck show where each stands.")
