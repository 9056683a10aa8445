"""What the board numbers do not rest on: data read but not used, risks on thin evidence,
quarters without data and context assumed, as `Caveat`s every view and export shows, and
the one sentence said beside the first answer.

A pack that says "7 risks outside appetite" while values were left out must say so next
to the figure, in every view and export. The sentence is built here, once, from what
ingest could not use: labels not understood (and the values they held), values given
twice with different figures, files that could not be read, and fiscal quarters read as
calendar ones for lack of a start month.
"""

from __future__ import annotations

from reporting import quarters
from reporting.board.words import count, count_of, listed, money, risk_name, sentence
from reporting.catalog import Catalog
from reporting.context import DEFAULT_REVENUE, BusinessContext
from reporting.observations import IngestResult
from reporting.report import Caveat, Risk


@sentence
def data_caveat(result: IngestResult, *, fiscal_start_known: bool) -> str | None:
    """ "This rests on incomplete data: ..." or None when everything read was used."""
    parts = []
    if result.unmapped:
        labels = len({u.label for u in result.unmapped})
        values = sum(u.rows for u in result.unmapped)
        parts.append(
            f"{count(labels, 'label', 'labels')} in the workbooks "
            f"{'was' if labels == 1 else 'were'} not understood, so "
            f"{count(values, 'value is', 'values are')} not counted"
        )
    conflicts = sum(1 for w in result.warnings if w.kind == "conflict")
    if conflicts:
        parts.append(
            f"{count(conflicts, 'value was', 'values were')} given twice with different "
            "figures and only the first was used"
        )
    failed = len(_unused_files(result))
    if failed:
        parts.append(f"{count(failed, 'file', 'files')} gave no value that could be used")
    unnamed = _unnamed_rows(result)
    if unnamed:
        parts.append(
            f"{count(unnamed, 'row', 'rows')} named no business unit and "
            f"{'was' if unnamed == 1 else 'were'} read as company-wide figures"
        )
    if result.fiscal_assumed and not fiscal_start_known and result.fiscal_year_start_month is None:
        parts.append(
            "fiscal quarters were read as calendar quarters, the fiscal year's start not being known"
        )
    if not parts:
        return None
    return f"This rests on incomplete data: {listed(parts)}."


@sentence
def thin_evidence(risks: int, of: int, units: int) -> str:
    """'3 of 8 risks rest on too little evidence to call low (and 120 assessments by
    business unit): ...': the register's risks counted apart from their units', so a count
    of unit assessments is never read as a count of the board's risks."""
    if risks:
        lead = count_of(risks, of, "risk", "risks", "rests", "rest")
        extra = (
            f" (as {'does' if units == 1 else 'do'} "
            f"{count(units, 'assessment', 'assessments')} by business unit)"
            if units
            else ""
        )
        it = "it" if risks == 1 else "them"
    else:
        lead = f"{count(units, 'assessment', 'assessments')} by business unit " + (
            "rests" if units == 1 else "rest"
        )
        extra, it = "", "it" if units == 1 else "them"
    return (
        f"{lead} on too little evidence to call low{extra}: the metrics reported carry less "
        f"than half of what drives {it}."
    )


def _unnamed_rows(result: IngestResult) -> int:
    """Rows read as company-wide because they named no business unit among rows that did
    (each `no_unit` notice starts with how many)."""
    return sum(
        int(w.message.split()[0].replace(",", ""))
        for w in result.warnings
        if w.kind == "no_unit" and w.message.split()[0].replace(",", "").isdigit()
    )


# A risk whose drivers with data carry less than this share of its scenario's weight is
# "not enough evidence" rather than low.
MIN_EVIDENCE = 0.5


@sentence
def caveats(
    result: IngestResult,
    context: BusinessContext,
    *,
    given: bool,
    periods: list[str],
    register: list[Risk],
    unit_risks: list[Risk],
    catalog: Catalog,
) -> list[Caveat]:
    """Every caveat of the report, most consequential first: data not used, risks on too
    little evidence, quarters without data, then context assumed."""
    out: list[Caveat] = []
    everything = [*register, *unit_risks]
    names = {m.id: m.name for m in catalog}

    if result.unmapped:
        by_label: dict[str, list] = {}
        for u in result.unmapped:
            by_label.setdefault(u.label, []).append(u)
        values = sum(u.rows for u in result.unmapped)
        labels = len(by_label)
        guessed = {m for u in result.unmapped for m in (u.alternatives or [u.suggestion]) if m}
        out.append(
            Caveat(
                kind="data",
                text=(
                    f"{count(labels, 'label', 'labels')} in the workbooks "
                    f"{'was' if labels == 1 else 'were'} not understood, so "
                    f"{count(values, 'value is', 'values are')} not counted."
                ),
                detail=[
                    f"{label}: {count(sum(u.rows for u in found), 'value', 'values')}, "
                    f"{found[0].source}"
                    + (
                        f" (may mean {names.get(found[0].suggestion, found[0].suggestion)})"
                        if found[0].suggestion
                        else ""
                    )
                    for label, found in by_label.items()
                ],
                risk_ids=_touching(everything, guessed),
            )
        )
    conflicts = [w for w in result.warnings if w.kind == "conflict"]
    if conflicts:
        out.append(
            Caveat(
                kind="data",
                text=(
                    f"{count(len(conflicts), 'value was', 'values were')} given twice with "
                    "different figures, and only the first was used."
                ),
                detail=[w.message + (f" [{w.source}]" if w.source else "") for w in conflicts],
            )
        )
    unnamed = [w for w in result.warnings if w.kind == "no_unit"]
    if unnamed:
        rows = _unnamed_rows(result)
        out.append(
            Caveat(
                kind="data",
                text=(
                    f"{count(rows, 'row', 'rows')} among business units' rows named no unit "
                    f"and {'was' if rows == 1 else 'were'} read as company-wide figures, "
                    "which the company-wide trends and statuses show."
                ),
                detail=[w.message + (f" [{w.source}]" if w.source else "") for w in unnamed],
            )
        )
    failed = _unused_files(result)
    if failed:
        out.append(
            Caveat(
                kind="data",
                text=(
                    f"{count(len(failed), 'file', 'files')} gave no value that could be used, "
                    "so nothing in this pack rests on "
                    f"{'it' if len(failed) == 1 else 'them'}."
                ),
                detail=[
                    f"{f.name}: {f.error}" if f.error else f"{f.name}: no metric table was read"
                    for f in failed
                ],
            )
        )
    if (
        result.fiscal_assumed
        and context.fiscal_start_month is None
        and result.fiscal_year_start_month is None
    ):
        out.append(
            Caveat(
                kind="data",
                text="Fiscal quarters were read as calendar quarters: the fiscal year's start "
                "is not known.",
            )
        )

    thin = [r for r in everything if not r.enough_evidence]
    if thin:
        out.append(
            Caveat(
                kind="evidence",
                text=thin_evidence(
                    sum(not r.enough_evidence for r in register),
                    len(register),
                    sum(not r.enough_evidence for r in unit_risks),
                ),
                detail=[
                    f"{risk_name(r)}: evidence for {r.evidence_coverage:.0%} of its drivers"
                    for r in thin
                ],
                risk_ids=[r.id for r in thin],
            )
        )

    missing = quarters.missing(periods)
    if missing:
        out.append(
            Caveat(
                kind="quarters",
                text=(
                    f"No data for {listed(missing)}: trends pass over "
                    f"{'that quarter' if len(missing) == 1 else 'those quarters'}."
                ),
            )
        )

    for said in _context_defaults(context, given, result):
        out.append(Caveat(kind="context", text=said))
    return out


@sentence
def _context_defaults(context: BusinessContext, given: bool, result: IngestResult) -> list[str]:
    if not given:
        return [
            "No business context was given: every business unit is taken as of medium "
            "criticality, the board's appetite as moderate, and annual revenue as "
            f"{money(DEFAULT_REVENUE, context.organization.currency)}."
        ]
    out = []
    if context.organization.annual_revenue is None:
        out.append(
            "No annual revenue was given: loss figures assume "
            f"{money(DEFAULT_REVENUE, context.organization.currency)}."
        )
    undescribed = [u for u in result.business_units if context.unit(u) is None]
    if undescribed:
        out.append(
            f"{listed(undescribed)} {'is' if len(undescribed) == 1 else 'are'} not described "
            "in the business context: medium criticality, no sensitive data and no regulation "
            "were assumed."
        )
    if "risk_appetite" not in context.model_fields_set:
        out.append("The board's risk appetite was not given: moderate was assumed.")
    return out


def _touching(risks: list[Risk], metric_ids: set[str]) -> list[str]:
    return [r.id for r in risks if any(d.metric_id in metric_ids for d in r.drivers)]


def _unused_files(result) -> list:
    """The files that added nothing: those that could not be opened, and those read without
    a single usable value (a layout not understood), which a board must hear of too."""
    return [f for f in result.files if not f.ok or f.observations == 0]
