"""Compliance status per framework, derived from the metrics as evidence.

Rules:
- Only the frameworks in scope (context `frameworks`) are reported.
- A framework that some business units list among their regulations (PCI DSS for the card
  business) is judged on those units' figures where they exist, and on company-wide
  figures otherwise; other frameworks use company-wide figures where they exist, and every
  unit's figures otherwise.
- A metric evidences a control with its worst status among the figures in scope.
- A control is met when none of its evidence is red and at least half is green; not met
  when more than half is red; partially met otherwise; without evidence when none of its
  metrics has a figure for the quarter. (A control evidenced by many metrics is not failed
  by one of them sitting just short of target.)
- The share met counts only controls with evidence. This is indicator-based status, not
  an audit opinion, and says so.
- A framework's verdict claims only what its evidence covers (`framework_verdict`): "not
  evidenced" while the metrics evidence fewer than half of its controls (unless those
  already show it not met), "met" only when at least `MET_COVERAGE` of its controls are
  evidenced and every one of those is met, "not met" when more than half of the evidenced
  controls are not met, "partly met" otherwise.
- A framework named in the context that the catalog has no control mapping for is left
  out of the status, and the report says so.
"""

from __future__ import annotations

from collections import defaultdict

from reporting.catalog import Catalog
from reporting.catalog.frameworks import Framework, load_frameworks
from reporting.context import BusinessContext, canonical_framework
from reporting.report import ControlEvidence, ControlResult, FrameworkResult, MetricStatus

_SEVERITY = {"green": 0, "amber": 1, "red": 2}
MET_COVERAGE = 0.8
EVIDENCED_COVERAGE = 0.5


def framework_verdict(met: int, partial: int, not_met: int, no_evidence: int) -> str:
    """met, partly_met, not_met or not_evidenced (see the module's rules)."""
    evidenced = met + partial + not_met
    total = evidenced + no_evidence
    if not evidenced:
        return "not_evidenced"
    if not_met * 2 > evidenced:
        return "not_met"
    if evidenced < EVIDENCED_COVERAGE * total:
        return "not_evidenced"
    if met == evidenced and evidenced >= MET_COVERAGE * total:
        return "met"
    return "partly_met"


def scope_units(framework: str, context: BusinessContext) -> list[str]:
    return [
        unit.name
        for unit in context.business_units
        if any(canonical_framework(r) == framework for r in unit.regulations)
    ]


def assess_framework(
    framework: Framework,
    statuses: list[MetricStatus],
    context: BusinessContext,
    catalog: Catalog,
) -> tuple[FrameworkResult, dict[str, list[MetricStatus]]]:
    in_scope = scope_units(framework.framework, context)
    evidence_for = _evidence(framework, statuses, set(in_scope))
    # A metric's worst row, found once however many controls it evidences.
    worst_of: dict[str, MetricStatus] = {}

    controls = []
    counts = {"met": 0, "partial": 0, "not_met": 0, "no_evidence": 0}
    gaps = []
    for control in framework.controls:
        evidence = []
        for metric_id in control.metrics:
            rows = evidence_for.get(metric_id)
            if not rows:
                continue
            worst = worst_of.get(metric_id)
            if worst is None:
                worst = worst_of[metric_id] = max(rows, key=lambda r: _SEVERITY[r.status])
            evidence.append(
                ControlEvidence(
                    metric_id=metric_id,
                    name=catalog[metric_id].name,
                    business_unit=worst.business_unit,
                    value=worst.value,
                    unit=catalog[metric_id].unit,
                    status=worst.status,
                    source=worst.source,
                )
            )
        state = control_state([e.status for e in evidence])
        counts[state] += 1
        if state in ("not_met", "partial"):
            gaps.append(control.business)
        controls.append(
            ControlResult(
                id=control.id,
                title=control.title,
                business=control.business,
                status=state,
                metrics=evidence,
            )
        )
    evidenced = counts["met"] + counts["partial"] + counts["not_met"]
    result = FrameworkResult(
        framework=framework.framework,
        **counts,
        verdict=framework_verdict(**counts),
        share_met=counts["met"] / evidenced if evidenced else None,
        scope=in_scope,
        gaps=_unique(gaps),
        controls=controls,
    )
    return result, evidence_for


def _evidence(
    framework: Framework, statuses: list[MetricStatus], scope: set[str]
) -> dict[str, list[MetricStatus]]:
    """The figures that evidence each metric the framework's controls name (see the rules)."""
    named = {m for control in framework.controls for m in control.metrics}
    by_metric: dict[str, list[MetricStatus]] = defaultdict(list)
    for row in statuses:
        if row.metric_id in named:
            by_metric[row.metric_id].append(row)
    evidence_for: dict[str, list[MetricStatus]] = {}
    for metric_id, rows in by_metric.items():
        scoped = [r for r in rows if r.business_unit in scope] if scope else []
        company = [] if scoped else [r for r in rows if r.business_unit is None]
        evidence_for[metric_id] = scoped or company or rows
    return evidence_for


def share_met(
    framework: Framework, statuses: list[MetricStatus], context: BusinessContext
) -> float | None:
    """The met share of the evidenced controls, as `assess_framework` finds it, without
    building the evidence (for the quarters before the one reported)."""
    evidence_for = _evidence(framework, statuses, set(scope_units(framework.framework, context)))
    worst = {
        metric_id: max(_SEVERITY[r.status] for r in rows)
        for metric_id, rows in evidence_for.items()
    }
    names = {v: k for k, v in _SEVERITY.items()}
    met = evidenced = 0
    for control in framework.controls:
        found = [names[worst[m]] for m in control.metrics if m in worst]
        if found:
            evidenced += 1
            met += control_state(found) == "met"
    return met / evidenced if evidenced else None


def control_state(statuses: list[str]) -> str:
    if not statuses:
        return "no_evidence"
    red = statuses.count("red")
    if red * 2 > len(statuses):
        return "not_met"
    if red == 0 and statuses.count("green") * 2 >= len(statuses):
        return "met"
    return "partial"


def assess(
    statuses_by_period: dict[str, list[MetricStatus]],
    period: str,
    previous: str | None,
    context: BusinessContext,
    catalog: Catalog,
) -> list[FrameworkResult]:
    frameworks = load_frameworks()
    results = []
    for name in context.frameworks:
        framework = frameworks.get(name)
        if framework is None:
            continue  # said by `unmapped_frameworks`
        result, _ = assess_framework(
            framework, statuses_by_period.get(period, []), context, catalog
        )
        history = {}
        for other, rows in sorted(statuses_by_period.items()):
            if other == period:
                history[other] = result.share_met
            else:
                history[other] = share_met(framework, rows, context)
        result.history = history
        result.previous_share_met = history.get(previous) if previous else None
        results.append(result)
    return results


def unmapped_frameworks(context: BusinessContext) -> list[str]:
    """What to say about frameworks in the context that have no control mapping."""
    known = load_frameworks()
    return [
        f"The business context names {name}, which Board Brief has no control mapping for; "
        "it is left out of the compliance status."
        for name in context.frameworks
        if known.get(name) is None
    ]


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
