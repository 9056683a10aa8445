"""The fiscal year, asked on the Data page when the workbooks name fiscal quarters and no
start month is known yet (or shown with where it was read, when a workbook stated it)."""

from __future__ import annotations

import calendar

import streamlit as st

from reporting.context import ContextError, edited
from reporting.observations import IngestResult
from ui import session
from ui.text import md

MONTHS = list(range(1, 13))


def needed(result: IngestResult) -> bool:
    """True while fiscal quarters were read without knowing when the fiscal year starts."""
    return result.fiscal_assumed and session.fiscal_start() is None


def show(result: IngestResult) -> None:
    given = session.fiscal_start()
    if given is not None or not (result.fiscal_assumed or result.fiscal_year_start_month):
        return
    stated = result.fiscal_year_start_month
    if stated is not None:
        where = result.fiscal_year_stated_in
        st.info(
            f"The fiscal year was read as starting in **{calendar.month_name[stated]}**, as "
            f"{md(str(where))} states. Keep it for this company, or choose another month.",
            icon=":material/event:",
        )
    else:
        st.warning(
            "Your workbooks name **fiscal quarters** (such as Q1 FY26), but when your fiscal "
            "year starts is not known, so they were read as calendar quarters. Choose the "
            "month before adding the quarter to the history.",
            icon=":material/event:",
        )
    st.selectbox(
        "Your fiscal year starts in",
        MONTHS,
        index=None if stated is None else stated - 1,
        placeholder="Choose a month",
        format_func=lambda m: calendar.month_name[m],
        key="fiscal_month_choice",
        on_change=_save,
    )
    if stated is not None:
        st.button("Keep it for this company", on_click=_save, args=(stated,))


def _save(month: int | None = None) -> None:
    month = month or st.session_state.get("fiscal_month_choice")
    if month is None:
        return
    context = session.context()
    organization = {
        **context.organization.model_dump(mode="json", exclude_unset=True),
        "fiscal_year_start_month": month,
    }
    try:
        session.set_context(edited(context, organization=organization))
    except ContextError as problem:  # the organisation already holds a mistake
        st.session_state["history_message"] = ("error", str(problem))
