"""Risks: the heatmap, the register, each risk's evidence and exposure, and the what-if."""

import streamlit as st

from reporting import charts
from reporting.board.words import RANKING_WORDS
from reporting.translate import ReportError, what_if
from ui import components as ui
from ui import session
from ui.components import risk_detail, risk_register
from ui.components import what_if as what_if_form
from ui.text import md

session.init()  # first: a page is never drawn before the sign-in gate has run
st.title("Risks")
report = session.report()
if report is None:
    ui.no_report()
    st.stop()
st.caption(
    ui.period_caption(report)
    + f". {RANKING_WORDS.capitalize()}; ratings weigh business impact, not technical severity."
)

ui.chart(charts.risk_heatmap(report), key="heatmap")

st.subheader("Risk register")
risk_register.show(report)

st.subheader("A risk in detail")
risk = risk_detail.pick(report)
risk_detail.show(risk, session.context().risk_appetite.tolerance)
risk_detail.units(report, risk)

st.subheader("What if we improved a metric?")
st.caption(
    "Set metrics to the value an investment would achieve, and see the exposure change across every risk."
)
values, cost, run = what_if_form.form(report, risk)
if run and values:
    try:
        result = what_if(
            session.ingest_result(), session.context(), report, values, cost=cost or None
        )
    except ReportError as problem:
        st.error(md(problem))
    else:
        what_if_form.show(result)
