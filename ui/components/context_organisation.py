"""The organisation form: name, sector, revenue, currency and fiscal year."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from reporting.context import BusinessContext


def show(context: BusinessContext, save: Callable[..., None]) -> None:
    """Draw the form; on submit, `save(organization=...)` with the edited values."""
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
            save(
                organization={
                    "name": name or "Your organisation",
                    "sector": sector or None,
                    "annual_revenue": revenue or None,
                    "currency": currency.upper(),
                    "fiscal_year_start_month": month,
                }
            )
