"""The first-session guide: while no quarter is stored, the steps of a first quarter and
where each happens, one click from each page they name."""

from __future__ import annotations

import streamlit as st

from ui import session

#: (what to do, the page where it happens, that page's file), in the order of a first quarter.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("Upload this quarter's workbooks as your tools export them.", "Data", "pages/data.py"),
    (
        "Fix any label not understood and check how each column was read, in the tables "
        "under the files.",
        "Data",
        "pages/data.py",
    ),
    (
        "Say when your fiscal year starts, then describe the business: its units, the data "
        "they hold, the regulations and the board's appetite.",
        "Business context",
        "pages/context.py",
    ),
    (
        "Add the quarter to the history, so next quarter has something to compare with.",
        "Data",
        "pages/data.py",
    ),
    (
        "Review the board pages: the summary, risks, budget and losses, compliance and trends.",
        "Executive summary",
        "pages/summary.py",
    ),
    ("Build the deck, workbook and memo, and publish the pack.", "Board pack", "pages/export.py"),
)


def needed() -> bool:
    """Whether this is a first session: a history that holds no quarter yet."""
    history = session.store()
    return history is not None and not history.quarters()


def show(*, here: str) -> None:
    """The steps, each with a link to its page (none to the page the reader is on)."""
    if not needed():
        return
    with st.expander("Your first quarter, step by step", expanded=True, icon=":material/flag:"):
        for number, (step, title, page) in enumerate(STEPS, start=1):
            text, link = st.columns([5, 1])
            text.markdown(f"**{number}.** {step}")
            if page != here:
                link.page_link(page, label=title)
            else:
                link.caption("This page")
