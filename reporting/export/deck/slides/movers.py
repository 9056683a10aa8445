"""What changed since last quarter, up front: the measures whose move did most to expected
annual loss, in the business unit where they moved, worse first, each with its direction
and its money, so the board hears the quarter's news before the register."""

from __future__ import annotations

from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from reporting.board.palette import MUTED, STATUS_COLOURS
from reporting.board.words import count, format_value, money, quarter_name, sentence, where
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Cell, Column, Notes, Paragraph
from reporting.report import BoardReport, MoneyMove


def movers_slide(deck: Deck, report: BoardReport) -> None:
    change = report.change
    if change is None or not change.movers:
        return
    currency = report.currency
    before = quarter_name(report.period_labels.get(change.previous_period), change.previous_period)
    # (the comparison is the change's own previous quarter, named by the one rule)
    moved = [m for m in report.metrics if m.previous is not None and m.previous != m.value]
    worse = sum(m.movement == "worsening" for m in moved)
    better = sum(m.movement == "improving" for m in moved)
    title = (
        f"What changed since {before}: {count(worse, 'measure', 'measures')} worse, {better} better"
    )
    columns = [
        Column("Where", 1.7),
        Column("What moved", 4.2),
        Column(f"{before}", 1.4, PP_ALIGN.RIGHT),
        Column("Now", 1.2, PP_ALIGN.RIGHT),
        Column("Direction", 1.3, PP_ALIGN.CENTER),
        Column("Expected loss a year", 2.0, PP_ALIGN.RIGHT),
    ]
    rows = [
        [
            Cell(where(m.business_unit)),
            Cell(m.name, bold=True),
            Cell(format_value(m.previous, m.unit)),
            Cell(format_value(m.value, m.unit)),
            Cell(
                "Worse" if m.worse else "Better",
                fill=STATUS_COLOURS["red" if m.worse else "green"],
                bold=True,
            ),
            Cell(_money_move(m, currency)),
        ]
        for m in change.movers
    ]
    slide = deck.slide(title, _notes(report, change.movers, before, worse, better))
    table_box, note_box = deck.body.rows(5, 1, gap=Inches(0.15))
    deck.fitted_table(slide, table_box, columns, rows, largest=16, smallest=12)
    delta = change.after - change.before
    deck.text(
        slide,
        note_box,
        [
            Paragraph(
                f"In all, expected annual loss {'rose' if delta > 0 else 'fell'} by "
                f"{money(abs(delta), currency)} to {money(change.after, currency)}. Each move "
                "is priced alone: this quarter with only that measure, in only that unit, back "
                "where it was.",
                colour=MUTED,
            )
        ],
        14,
        12,
    )


def _money_move(move: MoneyMove, currency: str) -> str:
    if move.amount is None:
        return "Not priced"
    if abs(move.amount) < 500:
        return "Little change"
    return f"{'+' if move.amount > 0 else '−'}{money(abs(move.amount), currency)}"


@sentence
def _notes(
    report: BoardReport, movers: list[MoneyMove], before: str, worse: int, better: int
) -> Notes:
    currency = report.currency
    bad = [m for m in movers if m.worse]
    good = [m for m in movers if not m.worse]
    say = [
        f"Since {before}, {count(worse, 'measure has', 'measures have')} worsened and "
        f"{count(better, 'has', 'have')} improved; these are the moves that did most to the "
        "money.",
    ]
    if bad:
        m = bad[0]
        scope = f"in {m.business_unit}" if m.business_unit else "across the company"
        say.append(
            f"The costliest worsening is {m.name.lower()} {scope}, adding about "
            f"{money(m.amount or 0, currency)} of expected loss a year."
        )
    if good:
        m = good[0]
        say.append(
            f"The biggest gain is {m.name.lower()}, taking about "
            f"{money(abs(m.amount or 0), currency)} a year off."
        )
    say.append("The risk slides that follow show where each move lands.")
    worst_risk = next((r for r in report.risks if r.trend == "worsening"), None)
    return Notes(
        say=tuple(say),
        asks=(
            (
                "Is any risk getting worse?",
                f"{worst_risk.title} is worsening; it is rated {worst_risk.rating}."
                if worst_risk
                else "No risk's rating is worse than last quarter.",
            ),
            (
                "Why price each move alone?",
                "So the board sees what each measure is worth; moves together, new figures "
                "and simulation noise are in the change-in-money slide as 'other changes'.",
            ),
        ),
    )
