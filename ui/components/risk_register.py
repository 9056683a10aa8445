"""The risk register: filters by business unit, rating and appetite, then the table: one
row per scenario, or, when business units are chosen, each scenario's risk in those units."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reporting.board.words import (
    RANKING_WORDS,
    TREND_WORDS,
    event_range,
    money,
    rating_word,
    risk_where,
    where,
)
from reporting.report import BoardReport


def show(report: BoardReport) -> None:
    units = sorted(
        {where(r.business_unit) for r in (*report.risks, *report.unit_risks) if not r.units}
    )
    f1, f2, f3 = st.columns(3)
    chosen_units = f1.multiselect("Business unit", units, placeholder="All business units")
    chosen_ratings = f2.multiselect(
        "Rating",
        ["critical", "high", "moderate", "low"],
        placeholder="All ratings",
        format_func=str.capitalize,
    )
    appetite = f3.segmented_control("Appetite", ["All", "Outside", "Within"], default="All")
    # The register's rows, or the rows of the chosen units (a scenario split by unit is
    # then shown in each chosen unit).
    rows = (
        [r for r in (*report.risks, *report.unit_risks) if not r.units]
        if chosen_units
        else report.risks
    )
    shown = [
        r
        for r in rows
        if (not chosen_units or where(r.business_unit) in chosen_units)
        and (not chosen_ratings or r.rating in chosen_ratings)
        and (appetite in (None, "All") or (appetite == "Outside") != r.within_appetite)
    ]
    if not shown:
        st.write("No risk matches these filters.")
        return
    st.caption(
        RANKING_WORDS.capitalize()
        + (
            "; each scenario in the business units chosen."
            if chosen_units
            else "; a scenario assessed in several business units is one row, its units worst first."
        )
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Rank": r.rank,
                "Risk": r.title,
                ("Business unit" if chosen_units else "Where"): risk_where(r),
                "Control gap": r.likelihood,
                "Impact": r.impact,
                "Rating": rating_word(r),
                "Trend": TREND_WORDS[r.trend],
                "Appetite": "Within" if r.within_appetite else "Outside",
                "One event could cost": event_range(r.exposure),
                "Expected per year": money(r.exposure.mean, r.exposure.currency),
                "Owner": r.owner,
            }
            for r in shown
        ),
        hide_index=True,
        width="stretch",
    )
