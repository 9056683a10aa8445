"""Trends: each metric over the quarters against its target, and the biggest movers."""

import streamlit as st

from reporting import charts
from reporting.board.targets import DEFAULT_NOTE, is_default
from reporting.board.words import where
from ui import components as ui
from ui import session

session.init()  # first: a page is never drawn before the sign-in gate has run
st.title("Trends")
report = session.report()
if report is None:
    ui.no_report()
    st.stop()
st.caption(ui.period_caption(report))

st.subheader("Biggest movers since last quarter")
ui.movers(report, ("Improvements", "Deteriorations"))

st.subheader("Key metrics")
key = report.key_metrics[:4]
for row in (key[:2], key[2:4]):
    columns = st.columns(2)
    for column, metric_id in zip(columns, row, strict=False):
        with column:
            ui.chart(charts.metric_trend(report, metric_id), key=f"key_{metric_id}")
if any(is_default(charts.trend_target(report, m)[1]) for m in key):
    st.caption(DEFAULT_NOTE)

st.subheader("Any metric")
reported = sorted(
    {(m.metric_id, m.business_unit) for m in report.metrics}, key=lambda k: (k[0], k[1] or "")
)
facts = report.definitions
metric_ids = sorted({m for m, _ in reported}, key=lambda m: (facts[m].domain, facts[m].name))
left, right = st.columns(2)
metric_id = left.selectbox(
    "Metric",
    metric_ids,
    key="trend_metric",
    format_func=lambda m: f"{facts[m].domain}: {facts[m].name}",
)
units = [u for m, u in reported if m == metric_id]
unit = right.selectbox("Business unit", units, key="trend_unit", format_func=where)
st.caption(facts[metric_id].definition)
ui.chart(charts.metric_trend(report, metric_id, unit), key="any_trend")
if is_default(charts.trend_target(report, metric_id, unit)[1]):
    st.caption(DEFAULT_NOTE)
