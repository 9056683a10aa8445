"""Business context: who the company is, what matters to it, how much risk it accepts.

Edits re-translate at once; the YAML can be downloaded for next quarter and uploaded back.
"""

import streamlit as st

from ui import session
from ui.components import (
    context_appetite,
    context_file,
    context_frameworks,
    context_organisation,
    context_units,
)

session.init()  # first: a page is never drawn before the sign-in gate has run
st.title("Business context")
st.caption(
    "Risks are ranked by what matters to the business: how critical each unit is, the data "
    "it holds and the rules it is under. Changes apply to every page at once."
)
context = session.context()
if not st.session_state.get("context_given", False):
    st.info(
        "No context has been given yet: medium criticality and a moderate appetite are assumed.",
        icon=":material/info:",
    )
context_file.show(context)


save = session.save_changes

st.subheader("Organisation")
context_organisation.show(context, save)

st.subheader("Business units")
context_units.show(context, session.ingest_result().business_units, save)

st.subheader("Risk appetite and owners")
context_appetite.show(context, save)

st.subheader("Frameworks and targets")
context_frameworks.show(context, save)
