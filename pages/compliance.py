"""Compliance: per framework, status from the metrics as evidence, each control traceable."""

import streamlit as st

from reporting import charts
from reporting.board.words import compliance_basis
from ui import components as ui
from ui import session
from ui.components import framework

session.init()  # first: a page is never drawn before the sign-in gate has run
st.title("Compliance")
report = session.report()
if report is None:
    ui.no_report()
    st.stop()
st.caption(f"{ui.period_caption(report)}. {compliance_basis(report)}")
if not report.compliance:
    ui.no_report("No frameworks are in scope. Choose them on the Business context page.")
    st.stop()

left, right = st.columns(2)
with left:
    ui.chart(charts.compliance_bars(report), key="compliance_bars")
with right:
    ui.chart(charts.compliance_history(report), key="compliance_history")

for tab, framework_result in zip(
    st.tabs([f.framework for f in report.compliance]), report.compliance, strict=True
):
    with tab:
        framework.show(framework_result)
