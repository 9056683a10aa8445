"""Publishing to the board: freeze this report (and its deck), and list the packs published."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from reporting.board.words import report_quarter
from reporting.history import HistoryError
from reporting.report import BoardReport
from ui.components import follow_ups
from ui.components.export_deck import PPTX
from ui.text import md

if TYPE_CHECKING:
    from reporting.history import HistoryStore


def show(
    report: BoardReport, history: HistoryStore | None, deck: bytes | None, sample: bool
) -> None:
    """The publish button and the published packs, or why publishing is not available."""
    if sample:
        st.write(
            "Publishing keeps a frozen copy of what the board was shown. It is available "
            "for your own data, not for the sample company."
        )
        return
    if history is None:
        st.warning("The history store is not available, so packs cannot be published.")
        return
    st.caption(
        "Freezes this report (and the deck, when built above) as the pack presented. Next "
        "quarter's summary shows what changed since."
    )
    from ui import access

    if access.allowed("publish") and st.button("Publish this pack", type="primary"):
        try:
            history.publish(report, deck)
        except HistoryError as problem:
            st.error(md(str(problem)), icon=":material/error:")
        else:
            st.success(
                f"Published {md(report.organization)}, {md(report_quarter(report))}.",
                icon=":material/check:",
            )
    packs(history)
    if access.allowed("record decisions"):
        follow_ups.record(history)


def packs(history: HistoryStore) -> None:
    """Each published pack, with its frozen report and the deck as presented."""
    entries = history.packs()
    if not entries:
        return
    st.markdown("**Published packs**")
    for entry in entries:
        left, middle, right = st.columns([3, 1, 1])
        left.write(f"{md(entry.title)}, published {entry.published:%Y-%m-%d %H:%M}")
        saved, presented = history.pack(entry.id)
        middle.download_button(
            "Report (JSON)",
            saved.model_dump_json(indent=2),
            file_name=f"published-{entry.period}-{entry.id}.json",
            mime="application/json",
            key=f"pack_json_{entry.id}",
        )
        if presented:
            right.download_button(
                "Deck as presented",
                presented,
                file_name=f"published-{entry.period}-{entry.id}.pptx",
                mime=PPTX,
                key=f"pack_deck_{entry.id}",
            )
