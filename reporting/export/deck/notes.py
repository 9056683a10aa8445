"""Speaker notes worth saying: for each slide, what the CISO adds that the slide does not
show (why it matters now, what management is doing), and two questions the board is likely
to ask, each answered from the report. The slides read the report; the notes prepare the
person presenting it. The risk and decision slides, which need their own rows, compose
theirs beside their layout."""

from __future__ import annotations

from reporting.board.targets import is_default
from reporting.board.words import (
    COMPLIANCE_BASIS,
    FRAMEWORK_VERDICTS,
    RANKING_WORDS,
    capitalised,
    count,
    listed,
    money,
    owners_of,
    portfolio_sentence,
    posture_clause,
    report_quarter,
    sentence,
    the_owner,
)
from reporting.export.deck.canvas import Notes
from reporting.report import BoardReport


def _asks(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(pairs)


def _outside(report: BoardReport) -> int:
    return sum(1 for r in report.risks if not r.within_appetite)


def _money_move(report: BoardReport) -> str:
    change = report.change
    if change is None:
        return "This is our first quarter on this basis, so there is no change in money yet."
    delta = change.after - change.before
    return (
        f"Expected annual loss {'rose' if delta > 0 else 'fell'} by "
        f"{money(abs(delta), report.currency)} since last quarter."
    )


@sentence
def _first_ask(report: BoardReport) -> str:
    decisions = report.summary.decisions
    if not decisions:
        return "Nothing this quarter: every risk is within appetite."
    first = decisions[0]
    if len(decisions) == 1:
        return (
            f"One decision: to approve “{first.recommendation}” for {first.title.lower()}."
            if first.recommendation
            else f"One decision, on {first.title.lower()}."
        )
    return (
        f"{count(len(decisions), 'decision', 'decisions')}; the first is to approve "
        f"“{first.recommendation}” for {first.title.lower()}."
        if first.recommendation
        else f"{count(len(decisions), 'decision', 'decisions')}, starting with "
        f"{first.title.lower()}."
    )


@sentence
def _outside_sentence(report: BoardReport) -> str:
    """'3 risks are outside the board's appetite, and each comes with an option we
    recommend.', said as true of the decisions as it is."""
    outside = _outside(report)
    if not outside:
        return "No risk is outside the board's appetite."
    decisions = report.summary.decisions
    recommended = sum(1 for d in decisions if d.recommendation)
    lead = f"{count(outside, 'risk is', 'risks are')} outside the board's appetite"
    if decisions and recommended == len(decisions):
        each = "it comes" if len(decisions) == 1 else "each comes"
        return f"{lead}, and {each} with an option we recommend."
    if recommended:
        return f"{lead}; we recommend an option for {recommended} of {len(decisions)} decisions."
    return f"{lead}; no option to recommend has been found yet."


@sentence
def _owners_sentence(report: BoardReport) -> str:
    """'Each risk has one owner; between them, the CFO, the CIO and the Head of Payments
    own these.', each risk's accountable owner named once."""
    owners = list(dict.fromkeys(the_owner(owners_of(r.owner)[0]) for r in report.risks))
    owners.sort(key=str.casefold)
    if len(owners) == 1:
        return f"{capitalised(owners[0])} owns each of these risks."
    named = [*owners[:4], "others"] if len(owners) > 4 else owners
    return f"Each risk has one owner; between them, {listed(named)} own these."


@sentence
def title(report: BoardReport) -> Notes:
    n_metrics = len(report.metrics)
    return Notes(
        say=(
            f"Good morning. This is our cyber risk report to the board for "
            f"{report_quarter(report)}.",
            "I will take you through what changed, our most significant risks, what they "
            "could cost, our compliance position and the decisions we need from you.",
            "Every figure traces back to a source cell, listed in the appendix.",
        ),
        asks=_asks(
            (
                "How was this prepared?",
                f"From {count(n_metrics, 'security measurement', 'security measurements')} for "
                f"the quarter, mapped to business risks and priced over "
                f"{report.trials:,} simulated years.",
            ),
            ("What do you need from us today?", _first_ask(report)),
        ),
    )


@sentence
def summary(report: BoardReport) -> Notes:
    s = report.summary
    say = [
        f"{capitalised(posture_clause(s.posture, s.direction))}. {_money_move(report)}",
        _outside_sentence(report),
    ]
    if report.budget and report.budget.portfolio:
        say.append(portfolio_sentence(report))
    say.append("I will come back to the decisions at the end.")
    return Notes(
        say=tuple(say),
        asks=_asks(
            ("Are we better or worse than last quarter?", _money_move(report)),
            ("What do you need from us today?", _first_ask(report)),
        ),
    )


@sentence
def top_risks(report: BoardReport, page: int, pages: int) -> Notes:
    risks = report.risks
    first = risks[0]
    say = [
        _owners_sentence(report),
        "The rating weighs what each business unit does and the data it holds, not how "
        "severe a finding is technically.",
        "The money beside each risk is a range: a typical event, not a worst case.",
    ]
    if pages > 1:
        say.append(f"This is page {page} of {pages}.")
    worsening = [r for r in risks if r.trend == "worsening"]
    return Notes(
        say=tuple(say),
        asks=_asks(
            (
                "How are these ranked?",
                f"{RANKING_WORDS.capitalize()}: a critical risk comes before a high one even "
                "when the high one costs more a year.",
            ),
            (
                "Which risk is getting worse?",
                ", ".join(r.title for r in worsening) + " (worsening)."
                if worsening
                else f"No risk is worsening; {first.title.lower()} is the most significant.",
            ),
        ),
    )


@sentence
def heatmap(report: BoardReport) -> Notes:
    top_right = [r for r in report.risks if r.likelihood >= 4 and r.impact >= 4]
    return Notes(
        say=(
            "The map places each risk by how far our controls fall short of target, the "
            "control gap, and how much it would hurt the business.",
            f"{count(len(top_right), 'risk sits', 'risks sit')} in the top-right corner, where "
            "the board's attention belongs.",
            "A risk moves down the map only when its controls improve; impact follows what "
            "the business does, so it moves little from quarter to quarter.",
        ),
        asks=_asks(
            (
                "What would move a risk down?",
                "Closing the control gaps named on its slide: each risk slide says which "
                "measures are off target and by how much.",
            ),
            (
                "Why is the chance of an event not on this map?",
                "The map shows control gap and impact; the chance in a year is on each risk "
                "slide, from the simulation.",
            ),
        ),
    )


@sentence
def change(report: BoardReport) -> Notes:
    c = report.change
    assert c is not None
    heaviest = max(c.by_metric, key=lambda s: abs(s.amount), default=None)
    say = [
        "Each metric that moved is priced alone: this quarter's loss against the same "
        "quarter with that metric back at last quarter's value.",
        f"What no single metric explains, {money(c.other, report.currency)}, is metrics "
        "moving together, new or missing figures, and simulation noise.",
    ]
    if c.metrics_left_out:
        say.append(
            f"{count(c.metrics_left_out, 'more metric', 'more metrics')} moved too little or "
            f"too late to price alone; {'it is' if c.metrics_left_out == 1 else 'they are'} in "
            "'other changes'."
        )
    return Notes(
        say=tuple(say),
        asks=_asks(
            (
                "What drove most of it?",
                f"{heaviest.name}: {'+' if heaviest.amount > 0 else '−'}"
                f"{money(abs(heaviest.amount), report.currency)} a year."
                if heaviest
                else "No single metric moved the money.",
            ),
            (
                "Is the change real or noise?",
                f"The same {report.trials:,} simulated years price both quarters, so the "
                "moves shown are the metrics', not chance.",
            ),
        ),
    )


@sentence
def losses(report: BoardReport) -> Notes:
    cover, currency = report.insurance, report.currency
    tolerance = next((t for t in report.thresholds if t.kind == "tolerance"), None)
    say = [
        "The curve shows, for each amount, the chance that a whole year's cyber losses "
        "exceed it, from all our risks together.",
        f"Our expected loss is {money(report.exposure.mean, currency)} a year; in a bad year "
        f"(1 in 10) it could reach {money(report.exposure.p90, currency)}.",
    ]
    if tolerance:
        say.append(
            f"The board's tolerance of {money(tolerance.amount, currency)} is exceeded in "
            f"{tolerance.chance:.0%} of years."
        )
    insured = (
        f"In a bad year of {money(cover.bad_year, currency)}, insurance pays "
        f"{money(cover.bad_year - cover.bad_year_uninsured, currency)} and we keep "
        f"{money(cover.bad_year_uninsured, currency)}; the limit runs out in "
        f"{cover.chance_limit_exhausted:.0%} of years."
        if cover
        else "No insurance was given in the business context, so the curve is before any "
        "insurance recovery."
    )
    return Notes(
        say=tuple(say),
        asks=_asks(
            ("Are we insured enough?", insured),
            (
                "How bad could a year be?",
                f"In 1 year in 10 losses exceed {money(report.exposure.p90, currency)}; the "
                "curve shows rarer years further right.",
            ),
        ),
    )


@sentence
def materiality(report: BoardReport) -> Notes:
    m = report.materiality
    assert m is not None
    currency = report.currency
    assumed = (
        " That threshold is assumed; the board should confirm its own."
        if m.assumed
        else " That threshold is the board's own."
    )
    return Notes(
        say=(
            f"The disclosure committee asks whether an incident could be material: on our "
            f"figures, {m.verdict.lower()}.",
            f"A year's losses exceed {money(m.threshold, currency)} with a "
            f"{m.chance:.0%} chance.{assumed}",
            "A single incident can be material for reasons the money does not show, such as "
            "customer trust or a regulator's attention.",
        ),
        asks=_asks(
            (
                "Would we have to disclose an incident?",
                "That depends on the incident; this worksheet gives the committee the figures "
                "to judge it quickly.",
            ),
            (
                "What would change the answer?",
                "Closing the gaps behind our top risks, or more insurance, lowers the chance "
                "of a material year.",
            ),
        ),
    )


@sentence
def compliance(report: BoardReport) -> Notes:
    frameworks = report.compliance
    worst = min(frameworks, key=lambda f: f.share_met if f.share_met is not None else 1.0)
    verdicts = {FRAMEWORK_VERDICTS[f.verdict] for f in frameworks}
    return Notes(
        say=(
            "This is the state of our controls against each framework that applies to us, "
            "read from our security measures.",
            f"The frameworks stand at: {', '.join(sorted(verdicts))}; the weakest is "
            f"{worst.framework}.",
            "Where a control has no evidence we say so rather than count it as met.",
        ),
        asks=_asks(
            (
                "Will we pass the audit?",
                f"These figures are not an audit opinion. {COMPLIANCE_BASIS} They show where "
                "an auditor is likely to look first.",
            ),
            (
                "Which obligation is most at risk?",
                f"{worst.framework}: {worst.gaps[0]}"
                if worst.gaps
                else f"{worst.framework}, with the lowest share of controls met.",
            ),
        ),
    )


@sentence
def trends(report: BoardReport, page: int, pages: int) -> Notes:
    say = [
        "These are the measures that moved most this quarter or that drive our top risks, "
        "over the quarters we hold.",
        "A gap in a line is a quarter with no figure, not a zero.",
        "The dashed line is the target; a percentage axis says where it starts when it does "
        "not start at zero.",
    ]
    if pages > 1:
        say.append(f"This is page {page} of {pages}.")
    return Notes(
        say=tuple(say),
        asks=_asks(
            (
                "Why these measures?",
                "They moved most since last quarter, or they weigh most on the risks at the "
                "top of the register.",
            ),
            (
                "Whose targets are these?",
                _target_sources(report),
            ),
        ),
    )


def _target_sources(report: BoardReport) -> str:
    """Whose the trended measures' targets are: the company's own, or how many are the
    catalog's defaults."""
    shown = [
        m for m in report.metrics if m.business_unit is None and m.metric_id in report.key_metrics
    ]
    defaults = sum(is_default(m.target_source) for m in shown)
    if not defaults:
        return "Ours: each was set in the workbooks or the business context."
    return (
        f"{count(defaults, 'target is', 'targets are')} the metric catalog's default, marked "
        "as such in the appendix; the rest are ours. The board may set its own in the "
        "business context."
    )


@sentence
def budget(report: BoardReport) -> Notes:
    b = report.budget
    assert b is not None
    say = [
        portfolio_sentence(report),
        "We chose the options that remove the most expected loss within the budget, then "
        "priced them together, since two options can close the same gap.",
        f"The options are ranked by the loss they remove over {b.horizon_years} years for "
        "each unit of money they cost over the same years.",
    ]
    if not b.budget_given:
        say.append("No budget was given in the business context, so every costed option is funded.")
    uncosted = [o.name for o in b.options if o.one_off is None and o.yearly is None]
    return Notes(
        say=tuple(say),
        asks=_asks(
            (
                "What does the money not buy?",
                f"{count(len(uncosted), 'option has', 'options have')} no cost yet and cannot be "
                f"weighed until {'it does' if len(uncosted) == 1 else 'they do'}."
                if uncosted
                else "Every option is costed; what is not funded is in the table.",
            ),
            (
                "How sure is the loss each option removes?",
                f"It is the same {report.trials:,} simulated years priced with and without the "
                "option's targets met, so it is as sure as the risk figures themselves.",
            ),
        ),
    )


@sentence
def caveats(report: BoardReport) -> Notes:
    kinds = {c.kind for c in report.caveats}
    return Notes(
        say=(
            "Before the board relies on any figure, this is what it does not rest on.",
            f"This quarter {count(len(report.caveats), 'thing is', 'things are')} on the list; "
            "each is said where the figure it touches appears."
            if report.caveats
            else "This quarter nothing is on the list, which is not always so.",
            "The full list, label by label and cell by cell, is in the workbook's Caveats sheet.",
        ),
        asks=_asks(
            (
                "Can we rely on these figures?",
                "Yes, for what they cover; where data was left out or assumed the slides say so."
                if kinds
                else "Yes: every value read was used, and the business context was complete.",
            ),
            (
                "What would close these gaps?",
                "Mapping the labels we could not read and completing the business context; both "
                "take minutes on the Data and Context pages."
                if kinds
                else "Nothing is open; we keep the same sources next quarter.",
            ),
        ),
    )


@sentence
def follow_ups(report: BoardReport) -> Notes:
    done = sum(f.status == "done" for f in report.follow_ups)
    return Notes(
        say=(
            f"Before this quarter's picture: what the board decided in "
            f"{report.follow_ups_from or 'the last pack'}.",
            f"{count(len(report.follow_ups), 'decision was', 'decisions were')} recorded; "
            + (f"{done} {'is' if done == 1 else 'are'} done." if done else "none is done yet."),
            "Where a decision is behind, its owner says why and by when.",
        ),
        asks=_asks(
            (
                "Did the money we approved make a difference?",
                "Each line is measured by the metrics the decision was meant to move.",
            ),
            (
                "What is late?",
                "; ".join(f.title for f in report.follow_ups if f.status in ("open", "deferred"))
                + "."
                if any(f.status in ("open", "deferred") for f in report.follow_ups)
                else "Nothing is late.",
            ),
        ),
    )


@sentence
def appendix(report: BoardReport, what: str, page: int, pages: int) -> Notes:
    return Notes(
        say=(
            f"For reference, page {page} of {pages}: {what}.",
            "Every number in this pack can be traced back to the file, sheet and cell it came "
            "from.",
            "The workbook holds the same tables with filters.",
        ),
        asks=_asks(
            (
                "Where does this number come from?",
                "The source column names the file, sheet and cell.",
            ),
            (
                "Who checks these figures?",
                "The security team reads them from its tools each quarter; the owners named in "
                "the register answer for them.",
            ),
        ),
    )


__all__ = [
    "appendix",
    "budget",
    "caveats",
    "change",
    "compliance",
    "follow_ups",
    "heatmap",
    "losses",
    "materiality",
    "summary",
    "title",
    "top_risks",
    "trends",
]
