"""The budget conversation on screen: the budget and what it buys, the options ranked by
loss removed per unit of money, a price for the options that have none, the loss curve
against the tolerance and the insurance, and the materiality worksheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from reporting import charts
from reporting.board.words import cost_words, money, portfolio_sentence
from reporting.report import BoardReport
from ui.components import tables
from ui.components.elements import chart
from ui.text import md


def portfolio(
    report: BoardReport, budget_now: float | None, save: Callable[..., None] | None
) -> None:
    """The budget (kept in the business context) and the options it funds; the budget can
    be changed only with `save` (a role that may change the context)."""
    budget, currency = report.budget, report.currency
    if save is not None:
        with st.form("budget"):
            amount = st.number_input(
                f"Budget for new initiatives this year ({currency}, 0 for every costed option)",
                min_value=0.0,
                value=float(budget_now or 0),
                step=50_000.0,
                format="%.0f",
            )
            if st.form_submit_button("Choose the options for this budget"):
                save(budget=amount or None)
    chosen = budget.portfolio
    if chosen is None:
        st.info("No option has a cost yet: give one below to weigh it against the loss it removes.")
    else:
        st.markdown(f"**{md(portfolio_sentence(report))}**")
        if abs(chosen.eal_removed - chosen.eal_removed_alone) > 0.05 * abs(
            chosen.eal_removed_alone
        ):
            st.caption(
                md(
                    f"Priced together: one by one they would seem to remove "
                    f"{money(chosen.eal_removed_alone, currency)}, but some work on the same "
                    "controls."
                )
            )
        chart(charts.options_bars(report), key="options_bars")
    funded = set(chosen.chosen) if chosen else set()
    per_money = f"Removed per {currency} over {budget.horizon_years} years"
    tables.show(
        pd.DataFrame(
            {
                "Option": o.name,
                "Owner": o.owner or "",
                "Cost": cost_words(o, currency, short=True),
                "Due": f"{o.due:%-d %b %Y}" if o.due else "",
                "Loss removed a year": money(o.eal_removed, currency),
                per_money: (f"{o.per_money:.1f}" if o.per_money is not None else "cost not given"),
                "Brings within appetite": ", ".join(_titles(report, o.brought_within)),
                "Funded": "Yes" if o.name in funded else "",
            }
            for o in budget.options
        ),
        key="budget_options",
        column_config={
            "Cost": st.column_config.TextColumn(help="One-off and yearly cost, as given"),
            "Loss removed a year": st.column_config.TextColumn(
                help="The expected annual loss the option removes, priced with the same model"
            ),
            per_money: st.column_config.TextColumn(
                f"Removed per {currency}",
                help=f"Expected loss removed over {budget.horizon_years} years for each "
                f"{currency} the option costs over them",
            ),
            "Funded": st.column_config.TextColumn(help="Chosen for the budget above"),
        },
    )


def prices(report: BoardReport, initiatives: list, save: Callable[..., None]) -> None:
    """A form per option without a price: its cost and date make it an initiative in the
    business context, with the effect it was built from."""
    unpriced = [o for o in report.budget.options if o.default]
    if not unpriced:
        return
    st.markdown("**Options still without a price**")
    st.caption(
        "Built from each risk's metrics that are off target. Give a cost to weigh them; "
        "the pack says the cost is missing until you do."
    )
    for i, option in enumerate(unpriced):
        with st.expander(option.name):
            st.markdown("\n".join(f"- {md(e)}" for e in option.effects))
            with st.form(f"price_{i}"):
                one, yearly, due = st.columns(3)
                once = one.number_input(
                    f"One-off ({report.currency})", min_value=0.0, step=10_000.0
                )
                each = yearly.number_input(
                    f"Each year ({report.currency})", min_value=0.0, step=10_000.0
                )
                when = due.date_input("Due", value=None, min_value=dt.date(2000, 1, 1))
                if st.form_submit_button("Add as an initiative"):
                    if not once and not each:
                        st.error("Give a one-off or a yearly cost.")
                    else:
                        save(
                            initiatives=[
                                *(
                                    i.model_dump(mode="json", exclude_none=True)
                                    for i in initiatives
                                ),
                                {
                                    "name": option.name,
                                    "owner": option.owner,
                                    "cost": {"one_off": once, "yearly": each},
                                    **({"due": when.isoformat()} if when else {}),
                                    "effect": [
                                        t.model_dump(exclude_none=True) for t in option.targets
                                    ],
                                },
                            ]
                        )


def change(report: BoardReport) -> None:
    """Expected annual loss last quarter to this, through each metric that moved it."""
    moved = report.change
    delta = moved.after - moved.before
    st.markdown(
        md(
            f"Expected annual loss {'fell' if delta < 0 else 'rose'} by "
            f"{money(abs(delta), report.currency)} since last quarter, to "
            f"{money(moved.after, report.currency)}."
        )
    )
    st.caption(
        "Each metric is priced alone: this quarter's loss against the same quarter with that "
        "metric back at last quarter's value. 'Other changes' is what no single metric "
        "explains: metrics moving together, new or missing figures, and simulation noise."
    )
    chart(charts.money_waterfall(report), key="money_waterfall")


def losses(report: BoardReport) -> None:
    currency = report.currency
    chart(
        charts.exceedance_curve(
            report.exceedance,
            currency,
            "Chance that a year's cyber losses exceed each amount",
            thresholds=report.thresholds,
        ),
        key="losses_curve",
    )
    cover = report.insurance
    if cover:
        st.markdown(
            md(
                f"In a bad year (1 in 10), losses of {money(cover.bad_year, currency)}: insurance "
                f"pays {money(cover.bad_year - cover.bad_year_uninsured, currency)} and the "
                f"company keeps {money(cover.bad_year_uninsured, currency)} "
                f"({cover.bad_year_uninsured_share:.0%})."
            )
        )
    else:
        st.caption("No insurance is given in the business context: losses are shown gross.")


def materiality(report: BoardReport) -> None:
    material = report.materiality
    if material is None:
        return
    st.table(
        pd.DataFrame(
            {"Item": md(item), "Finding": md(finding)} for item, finding in material.lines
        ).set_index("Item")
    )


def _titles(report: BoardReport, scenarios: list[str]) -> list[str]:
    names = {r.scenario: r.title for r in report.risks}
    return [names.get(s, s) for s in scenarios]
