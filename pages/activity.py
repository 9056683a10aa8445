"""Activity: who uploaded, replaced, withdrew, confirmed, changed the context, published or
recorded a decision in this organisation, and when; the members and their roles for an
administrator."""

import pandas as pd
import streamlit as st

from reporting import access as rules
from reporting.history import HistoryError, data_dir
from ui import access, session
from ui.components import tables
from ui.text import md

st.title("Activity")
st.caption(
    md(
        f"Everything done to {access.organisation()}'s history, newest first: what an auditor "
        "asks for when a figure is questioned."
    )
)
history = session.store()
if history is None:
    st.warning("The history store is not available, so there is no activity to show.")
    st.stop()
try:
    events = history.audit_trail()
except HistoryError as problem:
    st.warning(md(str(problem)))
    st.stop()
if not events:
    st.write("Nothing has been done in this organisation's history yet.")
else:
    tables.show(
        pd.DataFrame(
            {
                "When": f"{e.at:%Y-%m-%d %H:%M} UTC",
                "Who": e.actor,
                "What": e.action,
                "Detail": e.detail,
            }
            for e in events
        ),
        key="activity",
    )

if access.allowed("see the members"):
    st.subheader("Members and roles")
    if not access.signs_in():
        st.write(
            "Sign-in is not configured, so this is a single-user installation: you "
            "administer every organisation on this machine."
        )
    else:
        path = rules.members_path(data_dir())
        try:
            members = rules.load_members(path)
        except rules.AccessError as problem:
            st.error(md(str(problem)))
            st.stop()
        organisation = members.organisations.get(access.organisation())
        rows = [
            {"Member": address, "Role": rules.ROLE_NAMES[role]}
            for address, role in (organisation.members.items() if organisation else [])
        ]
        rows += [
            {"Member": f"Group {group}", "Role": rules.ROLE_NAMES[entry.role]}
            for group, entry in members.groups.items()
            if entry.organisation == access.organisation()
        ]
        if rows:
            tables.show(pd.DataFrame(rows), key="members")
        st.caption(
            md(
                f"Members and roles are kept in {path} (or given by the identity provider's "
                f"'{members.groups_claim}' claim); edit that file to add, remove or change "
                "a member. See README: Team use."
            )
        )
