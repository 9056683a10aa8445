"""Who is using the app, in which organisation, with which role: the one place every page
and action asks (`allowed`), over `reporting.access`'s table of permissions.

`gate` runs first on every script run (app.py): it refuses to serve an address others can
reach without sign-in, asks for sign-in when it is configured, and settles the user's
organisation and role. Without sign-in (loopback, one person), the local user administers
every organisation in the history.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from reporting import access
from reporting.history import DEFAULT_ORGANISATION, HistoryError, data_dir
from ui.text import md


def _auth() -> dict | None:
    """The [auth] section of the app's secrets, or None when there is none."""
    try:
        section = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets file, or one that is not TOML: no sign-in
        return None
    return dict(section) if section else None


def signs_in() -> bool:
    """Whether sign-in is configured (then every visitor signs in)."""
    return access.sign_in_configured(_auth())


def _now() -> tuple[str | None, dict[str, str], Callable[[], None] | None, str]:
    """Who the visitor is at this moment, read afresh (the members file, the identity
    provider's claims): (user, organisation -> role, the page to show instead, why)."""
    auth = _auth()
    address = st.get_option("server.address") or ""
    problem = access.auth_problem(auth) or access.exposure_problem(address, auth)
    if problem:
        return None, {}, refused, problem
    if not signs_in():
        return access.LOCAL_USER, {n: "admin" for n in _local_organisations()}, None, ""
    if not st.user.is_logged_in:
        return None, {}, sign_in, ""
    email = st.user.get("email")
    if not email or st.user.get("email_verified") is False:
        return (
            None,
            {},
            no_member,
            "Your identity provider did not give a verified e-mail address for your account, "
            "and members are listed by one. Ask your Board Brief administrator.",
        )
    user = str(email)
    try:
        members = access.load_members(access.members_path(data_dir()))
    except access.AccessError as error:
        return None, {}, refused, str(error)
    groups = st.user.get(members.groups_claim) or []
    memberships = members.memberships(user, groups if isinstance(groups, list) else [groups])
    if not memberships:
        return (
            None,
            {},
            no_member,
            f"You are signed in as {user}, but you are not a member of any organisation "
            "here. Ask your Board Brief administrator to add you.",
        )
    return user, memberships, None, ""


def gate() -> Callable[[], None] | None:
    """Refuse an exposed address without sign-in, or a sign-in set-up that is incomplete;
    sign the visitor in; settle their organisation and role. Returns None when they may go
    on, else the one page to show them instead (app.py routes to it alone, so no other page
    is reachable)."""
    user, memberships, instead, why = _now()
    if instead is not None:
        _forget()
        st.session_state["_refusal"] = why
        return instead
    if st.session_state.get("_user") not in (None, user):
        _forget()  # someone else signed in on this browser: nothing of theirs stays
    st.session_state["_user"] = user
    st.session_state["_memberships"] = memberships
    chosen = st.session_state.get("organisation")
    if chosen not in memberships:
        first = DEFAULT_ORGANISATION if DEFAULT_ORGANISATION in memberships else None
        first = first or next(iter(memberships))
        if chosen is None:  # the session's first run: nothing of another organisation held
            st.session_state["organisation"] = first
        else:
            _switch_to(first)
    return None


def may_now(permission: str) -> bool:
    """`allowed`, asked afresh: for an action taken in a widget's callback, which runs
    before this run's gate (a member removed a moment ago can no longer act)."""
    user, memberships, instead, _ = _now()
    return (
        instead is None
        and user == st.session_state.get("_user")
        and access.allowed(memberships.get(organisation()), permission)
    )


def refused() -> None:
    """The page of an address served without sign-in, or of a members file that cannot
    be read: the sentence, nothing else."""
    st.title("Board Brief")
    st.error(md(st.session_state.get("_refusal", "")), icon=":material/lock:")


def sign_in() -> None:
    st.title("Board Brief")
    st.write("Sign in with your organisation's account to see its board pack.")
    st.button("Sign in", type="primary", on_click=st.login)


def no_member() -> None:
    st.title("Board Brief")
    st.warning(md(st.session_state.get("_refusal", "")), icon=":material/person_off:")
    st.button("Sign out", on_click=st.logout)


def nothing_yet() -> None:
    """A board reader's page while their organisation has no stored quarter: the packs
    published so far, if any, and who prepares the next."""
    from ui import session
    from ui.components import published_packs

    st.title("Board Brief")
    st.info(
        md(
            f"No quarter has been prepared for {organisation()} yet. The security team "
            "prepares each quarter's board pack here; you will find it on these pages."
        ),
        icon=":material/hourglass_empty:",
    )
    history = session.store()
    if history is not None and history.packs():
        st.subheader("Packs published to the board")
        published_packs.packs(history)


def _forget() -> None:
    """Nothing of the last user, organisation or data stays in the session."""
    for key in ("_user", "_memberships", "organisation"):
        st.session_state.pop(key, None)
    _drop_data()


def _local_organisations() -> list[str]:
    """Every organisation in the history, and the local one."""
    from ui import session

    base = session.base_store()
    try:
        found = base.organisations() if base is not None else []
    except HistoryError:
        found = []
    return sorted({DEFAULT_ORGANISATION, *found})


def _switch_to(organisation: str) -> None:
    """Work in another organisation: nothing of the last one stays in the session."""
    st.session_state["organisation"] = organisation
    _drop_data()


def _drop_data() -> None:
    for key in (
        "source",
        "files",
        "context",
        "context_given",
        "chosen_period",
        "built_files",
        "reviewing",
        "_files_digest",
        "pending_conflict",
        "history_message",
        "confirm_delete",
        "members_saved",
    ):
        st.session_state.pop(key, None)


def user() -> str:
    return st.session_state.get("_user", access.LOCAL_USER)


def organisation() -> str:
    return st.session_state.get("organisation", DEFAULT_ORGANISATION)


def role() -> str | None:
    return st.session_state.get("_memberships", {}).get(organisation())


def allowed(permission: str) -> bool:
    """Whether the user may do `permission` (see `reporting.access.PERMISSIONS`) in the
    organisation they are working in."""
    return access.allowed(role(), permission)


def sidebar() -> None:
    """Who is signed in, their role, and the organisations they can switch between."""
    memberships = st.session_state.get("_memberships", {})
    if len(memberships) > 1:
        names = list(memberships)
        st.selectbox(
            "Organisation",
            names,
            index=names.index(organisation()),
            key="organisation_choice",
            on_change=lambda: _switch_to(st.session_state["organisation_choice"]),
            help="Each organisation's quarters, context and packs are kept apart.",
        )
    if signs_in():
        st.caption(md(f"Signed in as {user()} ({access.ROLE_NAMES.get(role() or '', '')})"))
        st.button("Sign out", on_click=st.logout, key="sign_out")
