"""The slide deck section of the board pack: sections, template, build on request, download."""

from __future__ import annotations

from typing import Any

import streamlit as st

from reporting.export import deck
from reporting.report import BoardReport
from ui.text import md

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def show(report: BoardReport, built: dict[str, Any], stem: str) -> None:
    """The deck: sections, optional template, build and download (kept in `built`)."""
    sections = st.multiselect(
        "Sections",
        list(deck.DECK_SECTIONS),
        default=list(deck.DECK_SECTIONS),
        format_func=deck.DECK_SECTIONS.get,
    )
    template = st.file_uploader(
        "Your company's slide template (optional)", type=["pptx", "potx"], key="deck_template"
    )
    if st.button("Build the deck", type="primary", disabled=not sections):
        try:
            built["deck"] = deck.build_deck(
                report, sections=sections, template=template.getvalue() if template else None
            )
        except ValueError as problem:
            st.error(md(problem), icon=":material/error:")
    if "deck" in built:
        st.download_button("Download the deck", built["deck"], file_name=f"{stem}.pptx", mime=PPTX)
