"""Board Brief: the router. Pages draw; `reporting` decides."""

from pathlib import Path

import streamlit as st

from ui import access, session
from ui.text import md

# The tab icon is a file served by this app: a `:material/...:` page icon would make the
# browser fetch it from fonts.gstatic.com. (The `:material/...:` navigation icons below are
# glyphs of the icon font bundled with Streamlit, served from this app too.)
FAVICON = Path(__file__).resolve().parent / "ui" / "assets" / "favicon.png"

st.set_page_config(
    page_title="Board Brief",
    page_icon=FAVICON,
    layout="wide",
    initial_sidebar_state="expanded",
)
# Sign-in, organisation and role, before anything is read. A visitor who may see nothing
# gets one page (sign in, or why not) as the whole navigation: no other page is registered,
# so no address reaches one, and no list of page files is ever shown.
blocked = access.gate()
if blocked is not None:
    st.navigation([st.Page(blocked, title="Board Brief", default=True)], position="hidden").run()
    st.stop()
session.mark_routed()
session.init()
if not access.allowed("prepare the quarter") and session.is_sample():
    # A board reader sees what the security team prepared, never the sample company.
    with st.sidebar:
        access.sidebar()
    st.navigation(
        [st.Page(access.nothing_yet, title="Board Brief", default=True)], position="hidden"
    ).run()
    st.stop()

# Each page with what its reader must be allowed (reporting.access.PERMISSIONS): a page a
# role may not use is not in its navigation at all, so its address leads nowhere.
board = [
    (
        st.Page(
            "pages/summary.py",
            title="Executive summary",
            icon=":material/dashboard:",
            default=True,
        ),
        "read the board pages",
    ),
    (st.Page("pages/risks.py", title="Risks", icon=":material/warning:"), "read the board pages"),
    (
        st.Page("pages/budget.py", title="Budget and losses", icon=":material/payments:"),
        "read the board pages",
    ),
    (
        st.Page("pages/compliance.py", title="Compliance", icon=":material/verified:"),
        "read the board pages",
    ),
    (
        st.Page("pages/trends.py", title="Trends", icon=":material/trending_up:"),
        "read the board pages",
    ),
]
prepare = [
    (st.Page("pages/data.py", title="Data", icon=":material/upload_file:"), "prepare the quarter"),
    (
        st.Page("pages/context.py", title="Business context", icon=":material/domain:"),
        "prepare the quarter",
    ),
    (
        st.Page("pages/export.py", title="Board pack", icon=":material/download:"),
        "download published packs",
    ),
    (st.Page("pages/activity.py", title="Activity", icon=":material/history:"), "see the activity"),
]
if not access.allowed("prepare the quarter"):  # a reader: the packs sit with the board pages
    board, prepare = board + prepare, []
sections = {
    name: [page for page, permission in pages if access.allowed(permission)]
    for name, pages in (("For the board", board), ("Prepare", prepare))
}
page = st.navigation({name: pages for name, pages in sections.items() if pages})

with st.sidebar:
    access.sidebar()
    st.markdown(f"**{md(session.context().organization.name)}**")
    available = session.periods()
    if available:
        options = list(reversed(available))
        names = [session.period_name(p) for p in options]
        # A new widget whenever the quarters on offer change (new data, new fiscal year).
        key = f"period_{abs(hash(tuple(names)))}"
        st.selectbox(
            "Quarter reported",
            options=options,
            index=options.index(session.selected_period()),
            key=key,
            on_change=session.choose_period,
            args=(key,),
            format_func=dict(zip(options, names, strict=True)).get,
            help="The board views show this quarter, compared with the one before it.",
        )
    if session.is_sample():
        st.caption("Showing the sample company. Load your own files on the Data page.")

page.run()
