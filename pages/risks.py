"""Risks: the heatmap, the register, each risk's evidence and exposure, and the what-if."""

import pandas as pd
import streamlit as st

from reporting import charts
from reporting.catalog import format_value, load_catalog
from reporting.translate import ReportError, what_if
from reporting.translate.wording import money
from ui import components as ui
from ui import session
from ui.text import md

st.title("Risks")
report = session.report()
if report is None:
    ui.no_report()
    st.stop()
st.caption(ui.period_caption(report) + ". Ranked by business impact, not technical severity.")
catalog = load_catalog()

ui.chart(charts.risk_heatmap(report), key="heatmap")

st.subheader("Risk register")
units = sorted({r.business_unit or "Company-wide" for r in report.risks})
f1, f2, f3 = st.columns(3)
chosen_units = f1.multiselect("Business unit", units, placeholder="All business units")
chosen_ratings = f2.multiselect(
    "Rating",
    ["critical", "high", "moderate", "low"],
    placeholder="All ratings",
    format_func=str.capitalize,
)
appetite = f3.segmented_control("Appetite", ["All", "Outside", "Within"], default="All")
shown = [
    r
    for r in report.risks
    if (not chosen_units or (r.business_unit or "Company-wide") in chosen_units)
    and (not chosen_ratings or r.rating in chosen_ratings)
    and (appetite in (None, "All") or (appetite == "Outside") != r.within_appetite)
]
if not shown:
    st.write("No risk matches these filters.")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "Rank": r.rank,
                "Risk": r.title,
                "Business unit": r.business_unit or "Company-wide",
                "Likelihood": r.likelihood,
                "Impact": r.impact,
                "Rating": r.rating.capitalize(),
                "Trend": ui.TREND_WORDS[r.trend],
                "Appetite": "Within" if r.within_appetite else "Outside",
                "One event could cost": f"{money(r.exposure.event_p10 or 0, r.exposure.currency)}"
                f" to {money(r.exposure.event_p90 or 0, r.exposure.currency)}",
                "Expected per year": money(r.exposure.mean, r.exposure.currency),
                "Owner": r.owner,
            }
            for r in shown
        ),
        hide_index=True,
        width="stretch",
    )

st.subheader("A risk in detail")
names = {
    r.id: f"{r.rank}. {r.title}" + (f" — {r.business_unit}" if r.business_unit else "")
    for r in report.risks
}
risk_id = st.selectbox("Risk", list(names), format_func=names.get, key="risk_detail")
risk = report.risk(risk_id)
ui.html_block(
    f"{ui.rating_badge(risk.rating)} &nbsp; {ui.text(ui.TREND_WORDS[risk.trend])} &nbsp; "
    f"likelihood {risk.likelihood} of 5, impact {risk.impact} of 5 &nbsp; owner: <b>{ui.text(risk.owner)}</b>"
)
st.markdown(md(risk.statement))
st.markdown("**What drives it**")
st.dataframe(
    pd.DataFrame(
        {
            "Metric": d.name,
            "Business unit": d.business_unit or "Company-wide",
            "Value": format_value(d.value, catalog[d.metric_id].unit),
            "Target": format_value(d.target, catalog[d.metric_id].unit),
            "Status": charts.STATUS_WORDS[d.status],
            "Last quarter": ""
            if d.previous is None
            else format_value(d.previous, catalog[d.metric_id].unit),
            "Weight": d.weight,
            "Source": str(d.source),
        }
        for d in sorted(risk.drivers, key=lambda d: -d.weight * d.weakness)
    ),
    hide_index=True,
    width="stretch",
)
left, right = st.columns([2, 3])
with left:
    e = risk.exposure
    ui.big_number("Chance of at least one event a year", f"{e.annual_probability:.0%}")
    ui.big_number(
        "One event would probably cost",
        f"{money(e.event_p10 or 0, e.currency)} to {money(e.event_p90 or 0, e.currency)}",
    )
    ui.big_number(
        "Expected loss per year",
        money(e.mean, e.currency),
        f"1-in-10 year: {money(e.p90, e.currency)}"
        if e.p90 > 0
        else "most years see no such event",
    )
with right:
    ui.chart(
        charts.exceedance_curve(
            risk.exceedance,
            e.currency,
            "Chance of a year's loss above each amount",
            session.context().risk_appetite.tolerance,
        ),
        key=f"lec_{risk.id}",
    )

st.subheader("What if we improved a metric?")
st.caption(
    "Set metrics to the value an investment would achieve, and see the exposure change across every risk."
)
with st.form("what_if"):
    picked = st.multiselect(
        "Metrics to change",
        sorted({m.metric_id for m in report.metrics}),
        default=[
            d.metric_id for d in sorted(risk.drivers, key=lambda d: -d.weight * d.weakness)[:1]
        ],
        format_func=lambda m: catalog[m].name,
    )
    values = {}
    for metric_id in picked:
        metric = catalog[metric_id]
        current = next(
            (m.target for m in report.metrics if m.metric_id == metric_id), metric.target
        )
        values[metric_id] = st.number_input(
            f"{metric.name} ({metric.unit})",
            value=float(current),
            min_value=0.0,
            max_value=100.0 if metric.unit == "percent" else None,
            key=f"wi_{metric_id}",
        )
    cost = st.number_input(
        f"Cost of the improvement ({report.currency}, optional)",
        min_value=0.0,
        value=0.0,
        step=10_000.0,
    )
    run = st.form_submit_button("Show the change in exposure")
if run and values:
    try:
        result = what_if(report, session.context(), values, cost=cost or None)
    except ReportError as problem:
        st.error(md(problem))
    else:
        c1, c2, c3 = st.columns(3)
        with c1:
            ui.big_number("Bad-year loss (1 in 10), now", money(result.before_p90, result.currency))
        with c2:
            ui.big_number(
                "After the change",
                money(result.after_p90, result.currency),
                f"{money(result.before_p90 - result.after_p90, result.currency)} less",
            )
        with c3:
            if result.reduction_per_unit_cost is not None:
                ui.big_number(
                    "Expected loss avoided per unit spent",
                    f"{result.reduction_per_unit_cost:.2f}",
                    "per year, for each unit of money invested",
                )
        st.dataframe(
            pd.DataFrame(
                {
                    "Risk": row.title + (f" — {row.business_unit}" if row.business_unit else ""),
                    "Rating now": (row.before_rating or "").capitalize(),
                    "Rating after": row.after_rating.capitalize(),
                    "Expected loss now": money(row.before_mean or 0, result.currency),
                    "Expected loss after": money(row.after_mean, result.currency),
                }
                for row in result.risks
            ),
            hide_index=True,
            width="stretch",
        )
