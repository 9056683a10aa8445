"""Loading workbooks: the uploader, the way back to the sample company, the blank template,
and what the loaded files hold at a glance."""

from __future__ import annotations

import streamlit as st

from reporting.export.template import metrics_template
from reporting.ingest import InputFile
from reporting.observations import IngestResult
from ui import session
from ui.text import md


def _adopt_uploads() -> None:
    # A callback runs before the page draws, so the banner and figures match the files.
    # An empty uploader (files removed, or the page left mid-run) keeps what is loaded;
    # the sample company comes back only through its button.
    uploaded = st.session_state.uploads
    if uploaded:
        session.use_uploads([InputFile(f.name, f.getvalue()) for f in uploaded])


def show() -> None:
    if session.is_sample():
        st.info(
            f"You are looking at the **sample company**, "
            f"{md(session.context().organization.name)}. Upload your own workbooks below to "
            "replace it; nothing leaves this machine.",
            icon=":material/science:",
        )
    st.file_uploader(
        "Upload your metric workbooks (several at once)",
        type=[s.lstrip(".") for s in session.DATA_SUFFIXES],
        accept_multiple_files=True,
        key="uploads",
        on_change=_adopt_uploads,
    )
    left, right = st.columns(2)
    with left:
        if not session.is_sample():
            st.button("Back to the sample company", on_click=session.use_sample)
    with right:
        st.download_button(
            "Download a blank metrics template",
            metrics_template(),
            file_name="metrics_template.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


def summary(result: IngestResult) -> None:
    periods = result.periods
    cols = st.columns(4)
    cols[0].metric("Values understood", f"{len(result.observations):,}")
    cols[1].metric("Quarters", len(periods))
    cols[2].metric("Business units", len(result.business_units))
    cols[3].metric("Labels not mapped", len(result.unmapped))
    if periods:
        first, last = (session.period_name(p, markdown=True) for p in (periods[0], periods[-1]))
        calendar = (
            f" (calendar {periods[0]} to {periods[-1]})"
            if (first, last) != (periods[0], periods[-1])
            else ""
        )
        st.caption(f"Quarters from {first} to {last}{calendar}.")


def files(result: IngestResult) -> None:
    if result.files:
        st.subheader("Files")
    for file in result.files:
        if file.ok:
            st.success(
                f"**{md(file.name)}**: {file.observations} values read", icon=":material/check:"
            )
        else:
            st.error(md(file.error), icon=":material/error:")
