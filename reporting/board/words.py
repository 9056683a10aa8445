"""Board words: how the report's facts are said, the same on every view.

Money as a board reads it, chances in words, quarters as the company names them, a
risk's display name, the range one event could cost, and the fixed vocabulary of
statuses, ratings, trends and control states.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reporting.report import BoardReport, Exposure, Risk

PACK_TITLE = "Cyber risk report to the board"
#: The one order of risks, said wherever risks are ranked (`translate.risks.rank`).
RANKING_WORDS = "ranked by rating, then by expected yearly loss"
#: How many of the top risks the pack explains one by one (the deck, the memo).
DETAILED_RISKS = 5

QUESTIONS: tuple[tuple[str, str], ...] = (
    ("protected", "Are we adequately protected?"),
    ("top_risks", "What are our most significant risks?"),
    ("obligations", "Are we meeting our regulatory obligations?"),
    ("material_impact", "Could an incident materially affect the business?"),
)

STATUS_WORDS = {"green": "On target", "amber": "Near target", "red": "Off target"}
CONTROL_WORDS = {
    "met": "Met",
    "partial": "Partly met",
    "not_met": "Not met",
    "no_evidence": "No evidence",
}
TREND_WORDS = {
    "improving": "↓ improving",
    "worsening": "↑ worsening",
    "stable": "→ stable",
    "new": "• new",
}
DIRECTION_NOTES = {
    "improving": "improving since last quarter",
    "worsening": "worsening since last quarter",
    "stable": "stable since last quarter",
    "new": "first quarter reported",
}

# The 1-5 score the rating multiplies by impact measures how far the controls fall short
# of target: it is named for that, so it never reads as a yearly chance beside the chance
# the exposure model gives ("very high" next to "about 1 in 31").
GAP_NAME = "Control gap"
GAP_WORDS = {1: "minimal", 2: "small", 3: "moderate", 4: "large", 5: "severe"}
IMPACT_WORDS = {1: "minor", 2: "moderate", 3: "significant", 4: "major", 5: "severe"}


def gap_and_impact(likelihood: int, impact: int) -> str:
    """'control gap 4 of 5 (large), impact 5 of 5 (severe)'."""
    return (
        f"control gap {likelihood} of 5 ({GAP_WORDS[likelihood]}), "
        f"impact {impact} of 5 ({IMPACT_WORDS[impact]})"
    )


COMPLIANCE_BASIS = "Indicator-based status from security metrics, not an audit opinion."
FRAMEWORK_VERDICTS = {
    "met": "met",
    "partly_met": "partly met",
    "not_met": "not met",
    "not_evidenced": "not enough evidence to judge",
}


def framework_line(framework, *, counts: bool = False) -> str:
    """'PCI DSS 4.0: not enough evidence to judge, evidence for 5 of 23 controls': the
    verdict, then what it rests on; `counts` adds '(3 met, 1 partly, 1 not met)'."""
    evidenced = framework.met + framework.partial + framework.not_met
    total = evidenced + framework.no_evidence
    verdict = FRAMEWORK_VERDICTS[framework.verdict]
    if not evidenced:
        none = (
            "do not evidence its one control"
            if total == 1
            else f"evidence none of its {total} controls"
        )
        return f"{framework.framework}: {verdict}, our metrics {none}"
    line = (
        f"{framework.framework}: {verdict}, evidence for {evidenced} of "
        f"{count(total, 'control', 'controls')}"
    )
    if counts:
        line += f" ({framework.met} met, {framework.partial} partly, {framework.not_met} not met)"
    return line


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$"}


#: Every function that builds a whole board sentence, by name: `tests/reporting/export/
#: test_board_english.py` renders each for one, several, no owner and several owners.
SENTENCES: dict[str, Callable] = {}


def sentence(function: Callable) -> Callable:
    """Mark a function as building whole board sentences (see `SENTENCES`)."""
    SENTENCES[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def count(n: int, one: str, many: str) -> str:
    """'1 risk', '3 risks', '1,204 values': a number with the word that agrees with it."""
    return f"{n:,} {one if n == 1 else many}"


def count_of(part: int, whole: int, one: str, many: str, verb_one: str, verb_many: str) -> str:
    """'1 of 7 risks is outside', '3 of 7 risks are outside': the noun agrees with the
    whole, the verb with the part."""
    return f"{part:,} of {count(whole, one, many)} {verb_one if part == 1 else verb_many}"


def capitalised(text: str) -> str:
    """The text with its first letter a capital, the rest as written ('The CISO ...')."""
    return text[:1].upper() + text[1:]


def listed(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C': items said as a board reads a list."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    return f"{', '.join(items[:-1])} and {items[-1]}"


#: Who is shown as a risk's owner when the business context names none.
DEFAULT_OWNER = "CISO"
# Words that make an owner a role ("the Head of Payments"), not a person ("Jane Smith").
_ROLE_WORDS = frozenset(
    [
        "head",
        "chief",
        "officer",
        "director",
        "manager",
        "lead",
        "leader",
        "president",
        "vp",
        "deputy",
        "team",
        "committee",
        "department",
        "function",
        "group",
        "office",
        "owner",
        "controller",
        "counsel",
        "secretary",
        "board",
    ]
)
_OWNER_SEPARATORS = re.compile(r"\s*(?:;|/|&|\+|\band\b)\s*", re.IGNORECASE)


def _a_role(name: str) -> bool:
    """'CISO', 'Head of Payments', 'Payments COO': a role, said with 'the'; not a person,
    even with their title ('Jane Smith', 'Jane Smith, CFO')."""
    words = re.findall(r"[\w'-]+", name)
    if not words:
        return False

    def role(word: str) -> bool:
        return word.lower() in _ROLE_WORDS or re.fullmatch(r"[A-Z]{2,6}s?", word) is not None

    titled = "," in name or "(" in name  # a person, then their title
    return role(words[0]) or (role(words[-1]) and not titled)


def _stands_alone(name: str) -> bool:
    """A role or a person's name on its own: 'CIO', 'Head of Payments', 'Jane Smith';
    not 'Compliance' (of 'Head of Risk and Compliance')."""
    words = name.split()
    person = len(words) >= 2 and all(w[:1].isupper() for w in words)
    return _a_role(name) or person


def owners_of(owner: str | list[str] | None) -> list[str]:
    """The owners named, the accountable one first: the context may name several in one
    text ('Head of Payments and Chief Digital Officer and CIO', 'CFO/CIO', 'A, B and C'),
    split only where each part names an owner on its own; the CISO when none is named."""
    if isinstance(owner, list):
        names = [n.strip() for n in owner if n and n.strip()]
        return names or [DEFAULT_OWNER]
    text = (owner or "").strip()
    if not text:
        return [DEFAULT_OWNER]
    parts = [p.strip(" ,") for p in _OWNER_SEPARATORS.split(text)]
    if len(parts) > 1:
        parts = [q.strip() for p in parts for q in p.split(",")]
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(_stands_alone(p) for p in parts):
        return list(dict.fromkeys(parts))
    return [text]


def the_owner(name: str) -> str:
    """'the CFO', 'the Head of Payments', 'Jane Smith': an owner as a sentence names them."""
    if name[:4].lower() == "the ":
        return "the " + name[4:]
    return f"the {name}" if _a_role(name) else name


def owner_does(owner: str | list[str] | None, does: str, *, start: bool = False) -> str:
    """One accountable owner doing something, the others with them: 'the CFO brings it
    back', 'the Head of Payments, with the CIO, brings it back'. `does` agrees with one
    owner ('brings', 'is to', 'to bring'); `start` capitalises the first word."""
    lead, *others = [the_owner(n) for n in owners_of(owner)]
    if others:
        text = f"{lead}, with {listed(others)}, {does}"
    else:  # 'Jane Smith, CFO, brings it back'
        text = f"{lead}{', ' if ',' in lead else ' '}{does}"
    return capitalised(text) if start else text


def owner_label(owner: str | list[str] | None) -> str:
    """'Head of Payments', or 'Head of Payments (with CIO)': the one accountable owner, as a
    label names them."""
    lead, *others = owners_of(owner)
    return f"{lead} (with {listed(others)})" if others else lead


def money(amount: float, currency: str) -> str:
    """$1.2M, €350k, £2.4bn: figures a board reads at a glance."""
    symbol = _SYMBOLS.get(currency)
    prefix = symbol if symbol else f"{currency} "
    value = abs(amount)
    # Round first, then pick the scale, so $999,790 reads $1.0M, never $1000k.
    if round(value / 1e9, 1) >= 1:
        text = f"{value / 1e9:.1f}bn"
    elif round(value / 1e6, 1) >= 1:
        text = f"{value / 1e6:.1f}M"
    elif value >= 999.5:
        text = f"{value / 1e3:.0f}k"
    else:
        text = f"{value:.0f}"
    return f"{'-' if amount < 0 else ''}{prefix}{text}"


def chance(probability: float) -> str:
    """A yearly probability as a board reads it: 'about a 1 in 8 chance'."""
    if probability >= 0.95:
        return "near certain"
    if probability >= 0.5:
        return f"about {probability:.0%} likely"
    if probability < 0.01:
        return "less than a 1 in 100 chance"
    return f"about a 1 in {round(1 / probability)} chance"


def chance_of(probability: float, event: str) -> str:
    """The chance of `event` as words that read after 'we estimate': 'at least one such
    event is about 54% likely', 'about a 1 in 8 chance of at least one such event'."""
    text = chance(probability)
    if text.endswith("chance"):
        return f"{text} of {event}"
    return f"{event} is {text}"


@sentence
def chance_sentence(probability: float, event: str, when: str = "in a year") -> str:
    """'An event is about 54% likely in a year.', 'There is about a 1 in 7 chance of an
    event in a year.': the chance of `event` as a sentence of its own."""
    text = chance(probability)
    said = f"there is {text} of {event}" if text.endswith("chance") else f"{event} is {text}"
    return f"{capitalised(said)} {when}."


#: The postures from weakest to strongest; each said as a sentence says it.
POSTURES = ("weak", "needs attention", "adequate", "strong")
_POSTURE_IS = {p: p if p == "needs attention" else f"is {p}" for p in POSTURES}
_POSTURE_WAS = {p: "needed attention" if p == "needs attention" else f"was {p}" for p in POSTURES}


def posture_clause(posture: str, direction: str | None = None) -> str:
    """'our security posture is weak and improving', 'our security posture needs attention
    and is stable', 'our security posture is weak, with no earlier quarter to compare': the
    posture as a verb says it ('needs attention' is no adjective)."""
    said = f"our security posture {_POSTURE_IS[posture]}"
    if direction == "new":
        return f"{said}, with no earlier quarter to compare"
    if direction in ("improving", "worsening", "stable"):
        verb = "is " if posture == "needs attention" else ""
        return f"{said} and {verb}{direction}"
    return said


@sentence
def posture_change(before: str, after: str) -> str:
    """'Our security posture has improved: it is adequate, where last quarter it was weak.'"""
    way = "improved" if POSTURES.index(after) > POSTURES.index(before) else "worsened"
    return (
        f"Our security posture has {way}: it {_POSTURE_IS[after]}, where last quarter it "
        f"{_POSTURE_WAS[before]}."
    )


def format_value(value: float, unit: str) -> str:
    """A metric value as a board reads it: 95.7%, 14, 22 hours, 18 days."""
    if unit == "percent":
        return f"{value:.1f}%".replace(".0%", "%")
    text = f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"
    if unit == "hours":
        return f"{text} hour{'s' if value != 1 else ''}"
    if unit == "days":
        return f"{text} day{'s' if value != 1 else ''}"
    return text


def quarter_name(label: str | None, period: str, escape: Callable[[str], str] = str) -> str:
    """A quarter as the company names it ("Q1 FY27"), or its calendar form ("2026-Q3") when
    the workbooks only wrote that: the one name used everywhere. `escape` makes the user's
    label safe for where it goes (markdown, HTML)."""
    return escape(label) if label and label != period else period


def quarter_in_full(label: str | None, period: str, escape: Callable[[str], str] = str) -> str:
    """'Q1 FY27 (calendar 2026-Q3)': the name and, once, the calendar quarter it is, for the
    places a reader first meets it (a title, a header); just '2026-Q3' for a calendar name."""
    name = quarter_name(label, period, escape)
    return f"{name} (calendar {period})" if name != period else period


def report_quarter(report: BoardReport) -> str:
    """The reported quarter, named as `quarter_name` names it."""
    return quarter_name(report.period_label, report.period)


def report_quarter_in_full(report: BoardReport) -> str:
    """The reported quarter with its calendar quarter, as `quarter_in_full` says it."""
    return quarter_in_full(report.period_label, report.period)


def previous_quarter_name(report: BoardReport) -> str | None:
    """Last quarter, by the same rule, or None when there is none to compare with."""
    previous = report.previous_period
    return quarter_name(report.period_labels.get(previous), previous) if previous else None


def where(business_unit: str | None) -> str:
    """The scope of a figure: its business unit, or the company as a whole."""
    return business_unit or "Company-wide"


CAVEATS_TITLE = "What this pack does not cover"


@sentence
def caveat_lead(report: BoardReport) -> str:
    """One sentence over the caveats: how complete the figures are."""
    data = [c for c in report.caveats if c.kind in ("data", "evidence")]
    if data:
        return (
            "Not all data could be used: "
            + " ".join(c.text for c in data)
            + " The figures shown rest on what could be used."
        )
    if report.caveats:
        return "Every value read was used. Assumed for lack of business context: " + " ".join(
            c.text for c in report.caveats
        )
    return "Every value read was used, and the business context was given in full."


@sentence
def portfolio_sentence(report: BoardReport) -> str:
    """'With $400k this year, 3 options remove about $626k of expected loss a year and
    $1.6M off a bad year (1 in 10), for $400k in the first year.'"""
    budget, currency = report.budget, report.currency
    chosen = budget.portfolio if budget else None
    if chosen is None:
        return "No option has a cost yet."
    given = (
        f"With {money(chosen.budget, currency)} this year"
        if budget.budget_given
        else "Funding every costed option"
    )
    n = len(chosen.chosen)
    if not n:
        return f"{given}, no option fits: each costs more in its first year."
    return (
        f"{given}, {n} option{'s remove' if n != 1 else ' removes'} about "
        f"{money(chosen.eal_removed, currency)} of expected loss a year and "
        f"{money(chosen.p90_removed, currency)} off a bad year (1 in 10), for "
        f"{money(chosen.spend, currency)} in the first year."
    )


def cost_words(option, currency: str, *, short: bool = False) -> str:
    """'$120k now and $30k a year' ('$120k now + $30k/yr' where room is short), or that the
    cost is not yet given."""
    if option.one_off is None and option.yearly is None:
        return "Not yet given" if short else "cost not yet given"
    parts = []
    if option.one_off:
        parts.append(f"{money(option.one_off, currency)} now")
    if option.yearly:
        parts.append(f"{money(option.yearly, currency)}{'/yr' if short else ' a year'}")
    return (" + " if short else " and ").join(parts)


def threshold_line(threshold, currency: str) -> str:
    """'Board tolerance: $5.0M, exceeded in 22% of simulated years'."""
    assumed = " (assumed)" if threshold.assumed else ""
    return (
        f"{threshold.name}{assumed}: {money(threshold.amount, currency)}, exceeded in "
        f"{threshold.chance:.0%} of simulated years"
    )


def doubted(report: BoardReport) -> bool:
    """Whether data was left out or risks rest on thin evidence: then no view says that
    nothing needs deciding."""
    return any(c.kind in ("data", "evidence") for c in report.caveats)


@sentence
def no_decision(report: BoardReport) -> str:
    """What the pack says when no risk is outside appetite."""
    if doubted(report):
        return (
            "No risk is outside the board's appetite on the figures we could use, but not all "
            "data could be used (see what this pack does not cover): nothing is put to the "
            "board yet, and the conclusion may change."
        )
    return "No decision is needed: every risk is within the board's appetite."


def within_words(report: BoardReport) -> str:
    """The short note under a count of zero risks outside appetite."""
    return "on the data we could use" if doubted(report) else "all within appetite"


def rating_word(risk: Risk) -> str:
    """'High', or 'Not enough evidence' for a risk rated low on too little evidence."""
    if risk.rating == "low" and not risk.enough_evidence:
        return "Not enough evidence"
    return risk.rating.capitalize()


def risk_name(risk: Risk) -> str:
    """'Ransomware outage (Card Payments)', or the scenario title for a company-wide risk."""
    return f"{risk.title} ({risk.business_unit})" if risk.business_unit else risk.title


def risk_where(risk: Risk) -> str:
    """Where a risk lies: its unit, the units it was assessed in (worst first), or the
    company as a whole."""
    if risk.business_unit:
        return risk.business_unit
    return units_phrase(risk.units) if risk.units else "Company-wide"


def units_phrase(units: list[str | None], named: int = 3) -> str:
    """'Card Payments', 'Card Payments and E-commerce', 'A, B and C', or 'A, B and 4 other
    business units': the units in the order given (worst first)."""
    names = [u or "the company" for u in units]
    if len(names) > named:
        rest = len(names) - named + 1
        names = [*names[: named - 1], f"{rest} other business units"]
    return listed(names)


def event_range(exposure: Exposure) -> str:
    """'$375k–$6.0M' for one event (p10 to p90), or the annual range when no event range."""
    if exposure.event_p10 is not None and exposure.event_p90 is not None:
        low, high = exposure.event_p10, exposure.event_p90
        return f"{money(low, exposure.currency)}–{money(high, exposure.currency)}"
    low, high = exposure.p10, exposure.p90
    return f"{money(low, exposure.currency)}–{money(high, exposure.currency)} a year"


def compliance_basis(report: BoardReport) -> str:
    """What the compliance figures rest on, said once for the whole report."""
    return report.compliance[0].basis if report.compliance else COMPLIANCE_BASIS


#: The three statements a risk slide makes, in their order.
RISK_POINTS = ("What could happen", "Why now", "What we ask")
#: How many off-target metrics the 'why now' statement names.
WHY_NOW_METRICS = 2


def driver_line(driver) -> str:
    """'Multi-factor authentication coverage at 95.7% against 98% (up from 91.9%)', the
    target marked when it is the catalog's default."""
    from reporting.board.targets import target_text  # it builds on this module's words

    here = f"{driver.name} ({driver.business_unit})" if driver.business_unit else driver.name
    target = target_text(driver.target, driver.unit, getattr(driver, "target_source", None))
    line = f"{here} at {format_value(driver.value, driver.unit)} against {target}"
    if driver.previous is not None and driver.previous != driver.value:
        way = "up" if driver.value > driver.previous else "down"
        line += f" ({way} from {format_value(driver.previous, driver.unit)})"
    return line


@sentence
def risk_points(report: BoardReport, risk: Risk) -> list[tuple[str, str]]:
    """The risk in three short statements for the room (`RISK_POINTS`): what could happen
    and what it would cost, which measures put it where it is now, and what the board is
    asked. The full statement is for the speaker notes and the register."""
    exposure = risk.exposure
    happen = (
        f"{risk.what_could_happen} One event would probably cost {event_range(exposure)}; "
        f"{chance_of(exposure.annual_probability, 'one')} in a year."
    )
    off = [d for d in risk.ranked_drivers if d.status != "green"]
    if not risk.enough_evidence:
        why = (
            f"Too little evidence to rate it: the metrics reported carry "
            f"{risk.evidence_coverage:.0%} of what this risk rests on."
        )
    elif off:
        named = off[:WHY_NOW_METRICS]
        why = " ".join(f"{driver_line(d)}." for d in named)
        more = len(off) - len(named)
        if more:
            why += f" {count(more, 'more measure is', 'more measures are')} off target."
    else:
        why = (
            "Every measure behind it is on target; it is rated on what the business stands to lose."
        )
    if risk.previous_rating and risk.previous_rating != risk.rating:
        why = f"Rated {risk.rating}, was {risk.previous_rating}. {why}"
    return [
        (RISK_POINTS[0], happen),
        (RISK_POINTS[1], why),
        (RISK_POINTS[2], ask_line(report, risk)),
    ]


@sentence
def ask_line(report: BoardReport, risk: Risk) -> str:
    """What the board is asked about one risk, in one or two short sentences."""
    decision = next((d for d in report.summary.decisions if risk.id in d.risk_ids), None)
    currency = report.currency
    if decision is None:
        if risk.within_appetite:
            return (
                f"Nothing: it is within the board's {risk.appetite} appetite; "
                f"{owner_does(risk.owner, 'keeps it there')}."
            )
        return f"Note it: {owner_does(risk.owner, 'is to bring it back within appetite')}."
    option = (
        next((o for o in report.budget.options if o.name == decision.recommendation), None)
        if report.budget and decision.recommendation
        else None
    )
    if option is None:
        review = f" by {decision.review_by:%-d %B %Y}" if decision.review_by else ""
        return (
            f"Fund work to {risk.remedy}, or accept the risk and review it{review}."
            if risk.remedy
            else f"Accept the risk or set a date{review} for "
            f"{owner_does(risk.owner, 'to bring it within appetite')}."
        )
    removed = money(option.by_scenario.get(risk.scenario, option.eal_removed), currency)
    within = (
        " and brings it within appetite"
        if risk.scenario in option.brought_within
        else ", though not yet within appetite"
    )
    return (
        f"Approve “{option.name}” ({cost_words(option, currency)}): it removes about {removed} "
        f"of expected loss a year{within}."
    )
