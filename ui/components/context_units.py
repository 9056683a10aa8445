"""The business units table: criticality, data held, regulations and owner of each unit,
with a row for every unit the workbooks name that the context does not list yet."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import streamlit as st

from reporting.context import DATA_CLASSES, REGULATIONS, BusinessContext


def _row(name: str) -> dict:
    return {"Name": name, "Criticality": 3, "Data held": [], "Regulations": [], "Owner": ""}


def show(context: BusinessContext, seen: Iterable[str], save: Callable[..., None]) -> None:
    """Draw the table (`seen`: the units the workbooks name); on the button,
    `save(business_units=...)`."""
    units = pd.DataFrame(
        [
            {
                "Name": u.name,
                "Criticality": u.criticality,
                "Data held": u.data,
                "Regulations": u.regulations,
                "Owner": u.owner or "",
            }
            for u in context.business_units
        ]
        or [_row("")]
    )
    for name in seen:
        if context.unit(name) is None and name not in set(units["Name"]):
            units.loc[len(units)] = _row(name)
    edited_units = st.data_editor(
        units,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        height="content",
        placeholder="",
        column_config={
            "Name": st.column_config.TextColumn(width="medium"),
            "Criticality": st.column_config.NumberColumn(
                min_value=1, max_value=5, step=1, help="5 = most critical"
            ),
            "Data held": st.column_config.MultiselectColumn(options=list(DATA_CLASSES)),
            "Regulations": st.column_config.MultiselectColumn(
                options=list(REGULATIONS), accept_new_options=True
            ),
            "Owner": st.column_config.TextColumn(
                width="medium", help="Who answers for the unit's risks when a scenario has no owner"
            ),
        },
        key="units_editor",
    )
    if st.button("Save business units"):
        save(
            business_units=[
                {
                    "name": str(r["Name"]).strip(),
                    "criticality": int(r["Criticality"] or 3),
                    "data": list(r["Data held"] or []),
                    "regulations": list(r["Regulations"] or []),
                    "owner": (str(r["Owner"]).strip() or None) if r["Owner"] is not None else None,
                }
                for _, r in edited_units.iterrows()
                if str(r["Name"] or "").strip()
            ]
        )
