"""What the Data page reviews: each label as it was understood, and the notes left over.

`label_review` turns an ingest result into one row per distinct label and place, with the
metric it was understood as, its confidence, whether it needs a look and the closest
metric when it was not mapped; `apply_choices` turns the user's corrections into the
business context's `mappings`. The words for notice kinds and their order live here too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reporting.catalog import Catalog, load_catalog
from reporting.catalog.headers import ROLE_WORDS
from reporting.context import COLUMN_CHOICES, BusinessContext, edited
from reporting.observations import IngestResult, Notice

IGNORE = "Not a security metric (ignore it)"
UNMAPPED = "Not mapped yet"
NOT_USED = "Not used"

#: What a column can be read as, in words, by role (the context keeps the role).
COLUMN_WORDS = {role: NOT_USED if role == "ignore" else ROLE_WORDS[role] for role in COLUMN_CHOICES}

#: How a label came to mean its metric, in words.
_LABEL_HOW = {
    "alias": "A name it is known by",
    "normalised": "A name it is known by",
    "fuzzy": "Close wording",
    "ignored": "Your choice",
    "override": "Your choice",
    "none": "Not understood",
}

#: How a column's role was decided, in words.
_COLUMN_HOW = {
    "header": "From its header",
    "choice": "Your choice",
    "content": "From its values",
    "guess": "The first column of text",
    "quarter": "A quarter",
}

#: Notice kinds as the review names them, in the order it lists them.
NOTICE_WORDS = {
    "assumption": "Assumption",
    "no_unit": "No business unit",
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
    how: str
    closest: str
    where: str


@dataclass(frozen=True)
class ColumnRow:
    where: str
    column: str
    header: str
    read_as: str
    how: str


def metric_names(catalog: Catalog | None = None) -> dict[str, str]:
    """Catalog id -> the metric's name, for choosing what a label means."""
    return {m.id: m.name for m in (catalog or load_catalog())}


def choices(catalog: Catalog | None = None) -> list[str]:
    """What a label can be understood as: not mapped, ignored, or a metric by name."""
    return [UNMAPPED, IGNORE, *sorted(metric_names(catalog).values())]


def _when(how: str, date: dt.date | None) -> str:
    """ "Your choice, 23 Nov 2026" when the date of a choice is known."""
    return f"{how}, {date.day} {date:%b %Y}" if how == "Your choice" and date else how


def label_review(
    result: IngestResult,
    catalog: Catalog | None = None,
    confirmed: dict[str, dt.date] | None = None,
) -> list[LabelRow]:
    """One row per label and place, the doubtful ones first, least confident first;
    `confirmed` dates the user's choices by label."""
    names = metric_names(catalog)
    dates = {label.casefold(): day for label, day in (confirmed or {}).items()}
    closest = {
        u.label: " · ".join(names.get(m, m) for m in (u.alternatives or [u.suggestion]))
        for u in result.unmapped
        if u.suggestion or u.alternatives
    }
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
                        how=_when(_LABEL_HOW[m.method], dates.get(m.label.casefold())),
                        closest=closest.get(m.label, ""),
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


def confirm_labels(
    context: BusinessContext, changed: dict[str, str], today: dt.date
) -> BusinessContext:
    """The context with the user's label choices kept and dated, so that next quarter's
    files with the same labels need no work."""
    mappings = apply_choices(context.mappings, changed)
    dates = {k: v for k, v in context.confirmed.mappings.items() if k in mappings}
    dates |= {label: today for label in changed if label in mappings}
    confirmed = {**context.confirmed.model_dump(mode="json"), "mappings": dates}
    return edited(context, mappings=mappings, confirmed=confirmed)


def column_review(
    result: IngestResult, confirmed: dict[str, dt.date] | None = None
) -> list[ColumnRow]:
    """Each headed column of each sheet read, with what it was read as and why."""
    dates = {header.casefold(): day for header, day in (confirmed or {}).items()}
    rows = []
    for file in result.files:
        for sheet in file.sheets:
            place = file.name + (f", {sheet.name}" if sheet.name != "(text)" else "")
            for column in sheet.columns:
                read_as = NOT_USED if column.role is None else ROLE_WORDS[column.role]
                how = _COLUMN_HOW[column.how]
                rows.append(
                    ColumnRow(
                        where=place,
                        column=column.column,
                        header=column.header,
                        read_as=read_as,
                        how=_when(how, dates.get(column.header.casefold())),
                    )
                )
    return rows


def confirm_columns(
    context: BusinessContext, changed: dict[str, str], today: dt.date
) -> BusinessContext:
    """The context with the user's column roles (header -> role in words) kept and dated."""
    by_words = {words: role for role, words in COLUMN_WORDS.items()}
    columns = dict(context.columns) | {header: by_words[words] for header, words in changed.items()}
    dates = dict(context.confirmed.columns) | dict.fromkeys(changed, today)
    confirmed = {**context.confirmed.model_dump(mode="json"), "columns": dates}
    return edited(context, columns=columns, confirmed=confirmed)


def notes(result: IngestResult) -> list[Notice]:
    """Everything not turned into a value, by kind: each label not understood (its values
    wait for a mapping), then every notice but a file's own failure (shown beside it)."""
    order = list(NOTICE_WORDS)
    names = metric_names()
    waiting = [
        Notice(
            message=_waiting(u.label, u.rows, names.get(u.suggestion or "")),
            kind="mapping",
            source=u.source,
        )
        for u in result.unmapped
    ]
    return waiting + sorted(
        (w for w in result.warnings if w.kind != "file"), key=lambda w: order.index(w.kind)
    )


def _waiting(label: str, rows: int, closest: str | None) -> str:
    """Why a label's values wait, in words: not understood, or not surely enough."""
    values = "its value was" if rows == 1 else f"its {rows} values were"
    if closest:
        return (
            f"'{label}' may mean '{closest}', but not surely enough, so {values} not used; "
            "confirm or choose what it means in the table above."
        )
    return f"'{label}' was not understood, so {values} not used; choose what it means in the table above."
