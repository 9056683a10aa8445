"""Budget: what the board could fund, what each option buys per dollar, the portfolio a
budget buys, losses against the tolerance and the insurance, and materiality."""

import streamlit as st

from ui import access, session
from ui import components as ui
from ui.components import budget

session.init()  # first: a page is never drawn before the sign-in gate has run
st.title("Budget and losses")
report = session.report()
if report is None or report.budget is None:
    ui.no_report()
    st.stop()
context = session.context()
st.caption(
    ui.period_caption(report)
    + ". Each option is priced with the same model and simulated years as the risks, so the "
    "difference is what it buys."
)


# Setting the budget and pricing options change the business context: not a reader's.
save = session.save_changes if access.allowed("prepare the quarter") else None

if report.change is not None:
    st.subheader("What changed, in money")
    budget.change(report)

st.subheader("What the budget buys")
budget.portfolio(report, context.budget, save)
if save is not None:
    budget.prices(report, context.initiatives, save)

st.subheader("Losses against our tolerance and insurance")
budget.losses(report)

st.subheader("Materiality")
st.caption("The reasoning a disclosure committee needs, item by item.")
budget.materiality(report)
