"""The business context as a file: download the YAML, upload one back."""

from __future__ import annotations

import streamlit as st

from reporting.context import BusinessContext
from ui import session
from ui.text import md


def show(context: BusinessContext) -> None:
    left, right = st.columns(2)
    with left:
        st.download_button(
            "Download the context (YAML)",
            context.to_yaml(),
            file_name="context.yaml",
            mime="application/x-yaml",
        )
    with right:
        upload = st.file_uploader(
            "Upload a context file", type=["yaml", "yml"], key="context_upload"
        )
        if upload is not None and st.session_state.get("context_upload_done") != upload.file_id:
            problem = session.set_context_from_yaml(upload.getvalue(), upload.name)
            st.session_state.context_upload_done = upload.file_id
            if problem:
                st.error(md(problem), icon=":material/error:")
            else:
                st.rerun()
