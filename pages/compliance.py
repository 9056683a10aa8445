"""Compliance: per framework, status from the metrics as evidence, each control traceable."""

import pandas as pd
import streamlit as st

from reporting import charts
from reporting.catalog import format_value, load_catalog
from ui import components as ui
from ui import session
from ui.text import md

st.title("Compliance")
report = session.report()
if report is None:
    ui.no_report()
    st.stop()
st.caption(
    ui.period_caption(report)
    + ". Indicator-based status from security metrics, not an audit opinion."
)
if not report.compliance:
    ui.no_report("No frameworks are in scope. Choose them on the Business context page.")
    st.stop()

catalog = load_catalog()
left, right = st.columns(2)
with left:
    ui.chart(charts.compliance_bars(report), key="compliance_bars")
with right:
    ui.chart(charts.compliance_history(report), key="compliance_history")

tabs = st.tabs([f.framework for f in report.compliance])
for tab, framework in zip(tabs, report.compliance, strict=True):
    with tab:
        evidenced = framework.met + framework.partial + framework.not_met
        cols = st.columns(4)
        with cols[0]:
            share = "no evidence" if framework.share_met is None else f"{framework.share_met:.0%}"
            previous = (
                f"last quarter {framework.previous_share_met:.0%}"
                if framework.previous_share_met is not None
                else "no earlier quarter"
            )
            ui.big_number("Evidenced controls met", share, previous)
        with cols[1]:
            ui.big_number(
                "Met", f"{framework.met} of {evidenced}", colour=charts.CONTROL_COLOURS["met"]
            )
        with cols[2]:
            ui.big_number(
                "Partly or not met",
                f"{framework.partial + framework.not_met}",
                f"{framework.not_met} not met",
                colour=charts.CONTROL_COLOURS["not_met"],
            )
        with cols[3]:
            ui.big_number("Without evidence", str(framework.no_evidence), "no metric reported")
        if framework.scope:
            st.write(
                f"Judged on the figures of {md(', '.join(framework.scope))}, the business units "
                "under this framework."
            )
        if framework.gaps:
            st.markdown("**The gaps, in business terms**")
            ui.html_block(
                "<ul>" + "".join(f"<li>{ui.text(g)}</li>" for g in framework.gaps) + "</ul>"
            )
        st.markdown("**Control by control**")
        st.dataframe(
            pd.DataFrame(
                {
                    "Control": c.id,
                    "What it protects": c.title,
                    "Status": charts.CONTROL_WORDS[c.status],
                    "Evidence": "; ".join(
                        f"{e.name}{' (' + e.business_unit + ')' if e.business_unit else ''}: "
                        f"{format_value(e.value, catalog[e.metric_id].unit)} {charts.STATUS_WORDS[e.status].lower()}"
                        for e in c.metrics
                    )
                    or "No metric reported",
                    "Source cells": "; ".join(str(e.source) for e in c.metrics),
                }
                for c in framework.controls
            ),
            hide_index=True,
            width="stretch",
        )
