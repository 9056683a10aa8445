"""Data: load workbooks and see, cell by cell, what was understood."""

import streamlit as st

from ui import history_panel, session
from ui.components import column_roles, first_quarter, fiscal_year, label_review, notes, uploads

session.init()  # first: a page is never drawn before the sign-in gate has run
st.title("Data")
first_quarter.show(here="pages/data.py")
uploads.show()
result = session.ingest_result()
uploads.summary(result)
fiscal_year.show(result)
if session.source() == "history":
    st.info(
        "Showing the stored quarter history. Upload a new quarter above to add it.",
        icon=":material/history:",
    )
history_panel.show(fiscal_year_known=not fiscal_year.needed(result))
uploads.files(result)
column_roles.show(result)
label_review.show(result)
notes.show(result)
