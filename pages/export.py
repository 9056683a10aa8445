"""Board pack: choose the sections, then build and download each file when asked."""

import streamlit as st

from reporting.export.bundle import report_identity
from ui import access, session
from ui import components as ui
from ui.components import chart_images, export_deck, export_memo, export_workbook, published_packs

session.init()  # first: a page is never drawn before the sign-in gate has run
st.title("Board pack")
if not access.allowed("publish"):
    # A board reader: the packs as they were presented, read-only.
    history = session.store()
    if history is None or not history.packs():
        st.write("No pack has been published to the board yet.")
    else:
        st.caption("The packs published to the board, each as it was presented.")
        published_packs.packs(history)
    st.stop()
report = session.report()
if report is None:
    ui.no_report()
    st.stop()
st.caption(ui.period_caption(report) + ". Every file is built from the same report as the screen.")

# Built files are kept per report, so a rerun never rebuilds them and a change of data or
# context never serves a stale file.
identity = report_identity(report)
built = st.session_state.setdefault("built_files", {})
if built.get("identity") != identity:
    built.clear()
    built["identity"] = identity
stem = f"board-pack-{report.period}"

st.subheader("Slide deck (PowerPoint, editable charts)")
export_deck.show(report, built, stem)

st.subheader("Workbook (Excel)")
export_workbook.show(report, built, stem)

st.subheader("Memo to the board")
export_memo.show(report, stem)

st.subheader("Chart images")
chart_images.show(report, built, stem)

st.subheader("Publish to the board")
published_packs.show(report, session.store(), built.get("deck"), session.is_sample())
