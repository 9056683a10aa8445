"""One risk in detail: its badges, statement, drivers, exposure numbers and loss curve."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reporting import charts
from reporting.board.targets import DEFAULT_NOTE, is_default, target_text
from reporting.board.words import (
    STATUS_WORDS,
    TREND_WORDS,
    event_range,
    format_value,
    gap_and_impact,
    money,
    rating_word,
    risk_name,
    where,
)
from reporting.report import BoardReport, Risk
from ui.components import tables
from ui.components.elements import big_number, chart, html_block, rating_badge, text
from ui.text import md


def pick(report: BoardReport) -> Risk:
    """The risk chosen in the selectbox: each row of the register, each followed by its
    risk in each business unit when it was assessed per unit."""
    names: dict[str, str] = {}
    for risk in report.risks:
        names[risk.id] = f"{risk.rank}. {risk_name(risk)}"
        for unit in report.units_of(risk):
            names[unit.id] = f"{risk.rank}. {risk.title}, in {unit.business_unit}"
    risk_id = st.selectbox("Risk", list(names), format_func=names.get, key="risk_detail")
    return report.risk(risk_id)


def units(report: BoardReport, risk: Risk) -> None:
    """A scenario's risk in each business unit it was assessed for, worst first."""
    rows = report.units_of(risk)
    if not rows:
        return
    st.markdown("**By business unit** (pick one above to see its own evidence)")
    tables.show(
        pd.DataFrame(
            {
                "Business unit": r.business_unit,
                "Rating": rating_word(r),
                "Trend": TREND_WORDS[r.trend],
                "Appetite": "Within" if r.within_appetite else "Outside",
                "Expected per year": money(r.exposure.mean, r.exposure.currency),
                "One event could cost": event_range(r.exposure),
                "Owner": r.owner,
            }
            for r in rows
        ),
        key=f"units_of_{risk.id}",
    )


def show(risk: Risk, tolerance: float | None) -> None:
    html_block(
        f"{rating_badge(risk)} &nbsp; {text(TREND_WORDS[risk.trend])} &nbsp; "
        f"{text(gap_and_impact(risk.likelihood, risk.impact))} &nbsp; owner: <b>{text(risk.owner)}</b>"
    )
    st.markdown(md(risk.statement))
    st.markdown("**What drives it**")
    tables.show(
        pd.DataFrame(
            {
                "Metric": d.name,
                "Business unit": where(d.business_unit),
                "Value": format_value(d.value, d.unit),
                "Target": target_text(d.target, d.unit, d.target_source),
                "Status": STATUS_WORDS[d.status],
                "Last quarter": "" if d.previous is None else format_value(d.previous, d.unit),
                "Weight": d.weight,
                "Source": str(d.source),
            }
            for d in risk.ranked_drivers
        ),
        key=f"drivers_of_{risk.id}",
        column_config={
            "Weight": st.column_config.NumberColumn(
                help="How much this metric counts towards the risk, against the others"
            ),
            "Source": st.column_config.TextColumn(help="The file, sheet and cell it was read from"),
        },
    )
    if any(is_default(d.target_source) for d in risk.ranked_drivers):
        st.caption(DEFAULT_NOTE)
    left, right = st.columns([2, 3])
    with left:
        e = risk.exposure
        big_number("Chance of at least one event a year", f"{e.annual_probability:.0%}")
        big_number("One event would probably cost", event_range(e))
        big_number(
            "Expected loss per year",
            money(e.mean, e.currency),
            f"1-in-10 year: {money(e.p90, e.currency)}"
            if e.p90 > 0
            else "most years see no such event",
        )
        if risk.benchmark:
            note = st.warning if risk.benchmark.outside else st.caption
            note(md(risk.benchmark.text))
    with right:
        chart(
            charts.exceedance_curve(
                risk.exceedance,
                e.currency,
                "Chance of a year's loss above each amount",
                tolerance,
            ),
            key=f"lec_{risk.id}",
        )
