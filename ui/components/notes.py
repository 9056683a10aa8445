"""Everything ingest did not turn into a value, with the cell it came from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reporting.board.words import count
from reporting.ingest import review
from reporting.observations import IngestResult
from ui.text import md

NOTES_SHOWN = 200


def show(result: IngestResult) -> None:
    notes = review.notes(result)
    if not notes:
        return
    st.subheader("Warnings and notes")
    st.caption("Everything not turned into a value is listed here, with the cell it came from.")
    # A table, not a grid: every note is read in full, wrapped, without widening columns.
    # st.table renders its cells as markdown, and notes quote labels, files and sheets.
    shown = notes[:NOTES_SHOWN]
    st.table(
        pd.DataFrame(
            {
                "Kind": review.NOTICE_WORDS[w.kind],
                "Note": md(w.message),
                "Where": md(w.source) if w.source else "",
            }
            for w in shown
        ).set_index("Kind")
    )
    if len(notes) > len(shown):
        st.caption(
            f"{count(len(notes) - len(shown), 'more note', 'more notes')}: run board-brief "
            "validate on the files for the full list."
        )
