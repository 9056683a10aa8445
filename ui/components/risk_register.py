"""The risk register: filters by business unit, rating and appetite, then the table: one
row per scenario, or, when business units are chosen, each scenario's risk in those units."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reporting.board.words import (
    GAP_WORDS,
    IMPACT_WORDS,
    RANKING_WORDS,
    TREND_WORDS,
    event_range,
    money,
    rating_word,
    risk_where,
    where,
)
from reporting.report import BoardReport
from ui.components import tables


def columns(where_name: str) -> dict:
    """The register's columns, each with its help: what a director hovering the header
    wants to know."""
    text, number = st.column_config.TextColumn, st.column_config.NumberColumn
    return {
        "Rank": number(help=RANKING_WORDS.capitalize()),
        "Risk": text(help="The risk scenario, in business terms"),
        where_name: text(help="The business units it was assessed in, worst first"),
        "Control gap": number(
            "Gap",
            help="Control gap: how far the controls behind it fall short of target: "
            + ", ".join(f"{k} {v}" for k, v in GAP_WORDS.items()),
        ),
        "Impact": number(
            help="What the business stands to lose: "
            + ", ".join(f"{k} {v}" for k, v in IMPACT_WORDS.items())
        ),
        "Rating": text(help="Control gap times impact, as a word"),
        "Trend": text(help="Since last quarter"),
        "Appetite": text(help="Within or outside the risk the board accepts"),
        "One event could cost": text(
            "One event", help="What one event could cost: the likely range"
        ),
        "Expected per year": text(
            "Expected a year", help="The expected loss in a year, events and quiet years"
        ),
        "Owner": text(help="Who answers to the board for it"),
    }


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
    where_name = "Business unit" if chosen_units else "Where"
    tables.show(
        pd.DataFrame(
            {
                "Rank": r.rank,
                "Risk": r.title,
                where_name: risk_where(r),
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
        key="risk_register",
        column_config=columns(where_name),
    )
