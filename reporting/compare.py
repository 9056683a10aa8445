"""What changed since the board last saw a pack: sentences comparing two BoardReports."""

from __future__ import annotations

from reporting.board.words import count, format_value, posture_change, sentence
from reporting.report import RATING_ORDER, BoardReport, FollowUp


def _name(risk) -> str:
    return f"{risk.title} ({risk.business_unit})" if risk.business_unit else risk.title


@sentence
def changes_since(published: BoardReport, current: BoardReport, limit: int = 8) -> list[str]:
    """Plain sentences, most important first; empty when nothing a board would notice moved."""
    out: list[str] = []
    if published.summary.posture != current.summary.posture:
        out.append(posture_change(published.summary.posture, current.summary.posture))
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


STATUS_WORDS = {
    "open": "no decision recorded",
    "approved": "approved",
    "accepted": "risk accepted",
    "deferred": "deferred",
    "done": "done",
}


# The metrics said in a follow-up's sentence (all of them are in `progress`).
FOLLOW_UP_METRICS = 3


@sentence
def follow_ups(
    published: BoardReport,
    outcomes: dict[str, tuple[str, str | None, object]],
    current: BoardReport,
) -> list[FollowUp]:
    """Each decision of the published pack, what the board decided on it, and where it
    stands now: the metrics its recommended option was to move (then, now, and the goal),
    and the risk's rating then and now."""
    options = {o.name: o for o in (published.budget.options if published.budget else [])}
    then_rows = {(m.metric_id, m.business_unit): m for m in published.metrics}
    now_rows = {(m.metric_id, m.business_unit): m for m in current.metrics}
    out = []
    for decision in published.summary.decisions:
        status, note, _ = outcomes.get(decision.risk_id, ("open", None, None))
        option = options.get(decision.recommendation or "")
        progress = []
        for target in option.targets if option else []:
            key = (target.metric, target.business_unit)
            before, after = then_rows.get(key), now_rows.get(key)
            if after is None:
                continue
            where = f" in {target.business_unit}" if target.business_unit else ""
            reached = (
                (after.value >= target.to) if after.higher_is_better else (after.value <= target.to)
            )
            then = f"{format_value(before.value, after.unit)} → " if before else ""
            progress.append(
                f"{after.name}{where}: {then}{format_value(after.value, after.unit)}"
                + (
                    " (goal reached)"
                    if reached
                    else f", goal {format_value(target.to, after.unit)}"
                )
            )
        risk_now = current.risk(decision.risk_id)
        risk_then = published.risk(decision.risk_id)
        rating_now = risk_now.rating if risk_now else None
        rating_then = risk_then.rating if risk_then else None
        text = f"{decision.title}: {STATUS_WORDS[status]}"
        if decision.recommendation and status in ("approved", "done"):
            text += f", {decision.recommendation}"
            if option and option.due:
                text += f" (due {option.due:%-d %B %Y})"
        elif decision.recommendation and status == "open":
            text += f"; we recommended {decision.recommendation}"
        if note:
            text += f"; {note.rstrip('.')}"
        if rating_then and rating_now:
            text += (
                f"; rated {rating_now}, as last quarter"
                if rating_now == rating_then
                else f"; now rated {rating_now}, from {rating_then}"
            )
        if progress:
            shown = progress[:FOLLOW_UP_METRICS]
            text += ". " + "; ".join(shown)
            if len(progress) > len(shown):
                text += f"; and {count(len(progress) - len(shown), 'more metric', 'more metrics')}"
        out.append(
            FollowUp(
                risk_id=decision.risk_id,
                title=decision.title,
                recommendation=decision.recommendation,
                owner=decision.owner,
                status=status,
                note=note,
                due=option.due if option else None,
                review_by=decision.review_by,
                rating_then=rating_then,
                rating_now=rating_now,
                progress=progress,
                text=text + ".",
            )
        )
    return out


def with_follow_ups(report: BoardReport, history) -> BoardReport:
    """The report with the last pack's decisions and where they stand, when a pack was
    published for an earlier quarter (a copy; the report given is not changed)."""
    last = history.last_published(before=report.period) if history is not None else None
    if last is None:
        return report
    entry, published = last
    found = follow_ups(published, history.outcomes(entry.id), report)
    if not found:
        return report
    return report.model_copy(
        update={
            "follow_ups": found,
            "follow_ups_from": f"{entry.title}, published {entry.published:%-d %B %Y}",
        }
    )
