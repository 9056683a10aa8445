"""The what-if form: set metrics to the value an investment would achieve, see the exposure
change across every risk. Which metrics, and the value suggested, come from
`reporting.what_if_options`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reporting.board.words import money
from reporting.report import BoardReport, Risk
from reporting.translate import WhatIf
from reporting.what_if_options import what_if_defaults, what_if_options
from ui.components import tables
from ui.components.elements import big_number


def form(report: BoardReport, risk: Risk) -> tuple[dict[str, float], float, bool]:
    """The changed values, the cost, and whether the form was submitted."""
    options = {o.metric_id: o for o in what_if_options(report)}
    with st.form("what_if"):
        picked = st.multiselect(
            "Metrics to change",
            list(options),
            default=what_if_defaults(risk),
            format_func=lambda m: options[m].name,
        )
        values = {}
        for metric_id in picked:
            option = options[metric_id]
            values[metric_id] = st.number_input(
                f"{option.name} ({option.unit})",
                value=option.suggested,
                min_value=option.minimum,
                max_value=option.maximum,
                key=f"wi_{metric_id}",
            )
        cost = st.number_input(
            f"Cost of the improvement ({report.currency}, optional)",
            min_value=0.0,
            value=0.0,
            step=10_000.0,
        )
        run = st.form_submit_button("Show the change in exposure")
    return values, cost, run


def show(result: WhatIf) -> None:
    """The exposure before and after, and each risk's rating and expected loss."""
    c1, c2, c3 = st.columns(3)
    with c1:
        big_number("Bad-year loss (1 in 10), now", money(result.before_p90, result.currency))
    with c2:
        big_number(
            "After the change",
            money(result.after_p90, result.currency),
            f"{money(result.before_p90 - result.after_p90, result.currency)} less",
        )
    with c3:
        if result.reduction_per_unit_cost is not None:
            big_number(
                "Expected loss avoided per unit spent",
                f"{result.reduction_per_unit_cost:.2f}",
                "per year, for each unit of money invested",
            )
    tables.show(
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
        key="what_if_risks",
    )
