"""The memo to the board: download it as Markdown or printable HTML, or read it here."""

from __future__ import annotations

import streamlit as st

from reporting.export import memo
from reporting.report import BoardReport


def show(report: BoardReport, stem: str) -> None:
    memo_markdown = memo.memo_markdown(report)
    left, right = st.columns(2)
    left.download_button(
        "Download the memo (Markdown)",
        memo_markdown,
        file_name=f"{stem}-memo.md",
        mime="text/markdown",
    )
    right.download_button(
        "Download the memo (printable HTML)",
        memo.memo_html(report),
        file_name=f"{stem}-memo.html",
        mime="text/html",
    )
    with st.expander("Read the memo"):
        # The Markdown file itself: every text in it is already literal for Streamlit too.
        st.markdown(memo_markdown)
