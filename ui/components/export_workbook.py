"""The workbook section of the board pack: build the Excel file on request, then download."""

from __future__ import annotations

from typing import Any

import streamlit as st

from reporting.export import xlsx
from reporting.report import BoardReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show(report: BoardReport, built: dict[str, Any], stem: str) -> None:
    """The Excel workbook: build and download (kept in `built`)."""
    st.caption(
        "Summary, risk register, compliance control by control, every metric with its source cell."
    )
    from ui import access, session

    history = None if session.is_sample() else session.store()
    if history is not None and access.allowed("see the activity"):
        st.caption("With your own data it also carries the Activity sheet: who changed what, when.")
    if st.button("Build the workbook"):
        activity = (
            history.audit_trail()
            if history is not None and access.allowed("see the activity")
            else None
        )
        built["xlsx"] = xlsx.build_workbook(report, activity)
    if "xlsx" in built:
        st.download_button(
            "Download the workbook", built["xlsx"], file_name=f"{stem}.xlsx", mime=XLSX
        )
