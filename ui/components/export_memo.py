"""The memo to the board: download it as Markdown or printable HTML, or read it here."""

from __future__ import annotations

import streamlit as st

from reporting.export import memo
from reporting.report import BoardReport
from reporting.text import markdown_literal


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
        # Escaped for Streamlit's renderer, which rewrites more than a markdown file's.
        st.markdown(memo.memo_markdown(report, literal=markdown_literal))
