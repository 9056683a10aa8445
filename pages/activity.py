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

session.init()  # first: a page is never drawn before the sign-in gate has run
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
    # Read, not sorted: each event's detail (the files, the quarters) wraps whole.
    tables.static(
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
        alt="Everything done to this organisation's history, newest first",
    )

if access.allowed("see the members"):
    st.subheader("Members and roles")
    if not access.signs_in():
        st.write(
            "Sign-in is not configured, so this is a single-user installation: you "
            "administer every organisation on this machine."
        )
        st.stop()
    path = rules.members_path(data_dir())
    try:
        members = rules.load_members(path)
    except rules.AccessError as problem:
        st.error(md(str(problem)))
        st.stop()
    here = access.organisation()
    current = dict(members.organisations[here].members) if here in members.organisations else {}

    st.caption(
        md(
            f"Who may use {here}'s board pack, by e-mail address: a board reader reads the "
            "board pages and the published packs, the security team prepares and publishes, an "
            "administrator also keeps this list. Add a row for a new member; delete a row to "
            f"remove one. Kept in {path}."
        )
    )
    by_name = {name: role for role, name in rules.ROLE_NAMES.items()}
    if saved := st.session_state.pop("members_saved", None):
        st.success(md(saved), icon=":material/check:")
    # A new editor after each save, so the edits just saved are not applied again.
    version = st.session_state.get("members_version", 0)
    # The file as this editor first drew it: a save refuses if it changed since.
    drawn_from = st.session_state.setdefault(f"members_drawn_{version}", rules.members_digest(path))
    if drawn_from != rules.members_digest(path):
        st.warning(
            "The members file changed since this table was drawn (another administrator "
            "saved it?). Saving is refused until you look again.",
            icon=":material/sync_problem:",
        )
        if st.button("Show the members as they are now"):
            st.session_state["members_version"] = version + 1
            st.rerun()
    edited = st.data_editor(
        pd.DataFrame(
            {"Member": list(current), "Role": [rules.ROLE_NAMES[r] for r in current.values()]}
        ),
        num_rows="dynamic",
        hide_index=True,
        key=f"members_editor_{version}",
        column_config={
            "Member": st.column_config.TextColumn("Member (e-mail address)", required=True),
            "Role": st.column_config.SelectboxColumn("Role", options=list(by_name), required=True),
        },
    )
    if st.button("Save the members", type="primary"):
        people = {
            str(row["Member"]).strip(): by_name.get(row["Role"], "")
            for row in edited.to_dict("records")
            if str(row.get("Member") or "").strip()
        }
        try:
            updated = rules.with_members(members, here, people, editor=access.user())
            said = rules.changes(current, dict(updated.organisations[here].members))
            if not said:
                st.info("Nothing changed.")
            elif not access.may_now("see the members"):
                raise rules.AccessError("Only an administrator can change the members.")
            else:
                rules.save_members(path, updated, drawn_from=drawn_from)
                message = "Saved: " + "; ".join(said) + "."
                try:
                    history.record("changed the members", "; ".join(said))
                except HistoryError as problem:
                    message += f" The change could not be added to the activity: {problem}"
                st.session_state["members_saved"] = message
                st.session_state["members_version"] = version + 1
                st.rerun()
        except rules.AccessError as problem:
            st.error(md(str(problem)), icon=":material/error:")
    groups = [
        f"{group} ({rules.ROLE_NAMES[entry.role]})"
        for group, entry in members.groups.items()
        if entry.organisation == here
    ]
    if groups:
        st.caption(
            md(
                f"Also given by the identity provider's '{members.groups_claim}' claim: "
                + ", ".join(groups)
                + " (edit those in the file)."
            )
        )
