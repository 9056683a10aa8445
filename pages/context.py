"""Business context: who the company is, what matters to it, how much risk it accepts.

Edits re-translate at once; the YAML can be downloaded for next quarter and uploaded back.
"""

import pandas as pd
import streamlit as st
import yaml

from reporting.catalog import load_catalog
from reporting.catalog.scenarios import load_scenarios
from reporting.context import DATA_CLASSES, FRAMEWORKS, ContextError, load_context
from ui import session
from ui.text import md

st.title("Business context")
st.caption(
    "Risks are ranked by what matters to the business: how critical each unit is, the data "
    "it holds and the rules it is under. Changes apply to every page at once."
)
context = session.context()
catalog = load_catalog()
scenarios = load_scenarios()
if not st.session_state.get("context_given", False):
    st.info(
        "No context has been given yet: medium criticality and a moderate appetite are assumed.",
        icon=":material/info:",
    )

left, right = st.columns(2)
with left:
    st.download_button(
        "Download the context (YAML)",
        context.to_yaml(),
        file_name="context.yaml",
        mime="application/x-yaml",
    )
with right:
    upload = st.file_uploader("Upload a context file", type=["yaml", "yml"], key="context_upload")
    if upload is not None and st.session_state.get("context_upload_done") != upload.file_id:
        problem = session.set_context_from_yaml(upload.getvalue(), upload.name)
        st.session_state.context_upload_done = upload.file_id
        if problem:
            st.error(md(problem), icon=":material/error:")
        else:
            st.rerun()


def apply(**changes) -> None:
    """Validate the edited context through the same loader as a file, so mistakes read the same."""
    data = {**context.model_dump(mode="json", exclude_none=True, exclude_unset=True), **changes}
    try:
        updated = load_context(yaml.safe_dump(data, sort_keys=False), source="Your change")
    except ContextError as problem:
        st.error(md(problem), icon=":material/error:")
        return
    session.set_context(updated)
    st.rerun()


st.subheader("Organisation")
with st.form("organisation"):
    org = context.organization
    c1, c2 = st.columns(2)
    name = c1.text_input("Name", org.name)
    sector = c2.text_input("Sector", org.sector or "")
    c3, c4, c5 = st.columns(3)
    revenue = c3.number_input(
        "Annual revenue",
        min_value=0.0,
        value=float(org.annual_revenue or 0),
        step=1e6,
        format="%.0f",
        help="Scales the loss ranges. Leave at 0 if unknown.",
    )
    currency = c4.text_input("Currency (ISO code)", org.currency, max_chars=3)
    month = c5.selectbox(
        "Fiscal year starts in",
        list(range(1, 13)),
        index=org.fiscal_year_start_month - 1,
        format_func=lambda m: pd.Timestamp(2000, m, 1).strftime("%B"),
    )
    if st.form_submit_button("Save organisation"):
        apply(
            organization={
                "name": name or "Your organisation",
                "sector": sector or None,
                "annual_revenue": revenue or None,
                "currency": currency.upper(),
                "fiscal_year_start_month": month,
            }
        )

st.subheader("Business units")
units = pd.DataFrame(
    [
        {
            "Name": u.name,
            "Criticality": u.criticality,
            "Data held": u.data,
            "Regulations": u.regulations,
            "Owner": u.owner or "",
        }
        for u in context.business_units
    ]
    or [{"Name": "", "Criticality": 3, "Data held": [], "Regulations": [], "Owner": ""}]
)
for name in session.ingest_result().business_units:
    if context.unit(name) is None and name not in set(units["Name"]):
        units.loc[len(units)] = {
            "Name": name,
            "Criticality": 3,
            "Data held": [],
            "Regulations": [],
            "Owner": "",
        }
edited_units = st.data_editor(
    units,
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    column_config={
        "Criticality": st.column_config.NumberColumn(
            min_value=1, max_value=5, step=1, help="5 = most critical"
        ),
        "Data held": st.column_config.MultiselectColumn(options=list(DATA_CLASSES)),
        "Regulations": st.column_config.MultiselectColumn(
            options=sorted({*FRAMEWORKS, "GDPR", "HIPAA", "SOX", "NIS2", "DORA", "CCPA", "GLBA"}),
            accept_new_options=True,
        ),
    },
    key="units_editor",
)
if st.button("Save business units"):
    apply(
        business_units=[
            {
                "name": str(r["Name"]).strip(),
                "criticality": int(r["Criticality"] or 3),
                "data": list(r["Data held"] or []),
                "regulations": list(r["Regulations"] or []),
                "owner": (str(r["Owner"]).strip() or None) if r["Owner"] is not None else None,
            }
            for _, r in edited_units.iterrows()
            if str(r["Name"] or "").strip()
        ]
    )

AS_DEFAULT = "as the default"
st.subheader("Risk appetite and owners")
DEFAULT = "as the default"
with st.form("appetite"):
    levels = ["low", "moderate", "high"]
    default = st.segmented_control(
        "Default appetite",
        levels,
        default=context.risk_appetite.default,
        format_func=str.capitalize,
    )
    tolerance = st.number_input(
        f"Loss the board tolerates in a bad year ({context.organization.currency}, 0 for none)",
        min_value=0.0,
        value=float(context.risk_appetite.tolerance or 0),
        step=100_000.0,
    )
    table = pd.DataFrame(
        [
            {
                "Scenario": s.title,
                "Appetite": context.risk_appetite.per_scenario.get(s.id, AS_DEFAULT),
                "Owner": context.owners.get(s.id, ""),
            }
            for s in scenarios.scenarios
        ]
    )
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        disabled=["Scenario"],
        column_config={
            "Appetite": st.column_config.SelectboxColumn(
                options=[AS_DEFAULT, *levels], required=True
            )
        },
        key="appetite_editor",
    )
    if st.form_submit_button("Save appetite and owners"):
        by_title = {s.title: s.id for s in scenarios.scenarios}
        apply(
            risk_appetite={
                "default": default or "moderate",
                "per_scenario": {
                    by_title[r["Scenario"]]: r["Appetite"]
                    for _, r in edited.iterrows()
                    if r["Appetite"] in levels
                },
                "tolerance": tolerance or None,
            },
            owners={
                by_title[r["Scenario"]]: str(r["Owner"]).strip()
                for _, r in edited.iterrows()
                if str(r["Owner"] or "").strip()
            },
        )

st.subheader("Frameworks and targets")
with st.form("frameworks"):
    frameworks = st.multiselect("Frameworks in scope", list(FRAMEWORKS), default=context.frameworks)
    names = {m.id: m.name for m in catalog}
    targets = pd.DataFrame(
        [{"Metric": names[k], "Target": v} for k, v in context.targets.items() if k in names]
        or [{"Metric": None, "Target": None}]
    )
    edited_targets = st.data_editor(
        targets,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "Metric": st.column_config.SelectboxColumn(options=sorted(names.values())),
            "Target": st.column_config.NumberColumn(min_value=0.0),
        },
        key="targets_editor",
    )
    if st.form_submit_button("Save frameworks and targets"):
        by_name = {v: k for k, v in names.items()}
        apply(
            frameworks=frameworks,
            targets={
                by_name[r["Metric"]]: float(r["Target"])
                for _, r in edited_targets.iterrows()
                if r["Metric"] and r["Target"] is not None and not pd.isna(r["Target"])
            },
        )
