"""The frameworks and targets form: which frameworks are in scope, and each metric's target."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from reporting.context import FRAMEWORKS, BusinessContext
from reporting.ingest.review import metric_names


def show(context: BusinessContext, save: Callable[..., None]) -> None:
    """Draw the form; on submit, `save(frameworks=..., targets=...)`."""
    with st.form("frameworks"):
        frameworks = st.multiselect(
            "Frameworks in scope", list(FRAMEWORKS), default=context.frameworks
        )
        names = metric_names()
        # No target set: no row at all (an empty row would read "None"); + adds one.
        targets = pd.DataFrame(
            [{"Metric": names[k], "Target": v} for k, v in context.targets.items() if k in names],
            columns=["Metric", "Target"],
        ).astype({"Metric": object, "Target": float})
        st.caption(
            "A target set here replaces the metric catalog's default wherever the workbooks "
            "give none; a default is marked (default target) on the board pages."
        )
        edited_targets = st.data_editor(
            targets,
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            height="content",
            placeholder="",
            column_config={
                "Metric": st.column_config.SelectboxColumn(
                    options=sorted(names.values()), width="large"
                ),
                "Target": st.column_config.NumberColumn(
                    min_value=0.0, help="In the metric's own unit (a percentage as 0 to 100)"
                ),
            },
            key="targets_editor",
        )
        if st.form_submit_button("Save frameworks and targets"):
            by_name = {v: k for k, v in names.items()}
            save(
                frameworks=frameworks,
                targets={
                    by_name[r["Metric"]]: float(r["Target"])
                    for _, r in edited_targets.iterrows()
                    if r["Metric"] and r["Target"] is not None and not pd.isna(r["Target"])
                },
            )
