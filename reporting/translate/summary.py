"""The board summary: posture and direction, the four questions, movers and decisions.

Rules:
- Posture: weak when a critical risk is outside appetite or fewer than half the measures
  meet target; needs attention when any risk is outside appetite or fewer than 70 % meet
  target; adequate below 85 %; strong otherwise.
- Direction: the balance of measures improving against worsening since last quarter; a
  net share of 10 % either way is a direction, less is stable.
- Materiality of an incident: "yes" when the 1-in-10-year loss exceeds the board's
  tolerance or 1 % of annual revenue, "possibly" above 0.25 %, "unlikely" below.
- Decisions: one per scenario with risks outside appetite, naming the units concerned.
"""

from __future__ import annotations

import datetime as dt

from reporting.board.words import (
    COMPLIANCE_BASIS,
    RANKING_WORDS,
    capitalised,
    chance,
    cost_words,
    count,
    count_of,
    format_value,
    framework_line,
    money,
    owner_does,
    posture_clause,
    sentence,
    units_phrase,
)
from reporting.context import BusinessContext, canonical_framework
from reporting.report import (
    Answers,
    Budget,
    Decision,
    Exposure,
    FrameworkResult,
    MaterialityView,
    MetricStatus,
    Mover,
    OptionResult,
    Risk,
    Summary,
)
from reporting.translate.losses import DEFAULT_MATERIALITY

PROTECTED_WORD = {
    "strong": "Yes",
    "adequate": "Largely",
    "needs attention": "Partly",
    "weak": "Not yet",
}


def posture(current: list[MetricStatus], risks: list[Risk]) -> str:
    share = _green_share(current)
    outside = [r for r in risks if not r.within_appetite]
    if any(r.rating == "critical" for r in outside) or share < 0.5:
        return "weak"
    if outside or share < 0.7:
        return "needs attention"
    return "adequate" if share < 0.85 else "strong"


def direction(current: list[MetricStatus], has_previous: bool) -> str:
    compared = [m for m in current if m.movement != "new"]
    if not has_previous or not compared:
        return "new"
    net = (
        sum(m.movement == "improving" for m in compared)
        - sum(m.movement == "worsening" for m in compared)
    ) / len(compared)
    if net >= 0.1:
        return "improving"
    if net <= -0.1:
        return "worsening"
    return "stable"


def _green_share(current: list[MetricStatus]) -> float:
    return sum(m.status == "green" for m in current) / len(current) if current else 0.0


def _risk_name(risk: Risk) -> str:
    if risk.business_unit:
        return f"{risk.title.lower()} in {risk.business_unit}"
    if risk.units:
        return f"{risk.title.lower()} in {units_phrase(risk.units, named=2)}"
    return risk.title.lower()


def movers(current: list[MetricStatus], improved: bool, limit: int = 3) -> list[Mover]:
    wanted = "improving" if improved else "worsening"
    rows = [m for m in current if m.movement == wanted and m.previous is not None]
    rows.sort(key=lambda m: -abs(m.change or 0) / (m.tolerance or max(abs(m.target) * 0.05, 1.0)))
    out = []
    for m in rows[:limit]:
        where = f" ({m.business_unit})" if m.business_unit else ""
        out.append(
            Mover(
                metric_id=m.metric_id,
                name=m.name,
                business_unit=m.business_unit,
                previous=m.previous,
                value=m.value,
                improved=improved,
                text=f"{m.name}{where}: {format_value(m.previous, m.unit)} to {format_value(m.value, m.unit)}",
            )
        )
    return out


@sentence
def decisions(
    risks: list[Risk],
    unit_risks: list[Risk] = (),
    budget: Budget | None = None,
    review_by: dt.date | None = None,
) -> list[Decision]:
    """One decision per scenario outside appetite, naming the units outside it (worst
    first), its one accountable owner, and the option recommended: of the options that
    remove at least `MEANINGFUL` of its expected loss, a costed one that brings it within
    appetite first, then the most of this risk's loss removed per unit of money (else the
    one removing most, its cost still to be given); the others as alternatives, and
    acceptance until a review date."""
    out = []
    for risk in risks:
        if risk.within_appetite:
            continue
        units = [r for r in unit_risks if r.scenario == risk.scenario and not r.within_appetite]
        names = [r.business_unit for r in units] or (
            [risk.business_unit] if risk.business_unit else []
        )
        where = f" in {units_phrase(names)}" if names else ""
        assessed = len(risk.units or [])
        if units and len(units) < assessed:
            # Only the units outside appetite call for a decision: say so, so the count
            # does not read as a contradiction of the register's (every unit assessed).
            where += f" ({len(units)} of the {assessed} units it was assessed in)"
        worst = risk.exposure.event_p90 or risk.exposure.p90
        currency = risk.exposure.currency
        helping = _options_for(risk, budget)
        pick = helping[0] if helping else None
        others = helping[1:]
        ask = (
            f"{risk.title}{where} is rated {risk.rating} against a {risk.appetite} "
            f"appetite; one event could cost up to {money(worst, currency)}."
        )
        accept = "Accept the risk as it stands, and record the acceptance" + (
            f", to be reviewed by {review_by:%-d %B %Y}" if review_by else ""
        )
        if pick is None:
            ask += " Decide how to respond."
            choices = [
                accept,
                f"Fund work to {risk.remedy}",
                f"Set a date by which {owner_does(risk.owner, 'brings it within appetite')}",
            ]
        else:
            ask += f" We recommend: {recommend(pick, risk, currency)}"
            choices = [f"Approve: {pick.name}"]
            choices += [f"Instead: {alternative(o, risk, currency)}" for o in others[:2]]
            choices.append(accept)
        out.append(
            Decision(
                risk_id=risk.id,
                risk_ids=[risk.id, *(r.id for r in units)],
                title=risk.title,
                business_unit=risk.business_unit,
                owner=risk.owner,
                ask=ask,
                options=choices,
                recommendation=pick.name if pick else None,
                alternatives=[o.name for o in others],
                review_by=review_by,
            )
        )
    return out


# An option is for a risk when it removes at least this share of the risk's expected loss.
MEANINGFUL = 0.05


def _options_for(risk: Risk, budget: Budget | None) -> list[OptionResult]:
    """The options that meaningfully reduce the risk, best for it first (see `decisions`)."""
    floor = MEANINGFUL * risk.exposure.mean
    found = [
        o
        for o in (budget.options if budget else [])
        if o.by_scenario.get(risk.scenario, 0) > 0 and o.by_scenario[risk.scenario] >= floor
    ]

    def key(o: OptionResult) -> tuple:
        removed = o.by_scenario[risk.scenario]
        per = removed / o.horizon_cost if o.horizon_cost else None
        # Between options with no cost yet, the one drafted for this risk (it is named for
        # it) before one drafted for another that happens to remove more.
        named_for = o.default and risk.title.casefold() in o.name.casefold()
        return (
            per is None,
            risk.scenario not in o.brought_within,
            -(per or 0),
            not named_for,
            -removed,
        )

    return sorted(found, key=key)


@sentence
def recommend(option: OptionResult, risk: Risk, currency: str) -> str:
    """'Supplier assurance programme ($60k now and $90k a year, by 30 June 2027), removing
    about $320k of expected loss a year from this risk and bringing it within appetite.'
    (What it buys across every risk, per unit of money, is in the budget views.)"""
    due = f", by {option.due:%-d %B %Y}" if option.due else ""
    within = (
        " and bringing it within appetite"
        if risk.scenario in option.brought_within
        else ", though not yet within appetite"
    )
    removed = money(option.by_scenario.get(risk.scenario, option.eal_removed), currency)
    return (
        f"{option.name} ({cost_words(option, currency)}{due}), removing about {removed} of "
        f"expected loss a year from this risk{within}."
    )


@sentence
def alternative(option: OptionResult, risk: Risk, currency: str) -> str:
    return (
        f"{option.name} ({cost_words(option, currency)}), removing about "
        f"{money(option.by_scenario.get(risk.scenario, 0), currency)} a year from this risk"
    )


def summarise(
    *,
    current: list[MetricStatus],
    risks: list[Risk],
    frameworks: list[FrameworkResult],
    total: Exposure,
    unit_risks: list[Risk] = (),
    materiality: MaterialityView | None = None,
    context: BusinessContext,
    revenue: float,
    has_previous: bool,
    caveat: str | None = None,
    budget: Budget | None = None,
    review_by: dt.date | None = None,
) -> Summary:
    """The board's summary; `caveat` (what the figures do not rest on) is said beside the
    first answer and flagged in the headline, so no view shows the figures without it."""
    state = posture(current, risks)
    moving = direction(current, has_previous)
    outside = [r for r in risks if not r.within_appetite]
    protected = protected_answer(state, current, risks)
    if caveat:
        protected = f"{protected} {caveat}"
    top_risks = top_risks_answer(risks)
    obligations = _obligations(frameworks, context)
    material = _materiality(total, context, revenue, risks, materiality)
    headline = headline_sentence(state, moving, len(outside), doubted=bool(caveat))
    return Summary(
        posture=state,
        direction=moving,
        headline=headline,
        answers=Answers(
            protected=protected,
            top_risks=top_risks,
            obligations=obligations,
            material_impact=material,
        ),
        decisions=decisions(risks, unit_risks, budget, review_by),
        improvements=movers(current, improved=True),
        deteriorations=movers(current, improved=False),
    )


@sentence
def top_risks_answer(risks: list[Risk]) -> str:
    """'Ranked by rating, then by expected yearly loss, the most significant are ransomware
    in Card Payments (critical, worsening); ...', the first three."""
    if not risks:
        return "No risk could be assessed: none of the scenarios' driving metrics was reported."
    named = "; ".join(f"{_risk_name(r)} ({r.rating}, {r.trend})" for r in risks[:3])
    return (
        f"{RANKING_WORDS.capitalize()}, the most significant "
        f"{'is' if len(risks) == 1 else 'are'} {named}."
    )


@sentence
def headline_sentence(posture: str, direction: str, outside: int, *, doubted: bool) -> str:
    """'Our security posture is weak and improving; 7 risks are outside appetite.', and
    that not all data could be used when it could not."""
    clause = posture_clause(posture, direction)
    return f"{capitalised(clause)}; {count(outside, 'risk is', 'risks are')} outside appetite" + (
        "; not all data could be used." if doubted else "."
    )


@sentence
def protected_answer(posture: str, current: list[MetricStatus], risks: list[Risk]) -> str:
    """'Partly. 12 of 20 security measurements meet their target and 3 fall well short; 7 of
    9 risks are outside the board's appetite.'"""
    green = sum(m.status == "green" for m in current)
    red = sum(m.status == "red" for m in current)
    outside = sum(not r.within_appetite for r in risks)
    measures = (
        count_of(
            green,
            len(current),
            "security measurement",
            "security measurements",
            "meets its target",
            "meet their target",
        )
        + f" and {red} {'falls' if red == 1 else 'fall'} well short"
        if current
        else "No security measurement was reported"
    )
    assessed = (
        count_of(outside, len(risks), "risk", "risks", "is", "are")
        + " outside the board's appetite"
        if risks
        else "no risk could be assessed"
    )
    return f"{PROTECTED_WORD[posture]}. {measures}; {assessed}."


@sentence
def _obligations(frameworks: list[FrameworkResult], context: BusinessContext) -> str:
    """The obligations that apply to this business first, then each framework's verdict."""
    applies = obligations_of(context)
    lead = ""
    if applies:
        lead = (
            "Obligations that apply to us: "
            + "; ".join(f"{name} ({', '.join(units)})" for name, units in applies.items())
            + ". "
        )
    if not frameworks:
        return (
            lead + "No framework with a control mapping is in scope; list them in the business "
            "context to see status."
        )
    parts = [framework_line(f) for f in frameworks]
    worst = min(
        (f for f in frameworks if f.share_met is not None), key=lambda f: f.share_met, default=None
    )
    gap = (
        f" The largest gap is in {worst.framework}: {worst.gaps[0][0].lower() + worst.gaps[0][1:]}"
        if worst and worst.gaps
        else ""
    )
    return lead + "; ".join(parts) + "." + gap + f" ({COMPLIANCE_BASIS})"


# Data whose holding brings an obligation wherever the business is.
_DATA_OBLIGATIONS = {"payment_card": "PCI DSS 4.0"}


def obligations_of(context: BusinessContext) -> dict[str, list[str]]:
    """Each regulation that applies, with the business units it applies to: those the
    context lists for a unit, and PCI DSS wherever card data is held."""
    out: dict[str, list[str]] = {}
    for unit in context.business_units:
        names = [canonical_framework(r) or r for r in unit.regulations]
        names += [_DATA_OBLIGATIONS[d] for d in unit.data if d in _DATA_OBLIGATIONS]
        for name in names:
            if unit.name not in out.setdefault(name, []):
                out[name].append(unit.name)
    return out


@sentence
def _materiality(
    total: Exposure,
    context: BusinessContext,
    revenue: float,
    risks: list[Risk],
    material: MaterialityView | None = None,
) -> str:
    """The verdict of the materiality worksheet (`losses.materiality`) and its chance, then
    the money in a typical and a bad year, against the tolerance."""
    tolerance = context.risk_appetite.tolerance
    share = total.p90 / revenue if revenue else 0
    verdict = material.verdict if material else ("Yes" if share >= 0.01 else "Possibly")
    text = f"{verdict}."
    if material:
        text += (
            f" The chance that a year's cyber losses exceed the materiality threshold of "
            f"{money(material.threshold, total.currency)}"
            + (f" ({DEFAULT_MATERIALITY:.0%} of revenue, assumed)" if material.assumed else "")
            + f" is {material.chance:.0%} ({chance(material.chance)})."
        )
    text += (
        f" Losses from these risks are expected to average about "
        f"{money(total.mean, total.currency)} a year; in a bad year (1 in 10) they could exceed "
        f"{money(total.p90, total.currency)}, {share:.1%} of annual revenue"
    )
    if context.organization.annual_revenue is None:
        text += f" (taken as {money(revenue, total.currency)}, since none was given)"
    if tolerance is not None:
        relation = "above" if total.p90 > tolerance else "within"
        text += f", {relation} the board's tolerance of {money(tolerance, total.currency)}"
    text += "."
    if risks:
        # The most significant risk by the register's one order, and the costliest single
        # event, each called what it is.
        first = risks[0]
        text += (
            f" {RANKING_WORDS.capitalize()}, the most significant is "
            f"{_risk_name(first)}, expected to cost about "
            f"{money(first.exposure.mean, first.exposure.currency)} a year."
        )
        costliest = max(risks, key=lambda r: (r.exposure.event_p90 or 0, -r.rank))
        if costliest.exposure.event_p90:
            text += (
                f" The costliest single event would be "
                f"{'that risk' if costliest is first else _risk_name(costliest)}: "
                f"up to {money(costliest.exposure.event_p90, costliest.exposure.currency)} "
                "(1 in 10 events would cost more)."
            )
    return text


def key_metrics(
    current: list[MetricStatus], risks: list[Risk], summary: Summary, limit: int = 6
) -> list[str]:
    """The metrics that matter most this quarter: the biggest movers, then the drivers of
    the top risks, as many as `limit`; company-wide figures first, then metrics reported only
    by business unit (trended as units on target, see `BoardReport.units_by_status`)."""
    chosen: list[str] = []
    ordered = [m.metric_id for m in summary.deteriorations + summary.improvements]
    for risk in risks:
        ordered += [d.metric_id for d in sorted(risk.drivers, key=lambda d: -d.weight * d.weakness)]
    company = {m.metric_id for m in current if m.business_unit is None}
    by_unit = {m.metric_id for m in current} - company
    for pool in (company, by_unit):
        for metric_id in ordered:
            if metric_id in pool and metric_id not in chosen:
                chosen.append(metric_id)
    return chosen[:limit]
