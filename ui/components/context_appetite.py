"""The risk appetite form: the default appetite, the loss tolerated in a bad year, and each
scenario's appetite and owner."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from reporting.catalog.scenarios import load_scenarios
from reporting.context import BusinessContext

AS_DEFAULT = "as the default"
LEVELS = ["low", "moderate", "high"]


def show(context: BusinessContext, save: Callable[..., None]) -> None:
    """Draw the form; on submit, `save(risk_appetite=..., owners=...)`."""
    scenarios = load_scenarios()
    with st.form("appetite"):
        default = st.segmented_control(
            "Default appetite",
            LEVELS,
            default=context.risk_appetite.default,
            format_func=str.capitalize,
        )
        tolerance = st.number_input(
            f"Loss the board tolerates in a bad year ({context.organization.currency}, 0 for none)",
            min_value=0.0,
            value=float(context.risk_appetite.tolerance or 0),
            step=100_000.0,
        )
        table = pd.DataFrame(
            [
                {
                    "Scenario": s.title,
                    "Appetite": context.risk_appetite.per_scenario.get(s.id, AS_DEFAULT),
                    "Owner": context.owners.get(s.id, ""),
                }
                for s in scenarios.scenarios
            ]
        )
        edited = st.data_editor(
            table,
            hide_index=True,
            width="stretch",
            height="content",
            placeholder="",
            disabled=["Scenario"],
            column_config={
                "Appetite": st.column_config.SelectboxColumn(
                    options=[AS_DEFAULT, *LEVELS], required=True
                )
            },
            key="appetite_editor",
        )
        if st.form_submit_button("Save appetite and owners"):
            by_title = {s.title: s.id for s in scenarios.scenarios}
            save(
                risk_appetite={
                    "default": default or "moderate",
                    "per_scenario": {
                        by_title[r["Scenario"]]: r["Appetite"]
                        for _, r in edited.iterrows()
                        if r["Appetite"] in LEVELS
                    },
                    "tolerance": tolerance or None,
                },
                owners={
                    by_title[r["Scenario"]]: str(r["Owner"]).strip()
                    for _, r in edited.iterrows()
                    if str(r["Owner"] or "").strip()
                },
            )
