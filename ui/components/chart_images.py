"""The chart images section: render every chart as PNG and SVG and download them as one zip."""

from __future__ import annotations

from typing import Any

import streamlit as st

from reporting.export import images
from reporting.export.bundle import zip_files
from reporting.report import BoardReport


def show(report: BoardReport, built: dict[str, Any], stem: str) -> None:
    if not images.images_available():
        st.write(
            "Each chart in the app has a camera button in its corner that downloads it as a 16:9 "
            "picture. (Rendering them all here needs a Chromium browser on this machine.)"
        )
        return
    if st.button("Render the chart images"):
        with st.spinner("Rendering charts..."):
            built["images"] = images.chart_images(report)
    if "images" in built:
        st.download_button(
            "Download the charts (PNG and SVG, zip)",
            zip_files(built["images"]),
            file_name=f"{stem}-charts.zip",
            mime="application/zip",
        )
