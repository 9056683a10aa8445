"""The label review: how each workbook label was understood, editable, with the user's
corrections kept in the business context."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

import pandas as pd
import streamlit as st

from reporting.ingest import review
from reporting.observations import IngestResult
from ui import session
from ui.components import tables

COLUMNS = {
    "label": "Label in the workbook",
    "understood_as": "Understood as",
    "confidence": "Confidence",
    "needs_a_look": "Needs a look",
    "how": "Decided by",
    "closest": "Closest metrics",
    "where": "Where",
}


def show(result: IngestResult) -> None:
    rows = review.label_review(result, confirmed=session.context().confirmed.mappings)
    if not rows:
        return
    st.subheader("How labels were understood")
    st.caption(
        "Change 'Understood as' to fix a label, then apply: the choice is kept in the business context."
    )
    table = pd.DataFrame([asdict(r) for r in rows]).rename(columns=COLUMNS)
    if st.toggle("Show only labels that need a look", value=bool(result.unmapped)):
        table = table[table["Needs a look"]]
    edited = tables.editor(
        table,
        disabled=[
            "Label in the workbook",
            "Confidence",
            "Needs a look",
            "Decided by",
            "Closest metrics",
            "Where",
        ],
        column_config={
            "Understood as": st.column_config.SelectboxColumn(
                options=review.choices(),
                required=True,
                help="The catalog metric the label was read as; change it to fix a label",
            ),
            "Confidence": st.column_config.ProgressColumn(
                format="percent", min_value=0, max_value=1, width=110
            ),
            "Needs a look": st.column_config.CheckboxColumn(
                help="Ticked when the reading is doubtful: check what it was understood as"
            ),
            # Shown only when some label has near misses: an empty column is only noise.
            "Closest metrics": st.column_config.TextColumn(
                help="For a doubtful label, the catalog metrics it came closest to"
            )
            if table["Closest metrics"].fillna("").astype(str).str.strip().any()
            else None,
            "Where": st.column_config.TextColumn(
                help="The files, sheets and cells it was read from"
            ),
        },
        key="mapping_editor",
    )
    changed = {
        row["Label in the workbook"]: row["Understood as"]
        for i, row in edited.iterrows()
        if row["Understood as"] != table.loc[i, "Understood as"]
    }
    st.button(
        "Apply mapping changes",
        disabled=not changed,
        type="primary",
        on_click=_apply,
        args=(changed,),
    )


def _apply(changed: dict[str, str]) -> None:
    session.set_context(review.confirm_labels(session.context(), changed, dt.date.today()))
    # The editor keeps its edits by row position; once the labels are read again the rows
    # are in another order, so the same edits would land on other labels. Start afresh.
    tables.forget("mapping_editor")
