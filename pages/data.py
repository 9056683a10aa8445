"""Data: load workbooks and see, cell by cell, what was understood."""

import pandas as pd
import streamlit as st

from reporting.catalog import load_catalog
from reporting.export.template import metrics_template
from reporting.ingest import InputFile
from ui import history_panel, session
from ui.text import md

st.title("Data")
catalog = load_catalog()


def adopt_uploads() -> None:
    # A callback runs before the page draws, so the banner and figures match the files.
    # An empty uploader (files removed, or the page left mid-run) keeps what is loaded;
    # the sample company comes back only through its button.
    uploaded = st.session_state.uploads
    if uploaded:
        session.use_uploads([InputFile(f.name, f.getvalue()) for f in uploaded])


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
cols[1].metric("Quarters", len(periods))
cols[2].metric("Business units", len(result.business_units))
cols[3].metric("Labels not mapped", len(result.unmapped))
if periods:
    st.caption(
        f"Quarters from {session.period_name(periods[0], markdown=True)} "
        f"to {session.period_name(periods[-1], markdown=True)}."
    )

if session.source() == "history":
    st.info(
        "Showing the stored quarter history. Upload a new quarter above to add it.",
        icon=":material/history:",
    )

history_panel.show()

if result.files:
    st.subheader("Files")
for file in result.files:
    if file.ok:
        st.success(f"**{md(file.name)}**: {file.observations} values read", icon=":material/check:")
    else:
        st.error(md(file.error), icon=":material/error:")

IGNORE = "Not a security metric (ignore it)"
UNMAPPED = "Not mapped yet"
names = {m.id: m.name for m in catalog}
by_name = {v: k for k, v in names.items()}
rows = []
for file in result.files:
    for sheet in file.sheets:
        for m in sheet.mappings:
            current = (
                names.get(m.metric_id)
                if m.metric_id
                else (IGNORE if m.method == "ignored" else UNMAPPED)
            )
            suggestion = next(
                (u.suggestion for u in result.unmapped if u.label == m.label and u.suggestion), None
            )
            rows.append(
                {
                    "Label in the workbook": m.label,
                    "Understood as": current,
                    "Confidence": m.confidence,
                    "Needs a look": m.metric_id is None or m.needs_confirmation,
                    "Closest metric": names.get(suggestion, ""),
                    "Where": f"{file.name}"
                    + (f", {sheet.name}" if sheet.name != "(text)" else "")
                    + f", {m.source.cell}",
                }
            )
if rows:
    st.subheader("How labels were understood")
    st.caption(
        "Change 'Understood as' to fix a label, then apply: the choice is kept in the business context."
    )
    table = pd.DataFrame(rows).sort_values(["Needs a look", "Confidence"], ascending=[False, True])
    only_doubtful = st.toggle("Show only labels that need a look", value=bool(result.unmapped))
    if only_doubtful:
        table = table[table["Needs a look"]]
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        disabled=["Label in the workbook", "Confidence", "Needs a look", "Closest metric", "Where"],
        column_config={
            "Understood as": st.column_config.SelectboxColumn(
                options=[UNMAPPED, IGNORE, *sorted(names.values())], required=True
            ),
            "Confidence": st.column_config.ProgressColumn(
                format="percent", min_value=0, max_value=1, width="small"
            ),
            "Needs a look": st.column_config.CheckboxColumn(width="small"),
            "Where": st.column_config.TextColumn(width="large"),
        },
        key="mapping_editor",
    )
    changed = {
        row["Label in the workbook"]: row["Understood as"]
        for _, row in edited.iterrows()
        if row["Understood as"] != table.loc[_, "Understood as"]
    }
    if st.button("Apply mapping changes", disabled=not changed, type="primary"):
        context = session.context()
        mappings = dict(context.mappings)
        for label, choice in changed.items():
            if choice == UNMAPPED:
                mappings.pop(label, None)
            else:
                mappings[label] = "ignore" if choice == IGNORE else by_name[choice]
        session.set_context(context.model_copy(update={"mappings": mappings}))
        st.rerun()

KINDS = {
    "assumption": "Assumption",
    "conflict": "Conflict",
    "value": "Value not used",
    "period": "Quarter not read",
    "mapping": "Mapping",
    "context": "Context",
    "missing": "Missing value",
    "duplicate": "Given twice",
    "scaling": "Read as percent",
    "sheet": "Sheet not read",
    "ignored": "Left out",
}
NOTES_SHOWN = 200
notes = sorted(
    (w for w in result.warnings if w.kind != "file"), key=lambda w: list(KINDS).index(w.kind)
)
if notes:
    st.subheader("Warnings and notes")
    st.caption("Everything not turned into a value is listed here, with the cell it came from.")
    # A table, not a grid: every note is read in full, wrapped, without widening columns.
    # st.table renders its cells as markdown, and notes quote labels, files and sheets.
    shown = notes[:NOTES_SHOWN]
    st.table(
        pd.DataFrame(
            {
                "Kind": KINDS[w.kind],
                "Note": md(w.message),
                "Where": md(w.source) if w.source else "",
            }
            for w in shown
        ).set_index("Kind")
    )
    if len(notes) > len(shown):
        st.caption(
            f"{len(notes) - len(shown):,} more notes: run board-brief validate on the files "
            "for the full list."
        )
