"""What the Data page reviews: each label as it was understood, and the notes left over.

`label_review` turns an ingest result into one row per distinct label and place, with the
metric it was understood as, its confidence, whether it needs a look and the closest
metric when it was not mapped; `apply_choices` turns the user's corrections into the
business context's `mappings`. The words for notice kinds and their order live here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from reporting.catalog import Catalog, load_catalog
from reporting.observations import IngestResult, Notice

IGNORE = "Not a security metric (ignore it)"
UNMAPPED = "Not mapped yet"

#: Notice kinds as the review names them, in the order it lists them.
NOTICE_WORDS = {
    "assumption": "Assumption",
    "conflict": "Conflict",
    "value": "Value not used",
    "period": "Quarter not read",
    "mapping": "Mapping",
    "context": "Context",
    "missing": "Missing value",
    "duplicate": "Given twice",
    "scaling": "Read as percent",
    "sheet": "Sheet not read",
    "ignored": "Left out",
}


@dataclass(frozen=True)
class LabelRow:
    label: str
    understood_as: str
    confidence: float
    needs_a_look: bool
    closest: str
    where: str


def metric_names(catalog: Catalog | None = None) -> dict[str, str]:
    """Catalog id -> the metric's name, for choosing what a label means."""
    return {m.id: m.name for m in (catalog or load_catalog())}


def choices(catalog: Catalog | None = None) -> list[str]:
    """What a label can be understood as: not mapped, ignored, or a metric by name."""
    return [UNMAPPED, IGNORE, *sorted(metric_names(catalog).values())]


def label_review(result: IngestResult, catalog: Catalog | None = None) -> list[LabelRow]:
    """One row per label and place, the doubtful ones first, least confident first."""
    names = metric_names(catalog)
    suggestions = {u.label: u.suggestion for u in result.unmapped if u.suggestion}
    rows = []
    for file in result.files:
        for sheet in file.sheets:
            for m in sheet.mappings:
                if m.metric_id:
                    current = names.get(m.metric_id, m.metric_id)
                else:
                    current = IGNORE if m.method == "ignored" else UNMAPPED
                place = file.name + (f", {sheet.name}" if sheet.name != "(text)" else "")
                rows.append(
                    LabelRow(
                        label=m.label,
                        understood_as=current,
                        confidence=m.confidence,
                        needs_a_look=m.metric_id is None or m.needs_confirmation,
                        closest=names.get(suggestions.get(m.label, ""), ""),
                        where=f"{place}, {m.source.cell}",
                    )
                )
    return sorted(rows, key=lambda r: (not r.needs_a_look, r.confidence))


def apply_choices(
    mappings: dict[str, str], changed: dict[str, str], catalog: Catalog | None = None
) -> dict[str, str]:
    """The context's mappings with the user's choices applied: a metric by name, ignore,
    or back to not mapped (the override removed)."""
    by_name = {name: metric_id for metric_id, name in metric_names(catalog).items()}
    updated = dict(mappings)
    for label, choice in changed.items():
        if choice == UNMAPPED:
            updated.pop(label, None)
        else:
            updated[label] = "ignore" if choice == IGNORE else by_name[choice]
    return updated


def notes(result: IngestResult) -> list[Notice]:
    """Everything not turned into a value, by kind: each label not understood (its values
    wait for a mapping), then every notice but a file's own failure (shown beside it)."""
    order = list(NOTICE_WORDS)
    waiting = [
        Notice(
            message=f"'{u.label}' was not understood, so its {u.rows} value(s) were not used; "
            "choose what it means in the table above.",
            kind="mapping",
            source=u.source,
        )
        for u in result.unmapped
    ]
    return waiting + sorted(
        (w for w in result.warnings if w.kind != "file"), key=lambda w: order.index(w.kind)
    )
