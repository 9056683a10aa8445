"""Executive summary: the page the board sees. The four questions, top risks, compliance,
decisions."""

import streamlit as st

from reporting import charts
from reporting.compare import changes_since
from reporting.translate.wording import money
from ui import components as ui
from ui import session
from ui.text import md

report = session.report()
if report is None:
    st.title("Executive summary")
    ui.no_report()
    st.stop()

st.title(f"{md(report.organization)}: cyber risk summary")
st.caption(ui.period_caption(report))

summary = report.summary
outside = report.outside_appetite
cols = st.columns(4)
with cols[0]:
    ui.big_number(
        "Overall posture",
        summary.posture.capitalize(),
        ui.DIRECTION_NOTES[summary.direction],
        ui.POSTURE_COLOURS[summary.posture],
    )
with cols[1]:
    ui.big_number(
        "Risks outside appetite",
        f"{len(outside)} of {len(report.risks)}",
        "need a board decision" if outside else "all within appetite",
    )
with cols[2]:
    ui.big_number(
        "Expected loss per year",
        money(report.exposure.mean, report.currency),
        "average over simulated years",
    )
with cols[3]:
    ui.big_number(
        "In a bad year (1 in 10)",
        money(report.exposure.p90, report.currency),
        "losses could exceed this",
    )

history = None if session.is_sample() else session.store()
last = history.last_published(before=report.period) if history else None
if last is not None:
    entry, published = last
    changes = changes_since(published, report)
    with st.container(border=True):
        st.markdown(
            f"**Since the last pack the board saw** ({md(entry.title)}, "
            f"published {entry.published:%d %B %Y})"
        )
        if changes:
            ui.html_block("<ul>" + "".join(f"<li>{ui.text(c)}</li>" for c in changes) + "</ul>")
        else:
            st.write("Nothing the board would notice has changed.")

st.subheader("The four questions")
questions = [
    ("Are we adequately protected?", summary.answers.protected),
    ("What are our most significant risks?", summary.answers.top_risks),
    ("Are we meeting our regulatory obligations?", summary.answers.obligations),
    ("Could an incident materially affect the business?", summary.answers.material_impact),
]
for row in (questions[:2], questions[2:]):
    columns = st.columns(2)
    for column, (question, answer) in zip(columns, row, strict=True):
        with column.container(border=True):
            ui.html_block(
                f"<div style='font-weight:700;font-size:1.1rem'>{ui.text(question)}</div>"
                f"<div style='font-size:1.02rem;margin-top:6px'>{ui.text(answer)}</div>"
            )

st.subheader("Most significant risks")
for risk in report.risks[:5]:
    where = f" — {risk.business_unit}" if risk.business_unit else ""
    with st.container(border=True):
        left, right = st.columns([3, 2])
        with left:
            ui.html_block(
                f"<div style='font-size:1.15rem;font-weight:700'>{risk.rank}. {ui.text(risk.title)}{ui.text(where)}</div>"
                f"<div style='margin-top:4px'>{ui.rating_badge(risk.rating)} &nbsp; {ui.text(ui.TREND_WORDS[risk.trend])}"
                f" &nbsp; {'within appetite' if risk.within_appetite else '<b>outside appetite</b>'}</div>"
            )
        with right:
            exposure = risk.exposure
            ui.html_block(
                f"<div>One event: <b>{money(exposure.event_p10 or 0, exposure.currency)} to "
                f"{money(exposure.event_p90 or 0, exposure.currency)}</b></div>"
                f"<div>Owner: <b>{ui.text(risk.owner)}</b></div>"
            )
        with st.expander("Why, and what is being asked"):
            st.markdown(md(risk.statement))

left, right = st.columns([3, 2])
with left:
    st.subheader("Compliance at a glance")
    if report.compliance:
        ui.chart(charts.compliance_bars(report), key="summary_compliance")
    else:
        st.write("No frameworks are in scope. Add them on the Business context page.")
with right:
    st.subheader("Decisions requested")
    if not summary.decisions:
        st.write("No risk is outside the board's appetite this quarter: no decision is requested.")
    for number, decision in enumerate(summary.decisions, start=1):
        with st.container(border=True):
            ui.html_block(
                f"<b>{number}. {ui.text(decision.ask)}</b><br>Owner: {ui.text(decision.owner)}"
            )
            ui.html_block(
                "<ul>" + "".join(f"<li>{ui.text(o)}</li>" for o in decision.options) + "</ul>"
            )

if summary.improvements or summary.deteriorations:
    st.subheader("Biggest movers since last quarter")
    ui.movers(report, ("Improved", "Deteriorated"))
