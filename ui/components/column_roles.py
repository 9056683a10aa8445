"""How each column was read (metric name, quarter, value, business unit...), editable, with
the user's choices kept in the business context for the next quarter's files."""

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
    "where": "File and sheet",
    "column": "Column",
    "header": "Header",
    "read_as": "Read as",
    "how": "Decided by",
}


def show(result: IngestResult) -> None:
    context = session.context()
    rows = review.column_review(result, context.confirmed.columns)
    if not rows:
        return
    st.subheader("How columns were read")
    st.caption(
        "Change 'Read as' when a column was misread (for example a business unit read as "
        "notes), then apply: the choice is kept for every file with that header."
    )
    table = pd.DataFrame([asdict(r) for r in rows]).rename(columns=COLUMNS)
    edited = tables.editor(
        table,
        disabled=["File and sheet", "Column", "Header", "Decided by"],
        column_config={
            "Read as": st.column_config.SelectboxColumn(
                options=list(review.COLUMN_WORDS.values()),
                required=True,
                help="What the column holds; change it when it was misread",
            ),
            "Column": st.column_config.TextColumn(help="The column's letter in the sheet"),
            "Decided by": st.column_config.TextColumn(
                help="Whether its header, its values or your choice decided it"
            ),
        },
        key="column_editor",
    )
    changed = {
        row["Header"]: row["Read as"]
        for i, row in edited.iterrows()
        if row["Read as"] != table.loc[i, "Read as"] and row["Header"]
    }
    st.button(
        "Apply column changes",
        disabled=not changed,
        type="primary",
        on_click=_apply,
        args=(changed,),
    )


def _apply(changed: dict[str, str]) -> None:
    session.set_context(review.confirm_columns(session.context(), changed, dt.date.today()))
    # Rows are listed anew once the files are read again; edits kept by position would
    # land on other columns.
    tables.forget("column_editor")
