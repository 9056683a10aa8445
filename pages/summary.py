"""Executive summary: the page the board sees. The four questions, top risks, compliance,
decisions."""

import streamlit as st

from reporting import charts
from ui import components as ui
from ui import session
from ui.components import (
    caveats,
    decisions,
    first_quarter,
    follow_ups,
    headline,
    questions,
    top_risks,
)
from ui.text import md

session.init()  # first: a page is never drawn before the sign-in gate has run
report = session.report()
if report is None:
    st.title("Executive summary")
    first_quarter.show(here="pages/summary.py")
    ui.no_report()
    st.stop()

st.title(f"{md(report.organization)}: cyber risk summary")
st.caption(ui.period_caption(report))
first_quarter.show(here="pages/summary.py")
caveats.banner(report)
headline.show(report)
follow_ups.show(report)
headline.since_last_pack(report, None if session.is_sample() else session.store())

st.subheader("The four questions")
questions.show(report)

st.subheader("Most significant risks")
top_risks.show(report)

left, right = st.columns([3, 2])
with left:
    st.subheader("Compliance at a glance")
    if report.compliance:
        ui.chart(charts.compliance_bars(report), key="summary_compliance")
    else:
        st.write("No frameworks are in scope. Add them on the Business context page.")
with right:
    st.subheader("Decisions requested")
    decisions.show(report)

if report.summary.improvements or report.summary.deteriorations:
    st.subheader("Biggest movers since last quarter")
    ui.movers(report, ("Improved", "Deteriorated"))
