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
    if st.button("Build the workbook"):
        built["xlsx"] = xlsx.build_workbook(report)
    if "xlsx" in built:
        st.download_button(
            "Download the workbook", built["xlsx"], file_name=f"{stem}.xlsx", mime=XLSX
        )
