"""Board Brief: the router. Pages draw; `reporting` decides."""

from pathlib import Path

import streamlit as st

from ui import session
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
session.mark_routed()
session.init()

board = [
    st.Page(
        "pages/summary.py", title="Executive summary", icon=":material/dashboard:", default=True
    ),
    st.Page("pages/risks.py", title="Risks", icon=":material/warning:"),
    st.Page("pages/budget.py", title="Budget and losses", icon=":material/payments:"),
    st.Page("pages/compliance.py", title="Compliance", icon=":material/verified:"),
    st.Page("pages/trends.py", title="Trends", icon=":material/trending_up:"),
]
prepare = [
    st.Page("pages/data.py", title="Data", icon=":material/upload_file:"),
    st.Page("pages/context.py", title="Business context", icon=":material/domain:"),
    st.Page("pages/export.py", title="Board pack", icon=":material/download:"),
]
page = st.navigation({"For the board": board, "Prepare": prepare})

with st.sidebar:
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
