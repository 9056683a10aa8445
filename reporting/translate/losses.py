"""Losses against what the board set: its tolerance, the company's insurance and the
materiality threshold, read off the company's simulated years.

Rules, stated once:

- The chance of exceeding an amount is the share of simulated years whose loss is above it.
- Insurance: the company keeps a year's loss up to the retention, the policy pays what is
  above it up to the limit, and the company keeps everything above retention plus limit.
  (A simplification: one aggregate retention and limit a year, as most cyber policies set
  an aggregate limit.)
- Materiality: the context's threshold, else `DEFAULT_MATERIALITY` of annual revenue, said
  to be a default. The verdict: "Yes" when a year's loss exceeds it more often than 1 year
  in 10, "Possibly" more often than 1 in 50, "Unlikely" otherwise.
"""

from __future__ import annotations

from reporting.board.words import chance, money, sentence
from reporting.catalog.benchmarks import load_benchmarks
from reporting.context import BusinessContext
from reporting.report import Benchmark, InsuranceView, MaterialityView, Risk, Threshold
from reporting.translate.exposure import Years

DEFAULT_MATERIALITY = 0.01  # of annual revenue
YES, POSSIBLY = 0.10, 0.02


def above(years: Years, amount: float) -> float:
    return float((years.loss > amount).sum() / years.trials)


def thresholds(years: Years, context: BusinessContext, revenue: float) -> list[Threshold]:
    out = []
    tolerance = context.risk_appetite.tolerance
    if tolerance:
        out.append(
            Threshold(
                kind="tolerance",
                name="Board tolerance",
                amount=tolerance,
                chance=above(years, tolerance),
            )
        )
    if context.insurance:
        cover = context.insurance
        out.append(
            Threshold(
                kind="retention",
                name="Insurance retention",
                amount=cover.retention,
                chance=above(years, cover.retention),
            )
        )
        top = cover.retention + cover.limit
        out.append(
            Threshold(
                kind="insurance_limit",
                name="Insurance exhausted",
                amount=top,
                chance=above(years, top),
            )
        )
    amount, assumed = materiality_threshold(context, revenue)
    out.append(
        Threshold(
            kind="materiality",
            name="Materiality threshold",
            amount=amount,
            chance=above(years, amount),
            assumed=assumed,
        )
    )
    return out


def materiality_threshold(context: BusinessContext, revenue: float) -> tuple[float, bool]:
    if context.materiality:
        return context.materiality.threshold, False
    return DEFAULT_MATERIALITY * revenue, True


def insurance(years: Years, context: BusinessContext, bad_year: float) -> InsuranceView | None:
    cover = context.insurance
    if cover is None:
        return None
    paid = min(max(bad_year - cover.retention, 0.0), cover.limit)
    kept = bad_year - paid
    return InsuranceView(
        retention=cover.retention,
        limit=cover.limit,
        bad_year=bad_year,
        bad_year_uninsured=kept,
        bad_year_uninsured_share=kept / bad_year if bad_year else 0.0,
        chance_limit_exhausted=above(years, cover.retention + cover.limit),
    )


@sentence
def materiality(
    years: Years,
    context: BusinessContext,
    revenue: float,
    *,
    mean: float,
    bad_year: float,
    risks: list[Risk],
    currency: str,
    cover: InsuranceView | None,
    caveat: str | None,
) -> MaterialityView:
    """The disclosure committee's worksheet: the threshold and its basis, how likely a year
    is to cross it, what drives that, what insurance changes, and what the figures omit."""
    amount, assumed = materiality_threshold(context, revenue)
    p = above(years, amount)
    verdict = "Yes" if p > YES else "Possibly" if p > POSSIBLY else "Unlikely"
    basis = (
        f"{DEFAULT_MATERIALITY:.0%} of annual revenue, assumed: the business context gives none"
        if assumed
        else "set in the business context"
    )
    lines = [
        ("Materiality threshold", f"{money(amount, currency)} ({basis})"),
        ("Chance a year's cyber losses exceed it", f"{p:.1%} ({chance(p)})"),
        ("Expected cyber loss a year", money(mean, currency)),
        ("Loss in a bad year (1 in 10)", money(bad_year, currency)),
    ]
    if risks:
        costliest = max(risks, key=lambda r: r.exposure.event_p90 or 0)
        if costliest.exposure.event_p90:
            lines.append(
                (
                    "Costliest single event (1 in 10 such events cost more)",
                    f"{money(costliest.exposure.event_p90, currency)}: {costliest.title}",
                )
            )
        first = risks[0]
        lines.append(("Most significant risk", f"{first.title}, rated {first.rating}"))
    if cover is not None:
        lines.append(
            (
                "Insurance in a bad year",
                f"the company keeps {money(cover.bad_year_uninsured, currency)} "
                f"({cover.bad_year_uninsured_share:.0%}) after a retention of "
                f"{money(cover.retention, currency)} and a limit of {money(cover.limit, currency)}",
            )
        )
    else:
        lines.append(("Insurance", "not given in the business context: losses shown gross"))
    lines.append(("Verdict", f"{verdict}: {_verdict_rule()}"))
    lines.append(("What the figures do not rest on", caveat or "every value read was used"))
    lines = [(item, finding[:1].upper() + finding[1:]) for item, finding in lines]
    return MaterialityView(
        threshold=amount, assumed=assumed, chance=p, verdict=verdict, lines=lines
    )


def _verdict_rule() -> str:
    return (
        f"'Yes' above a {YES:.0%} chance a year, 'Possibly' above {POSSIBLY:.0%}, 'Unlikely' below"
    )


@sentence
def benchmark(risk: Risk, sector: str | None, currency: str) -> Benchmark | None:
    """The public figure for one such event beside the risk's typical event (its p50), and
    a flag when they differ more than the catalog's spread (see `benchmarks.yaml`)."""
    ours = risk.exposure.event_p50
    if not ours:
        return None
    catalog = load_benchmarks()
    ref, figure = catalog.for_scenario(risk.scenario, sector)
    source = catalog.sources[ref.source]
    said = f"Public figure: {money(figure, catalog.currency)}, {ref.what} ({source.title})."
    ratio: float | None = None
    outside = False
    if currency != catalog.currency:
        # No exchange rate at run time: the figure is shown, not compared.
        said += f" Not compared: it is in {catalog.currency}, this pack in {currency}."
    else:
        ratio = ours / figure
        outside = ratio > catalog.spread or ratio < 1 / catalog.spread
        if outside:
            how = f"{ratio:.0f} times that" if ratio > 1 else f"{1 / ratio:.0f} times below it"
            said += (
                f" Our typical event, {money(ours, currency)}, is {how}: check the revenue, "
                "criticality and data in the business context."
            )
        else:
            said += (
                f" Our typical event, {money(ours, currency)}, is within "
                f"{catalog.spread:.0f}x of it."
            )
    return Benchmark(
        figure=figure,
        what=ref.what,
        source=source.title,
        url=source.url,
        ratio=ratio,
        outside=outside,
        text=said,
    )
