"""What the figures do not rest on: a banner above the board's summary, and the detail
behind it on demand."""

from __future__ import annotations

import streamlit as st

from reporting.board.words import CAVEATS_TITLE, caveat_lead
from reporting.report import BoardReport
from ui.text import md

DETAIL_SHOWN = 50


def banner(report: BoardReport) -> None:
    """A warning when data was left out or risks rest on thin evidence, a note when only
    context was assumed; nothing when every figure rests on what was given."""
    if not report.caveats:
        return
    lead = caveat_lead(report)
    say = st.warning if any(c.kind in ("data", "evidence") for c in report.caveats) else st.info
    say(md(lead))
    with st.expander(CAVEATS_TITLE):
        for caveat in report.caveats:
            st.markdown(f"**{md(caveat.text)}**")
            if caveat.detail:
                shown = caveat.detail[:DETAIL_SHOWN]
                st.markdown("\n".join(f"- {md(line)}" for line in shown))
                if len(caveat.detail) > len(shown):
                    st.caption(f"and {len(caveat.detail) - len(shown):,} more.")
