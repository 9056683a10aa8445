"""Data: load workbooks and see, cell by cell, what was understood."""

import pandas as pd
import streamlit as st

from reporting.catalog import load_catalog
from reporting.export.template import metrics_template
from reporting.ingest import InputFile
from ui import session
from ui.text import md

st.title("Data")
catalog = load_catalog()


def adopt_uploads() -> None:
    # A callback runs before the page draws, so the banner and figures match the files.
    uploaded = st.session_state.uploads
    if uploaded:
        session.use_uploads([InputFile(f.name, f.getvalue()) for f in uploaded])
    else:
        session.use_sample()


if session.is_sample():
    st.info(
        f"You are looking at the **sample company**, {md(session.context().organization.name)}. "
        "Upload your own workbooks below to replace it; nothing leaves this machine.",
        icon=":material/science:",
    )

st.file_uploader(
    "Upload your metric workbooks (several at once)",
    type=[s.lstrip(".") for s in session.DATA_SUFFIXES],
    accept_multiple_files=True,
    key="uploads",
    on_change=adopt_uploads,
)

left, right = st.columns(2)
with left:
    if not session.is_sample():
        st.button("Back to the sample company", on_click=session.use_sample)
with right:
    st.download_button(
        "Download a blank metrics template",
        metrics_template(),
        file_name="metrics_template.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

result = session.ingest_result()
periods = result.periods
cols = st.columns(4)
cols[0].metric("Values understood", f"{len(result.observations):,}")
cols[1].metric("Quarters", f"{periods[0]} to {periods[-1]}" if periods else "none")
cols[2].metric("Business units", len(result.business_units))
cols[3].metric("Labels not mapped", len(result.unmapped))

st.subheader("Files")
for file in result.files:
    if file.ok:
        st.success(f"**{md(file.name)}**: {file.observations} values read", icon=":material/check:")
    else:
        st.error(md(file.error), icon=":material/error:")

mappings = [
    {
        "File": file.name,
        "Sheet": sheet.name,
        "Label in the workbook": m.label,
        "Understood as": catalog[m.metric_id].name if m.metric_id else "not mapped",
        "Confidence": m.confidence,
        "Cell": m.source.cell,
    }
    for file in result.files
    for sheet in file.sheets
    for m in sheet.mappings
]
if mappings:
    st.subheader("How labels were understood")
    st.dataframe(
        pd.DataFrame(mappings),
        hide_index=True,
        width="stretch",
        column_config={"Confidence": st.column_config.ProgressColumn(format="percent")},
    )

if result.unmapped:
    st.subheader("Labels not used")
    st.dataframe(
        pd.DataFrame(
            {
                "Label": u.label,
                "Where": str(u.source),
                "Values": u.rows,
                "Closest metric": catalog[u.suggestion].name if u.suggestion else "",
            }
            for u in result.unmapped
        ),
        hide_index=True,
        width="stretch",
    )

notes = [w for w in result.warnings if w.kind != "file"]
if notes:
    st.subheader("Warnings and notes")
    st.dataframe(
        pd.DataFrame(
            {"Note": w.message, "Where": str(w.source) if w.source else ""} for w in notes
        ),
        hide_index=True,
        width="stretch",
    )
