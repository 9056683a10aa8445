"""Decisions requested: for each risk outside appetite, the option we recommend, what it
costs and the loss it removes a year, the fallback of accepting it until a review date,
and who owns it; the full asks and the other options are in the speaker notes."""

from __future__ import annotations

from pptx.enum.text import PP_ALIGN

from reporting.board.words import (
    cost_words,
    count,
    money,
    no_decision,
    portfolio_sentence,
    sentence,
)
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Cell, Column, Notes, Paragraph
from reporting.report import BoardReport, Decision, OptionResult


def decision_slides(deck: Deck, report: BoardReport) -> None:
    decisions = report.summary.decisions
    if not decisions:
        notes = Notes(
            say=(
                no_decision(report),
                "Every risk stays under watch: its owner reports on it each quarter.",
                "A risk that moves outside appetite comes back to the board with options.",
            ),
            asks=(
                (
                    "Is there anything the board should fund anyway?",
                    "The budget slide shows what each option would buy; none is needed to "
                    "stay within appetite.",
                ),
                (
                    "What would change that?",
                    "A worsening measure that takes a risk outside appetite next quarter.",
                ),
            ),
        )
        slide = deck.slide("Decisions requested", notes)
        deck.text(slide, deck.body, [Paragraph(no_decision(report))], 20, 12)
        return
    currency = report.currency
    options = {o.name: o for o in report.budget.options} if report.budget else {}
    columns = [
        Column("Risk", 2.6),
        Column("We recommend", 3.4),
        Column("Cost", 1.7),
        Column("Removes a year", 1.4, PP_ALIGN.RIGHT),
        Column("Or", 1.6, optional=True),
        Column("Owner", 1.6),
    ]
    rows = []
    for d in decisions:
        option = options.get(d.recommendation or "")
        risk = next((r for r in report.risks if r.id == d.risk_id), None)
        removed = (
            money(option.by_scenario.get(risk.scenario, option.eal_removed), currency)
            if option is not None and risk is not None
            else "–"
        )
        accept = f"Accept until {d.review_by:%-d %b %Y}" if d.review_by else "Accept it"
        rows.append(
            [
                Cell(d.title + (f" ({d.business_unit})" if d.business_unit else ""), bold=True),
                Cell(_recommended(option, d)),
                Cell(cost_words(option, currency, short=True) if option else "Not yet given"),
                Cell(removed),
                Cell(accept),
                Cell(d.owner),
            ]
        )

    def notes(page: int, pages: int) -> Notes:
        return _notes(report, decisions, options, page, pages)

    deck.paged_table("Decisions requested", notes, columns, rows, largest=14, smallest=12)


def _recommended(option: OptionResult | None, decision: Decision) -> str:
    if option is None:
        return decision.options[0].removeprefix("Approve: ") if decision.options else "–"
    due = f", by {option.due:%-d %b %Y}" if option.due else ""
    return f"{option.name}{due}"


@sentence
def _cost_sentence(chosen: int, costed: int, now: str, yearly: str) -> str:
    """What the recommendations cost, as far as they are costed."""
    if costed == 1:
        return f"The costed recommendation comes to {now} now and {yearly} a year."
    if costed:
        return f"The costed recommendations come to {now} now and {yearly} a year."
    if chosen == 1:
        return "The recommendation has no cost yet."
    return "No recommendation has a cost yet." if chosen else "We recommend no option yet."


@sentence
def _notes(
    report: BoardReport,
    decisions: list[Decision],
    options: dict[str, OptionResult],
    page: int,
    pages: int,
) -> Notes:
    currency = report.currency
    chosen = {
        d.recommendation: options[d.recommendation]
        for d in decisions
        if d.recommendation in options
    }
    costed = [o for o in chosen.values() if o.one_off is not None or o.yearly is not None]
    uncosted = len(chosen) - len(costed)
    now = sum(o.one_off or 0 for o in costed)
    yearly = sum(o.yearly or 0 for o in costed)
    one = len(decisions) == 1
    say = [
        "We ask for one decision, on the one risk outside the board's appetite."
        if one
        else f"We ask for {count(len(decisions), 'decision', 'decisions')}, one for each risk "
        "outside the board's appetite.",
        _cost_sentence(len(chosen), len(costed), money(now, currency), money(yearly, currency)),
    ]
    if uncosted:
        say.append(
            f"{count(uncosted, 'recommendation has', 'recommendations have')} no cost yet: "
            f"{'its owner brings' if uncosted == 1 else 'their owners bring'} a costed plan to "
            "the review date."
        )
    say.append(
        "For each risk the board may approve what we recommend, choose another option, or "
        "accept the risk until the review date."
    )
    if pages > 1:
        say.append(f"This is page {page} of {pages}.")
    first = decisions[0]
    others = "; ".join(
        f"{d.title}: {', '.join(d.alternatives)}" for d in decisions if d.alternatives
    )
    return Notes(
        say=tuple(say[:5]),
        asks=(
            ("What does the budget buy if we cannot fund everything?", portfolio_sentence(report)),
            (
                f"Why “{first.recommendation}”{'' if one else ' first'}?"
                if first.recommendation
                else "Why this first?",
                f"It answers our most significant risk, {first.title.lower()}, and is ranked by "
                "the loss it removes for each unit of money.",
            ),
        ),
        reference=" ".join(d.ask for d in decisions)
        + (f" Other options: {others}." if others else ""),
    )
