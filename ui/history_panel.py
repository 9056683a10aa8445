"""The quarter history on the Data page: save uploads, list quarters, withdraw, restore."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reporting.history import HistoryError, QuarterConflict
from ui import session
from ui.components import tables
from ui.text import md


def _add(replace: bool) -> None:
    history = session.store()
    reviewed = session.reviewing()
    try:
        outcome = history.add(
            session.files(), session.ingest_result(), session.context(), replace=replace
        )
    except QuarterConflict as conflict:
        st.session_state["pending_conflict"] = str(conflict)
        return
    except HistoryError as problem:
        st.session_state["history_message"] = ("error", str(problem))
        return
    st.session_state.pop("pending_conflict", None)
    history.save_context(session.context())
    names = ", ".join(session.period_name(p) for p in outcome.added)
    if reviewed is not None:
        message = (
            f"Updated {names} from its stored files, read again; the version stored before is "
            "kept and can be restored below."
        )
    else:
        replaced = (
            f" (replacing {', '.join(session.period_name(p) for p in outcome.replaced)}; the "
            "old version is kept)"
            if outcome.replaced
            else ""
        )
        message = f"Added {names} to the history{replaced}."
    st.session_state["history_message"] = ("success", message)
    session.use_history()


def show(*, fiscal_year_known: bool = True) -> None:
    history = session.store()
    st.subheader("Quarter history")
    if history is None:
        st.warning(md(st.session_state.get("store_problem", "The history store is not available.")))
        return
    kind, message = st.session_state.pop("history_message", (None, None))
    if kind == "success":
        st.success(md(message), icon=":material/check:")
    elif kind == "error":
        st.error(md(message), icon=":material/error:")

    reviewed = session.reviewing()
    if reviewed is not None:
        st.info(
            f"Reviewing stored upload {reviewed}: its own files, read again with today's "
            "labels, columns and fiscal year. Fix a label or a column below, then update the "
            "stored quarter; the version stored now is kept and can be restored.",
            icon=":material/fact_check:",
        )
        update, leave = st.columns(2)
        update.button(
            "Update the stored quarter",
            type="primary",
            on_click=_add,
            args=(True,),
            disabled=not fiscal_year_known,
        )
        leave.button("Stop reviewing", on_click=session.use_history)
    elif session.source() == "uploads":
        st.button(
            "Add these files to the history",
            type="primary",
            on_click=_add,
            args=(False,),
            disabled=not fiscal_year_known,
            help=None if fiscal_year_known else "Choose when your fiscal year starts, above.",
        )
        if conflict := st.session_state.get("pending_conflict"):
            st.warning(md(conflict), icon=":material/help:")
            yes, no = st.columns(2)
            yes.button("Replace them", on_click=_add, args=(True,))
            no.button("Cancel", on_click=lambda: st.session_state.pop("pending_conflict", None))

    quarters = history.quarters()
    if not quarters:
        st.caption(
            "No quarter is stored yet. Upload a quarter's files and add them to the history; "
            "later quarters merge with it, so trends build up over time."
        )
        return
    if session.source() != "history":
        st.button("Show the stored history", on_click=session.use_history)
    st.dataframe(
        pd.DataFrame(
            {
                "Quarter": session.period_name(q.period),
                "Files": ", ".join(q.files),
                "Added": f"{q.added:%Y-%m-%d %H:%M}",
                "Versions": q.versions,
            }
            for q in quarters
        ),
        hide_index=True,
        width="stretch",
    )
    _uploads(history)
    with st.expander("Withdraw a quarter, or restore an earlier version"):
        periods = [q.period for q in quarters]
        period = st.selectbox(
            "Quarter",
            periods,
            index=len(periods) - 1,
            key="history_period",
            # The names worked out now: a format function is also called outside this run.
            format_func={p: session.period_name(p) for p in periods}.get,
        )
        versions = [
            u for u in history.uploads() if period in u.quarters and u.quarters[period] != "active"
        ]
        if versions:
            chosen = st.selectbox(
                "Earlier version",
                versions,
                key="history_version",
                format_func=lambda u: (
                    f"{', '.join(u.files)}, added {u.added:%Y-%m-%d %H:%M} ({u.quarters[period]})"
                ),
            )
            if st.button("Restore this version"):
                try:
                    history.rollback(period, chosen.id)
                except HistoryError as problem:
                    st.error(md(str(problem)), icon=":material/error:")
                else:
                    session.use_history()
                    st.rerun()
        confirm = st.checkbox(
            f"Yes, withdraw {session.period_name(period)} (it stays stored and can be restored)",
            key="confirm_delete",
        )
        if st.button("Withdraw the quarter", disabled=not confirm):
            try:
                history.delete(period)
            except HistoryError as problem:
                st.error(md(str(problem)), icon=":material/error:")
            else:
                st.session_state.pop("confirm_delete", None)
                session.use_history()
                st.rerun()


_STATES = {"active": "in use", "replaced": "replaced", "deleted": "withdrawn"}


def _uploads(history) -> None:
    """Every stored upload, newest first, with how it was read; any can be opened again."""
    uploads = history.uploads()
    if not uploads:
        return
    st.markdown("**Stored uploads and how they were read**")
    rows = []
    for u in uploads:
        reading = history.reading(u.id)
        rows.append(
            {
                "Upload": u.id,
                "Added": f"{u.added:%Y-%m-%d %H:%M}",
                "Files": ", ".join(u.files),
                "Quarters": "; ".join(
                    f"{session.period_name(p)} ({_STATES.get(state, state)})"
                    for p, state in u.quarters.items()
                ),
                "Values read": reading.values,
                "Labels not understood": len(reading.unmapped),
                "Warnings": len(reading.warnings),
            }
        )
    tables.show(pd.DataFrame(rows), key="stored_uploads")
    chosen = st.selectbox(
        "Review how a stored upload was read",
        [u.id for u in uploads],
        key="review_choice",
        format_func=lambda i: next(
            f"Upload {u.id}: {', '.join(u.files)}, added {u.added:%Y-%m-%d %H:%M}"
            for u in uploads
            if u.id == i
        ),
    )
    st.button(
        "Open it for review",
        on_click=session.review_upload,
        args=(chosen,),
        help="Reads the stored files again, as they were uploaded, so labels and columns can "
        "be checked and fixed.",
    )
