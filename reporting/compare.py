"""What changed since the board last saw a pack: sentences comparing two BoardReports."""

from __future__ import annotations

from reporting.report import RATING_ORDER, BoardReport


def _name(risk) -> str:
    return f"{risk.title} ({risk.business_unit})" if risk.business_unit else risk.title


def changes_since(published: BoardReport, current: BoardReport, limit: int = 8) -> list[str]:
    """Plain sentences, most important first; empty when nothing a board would notice moved."""
    out: list[str] = []
    if published.summary.posture != current.summary.posture:
        out.append(
            f"Overall posture moved from {published.summary.posture} to {current.summary.posture}."
        )
    before = {r.id: r for r in published.risks}
    now = {r.id: r for r in current.risks}
    newly_outside = [
        r
        for r in current.risks
        if not r.within_appetite and r.id in before and before[r.id].within_appetite
    ]
    back_inside = [
        r
        for r in current.risks
        if r.within_appetite and r.id in before and not before[r.id].within_appetite
    ]
    for risk in newly_outside:
        out.append(f"{_name(risk)} is now outside appetite (was within).")
    for risk in back_inside:
        out.append(f"{_name(risk)} is back within appetite.")
    for risk in current.risks:
        old = before.get(risk.id)
        if old is None:
            if not risk.within_appetite:
                out.append(f"New risk outside appetite: {_name(risk)}, rated {risk.rating}.")
            continue
        if old.rating != risk.rating:
            direction = "up" if RATING_ORDER[risk.rating] > RATING_ORDER[old.rating] else "down"
            out.append(f"{_name(risk)} moved {direction} from {old.rating} to {risk.rating}.")
    gone = [r for r in published.risks if r.id not in now]
    for risk in gone:
        out.append(f"{_name(risk)} is no longer assessed (no data this quarter).")
    old_frameworks = {f.framework: f for f in published.compliance}
    for framework in current.compliance:
        old = old_frameworks.get(framework.framework)
        if old and old.share_met is not None and framework.share_met is not None:
            delta = framework.share_met - old.share_met
            if abs(delta) >= 0.05:
                out.append(
                    f"{framework.framework}: {framework.share_met:.0%} of evidenced controls met, "
                    f"{'up' if delta > 0 else 'down'} from {old.share_met:.0%}."
                )
    return out[:limit]
