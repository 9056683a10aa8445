"""One framework in detail: its evidenced share met, its gaps in business terms, and each
control with the metrics that evidence it and the cells they came from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reporting.board.palette import CONTROL_COLOURS
from reporting.board.words import CONTROL_WORDS, STATUS_WORDS, format_value, framework_line
from reporting.report import FrameworkResult
from ui.components import tables
from ui.components.elements import big_number, html_block, text
from ui.text import md


def show(framework: FrameworkResult) -> None:
    evidenced = framework.met + framework.partial + framework.not_met
    st.markdown(f"**{md(framework_line(framework, counts=True))}.**")
    cols = st.columns(4)
    with cols[0]:
        share = "no evidence" if framework.share_met is None else f"{framework.share_met:.0%}"
        previous = (
            f"last quarter {framework.previous_share_met:.0%}"
            if framework.previous_share_met is not None
            else "no earlier quarter"
        )
        big_number("Evidenced controls met", share, previous)
    with cols[1]:
        big_number("Met", f"{framework.met} of {evidenced}", colour=CONTROL_COLOURS["met"])
    with cols[2]:
        big_number(
            "Partly or not met",
            f"{framework.partial + framework.not_met}",
            f"{framework.not_met} not met",
            colour=CONTROL_COLOURS["not_met"],
        )
    with cols[3]:
        big_number("Without evidence", str(framework.no_evidence), "no metric reported")
    if framework.scope:
        st.write(
            f"Judged on the figures of {md(', '.join(framework.scope))}, the business units "
            "under this framework."
        )
    if framework.gaps:
        st.markdown("**The gaps, in business terms**")
        html_block("<ul>" + "".join(f"<li>{text(g)}</li>" for g in framework.gaps) + "</ul>")
    st.markdown("**Control by control**")
    # Read, not sorted: a static table, each row as tall as its evidence.
    tables.static(
        pd.DataFrame(
            {
                "Control": c.id,
                "What it protects": c.title,
                "Status": CONTROL_WORDS[c.status],
                "Evidence": "; ".join(
                    f"{e.name}{' (' + e.business_unit + ')' if e.business_unit else ''}: "
                    f"{format_value(e.value, e.unit)} {STATUS_WORDS[e.status].lower()}"
                    for e in c.metrics
                )
                or "No metric reported",
                "Source cells": "; ".join(str(e.source) for e in c.metrics),
            }
            for c in framework.controls
        ),
        key=f"controls_{framework.framework}",
        alt=f"{framework.framework}: each control, its status, evidence and source cells",
    )
