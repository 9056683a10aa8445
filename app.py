"""Board Brief: the router. Pages draw; `reporting` decides."""

import streamlit as st

from ui import session

st.set_page_config(page_title="Board Brief", page_icon=":material/shield:", layout="wide")
session.init()

pages = [
    st.Page("pages/data.py", title="Data", icon=":material/upload_file:", default=True),
]
st.navigation(pages).run()
