"""Text the history's databases cannot hold, and what the store does with it.

PostgreSQL refuses NUL in text, and neither engine can encode a lone surrogate (a file name
that was not UTF-8). Such characters are stored as U+FFFD instead (`storable`; the schema's
text columns apply it to everything bound to them), and an upload that held any gets a
warning naming each place (`storable_upload`), so one odd character in a workbook neither
fails the upload nor disappears unsaid. The files' bytes are stored as they came.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reporting.history.errors import join
from reporting.ingest import InputFile
from reporting.observations import IngestResult, Notice, Source

REPLACEMENT = "\ufffd"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# How the stored text fields of an observation are named in a warning.
_OBSERVATION_TEXTS = {
    "label": "label",
    "period_label": "quarter label",
    "business_unit": "business unit",
    "owner": "owner",
    "note": "note",
    "metric_id": "metric",
    "unit": "unit",
}
# Past this many places, the store's warnings about unstorable characters are summed up.
_MAX_CHARACTER_WARNINGS = 20


def unstorable(value: str) -> bool:
    """Whether the text holds a character no database here can store (NUL, a surrogate)."""
    return _UNSTORABLE.search(value) is not None


def storable(value: str) -> str:
    """The text with NUL and lone surrogates replaced by U+FFFD; a surrogate pair that
    encodes one character is joined back into it rather than lost."""
    if not unstorable(value):
        return value
    if _SURROGATE.search(value):
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return value.replace("\x00", REPLACEMENT)


def storable_tree(value):
    """A JSON-ready tree (dicts, lists, strings) with every string made storable."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable_tree(k): storable_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable_tree(v) for v in value]
    return value


class _Storable:
    """Replaces the characters a database cannot hold, noting where each was found."""

    def __init__(self) -> None:
        self.found: dict[Source, dict[str, bool]] = {}  # place -> what held one: was it NUL

    def text(self, value: str | None, what: str, where: Source) -> str | None:
        if value is None or not unstorable(value):
            return value
        self.found.setdefault(where, {})
        self.found[where][what] = self.found[where].get(what, False) or "\x00" in value
        return storable(value)

    def source(self, source: Source | None) -> Source | None:
        if source is None or not any(
            unstorable(part) for part in (source.file, source.sheet, source.cell) if part
        ):
            return source
        # Each place is named as it is stored: readable, with U+FFFD in it.
        file, sheet, cell = (
            storable(p) if p else p for p in (source.file, source.sheet, source.cell)
        )
        self.text(source.file, "file name", Source(file=file))
        self.text(source.sheet, "sheet name", Source(file=file, sheet=sheet))
        self.text(source.cell, "cell reference", Source(file=file, sheet=sheet, cell=cell))
        return Source(file=file, sheet=sheet, cell=cell)

    def model(self, item, fields: dict[str, str]):
        source = self.source(item.source)
        update = {
            name: self.text(getattr(item, name), what, source or Source(file=""))
            for name, what in fields.items()
            if isinstance(getattr(item, name), str) and unstorable(getattr(item, name))
        }
        if source is not item.source:
            update["source"] = source
        return item.model_copy(update=update) if update else item

    def notices(self) -> list[Notice]:
        notices = []
        for where, held in list(self.found.items())[:_MAX_CHARACTER_WARNINGS]:
            what = join(list(held))
            character = (
                "a NUL character (code 0)"
                if any(held.values())
                else "a character that is not valid Unicode"
            )
            notices.append(
                Notice(
                    kind="value",
                    source=where if where.file else None,
                    message=(
                        f"The {what} held {character}, which the history cannot store; "
                        f"it is stored with {REPLACEMENT} in its place."
                    ),
                )
            )
        if len(self.found) > _MAX_CHARACTER_WARNINGS:
            notices.append(
                Notice(
                    kind="value",
                    message=(
                        f"{len(self.found) - _MAX_CHARACTER_WARNINGS} more places held "
                        "characters the history cannot store; they are stored with "
                        f"{REPLACEMENT} in their place."
                    ),
                )
            )
        return notices


def storable_upload(
    files: Sequence[InputFile], result: IngestResult
) -> tuple[list[InputFile], IngestResult]:
    """The upload as the database can hold it: NUL (which PostgreSQL refuses) and lone
    surrogates replaced by U+FFFD in every text stored, plus a warning for each place one
    was found. Nothing else changes; the files' bytes are stored as they came."""
    cleaner = _Storable()
    stored_files = [
        InputFile(cleaner.text(f.name, "file name", Source(file=storable(f.name))), f.data)
        if unstorable(f.name)
        else f
        for f in files
    ]
    observations = [cleaner.model(o, _OBSERVATION_TEXTS) for o in result.observations]
    unmapped = [
        cleaner.model(u, {"label": "label", "suggestion": "suggested metric"})
        for u in result.unmapped
    ]
    warnings = [cleaner.model(w, {"message": "warning text"}) for w in result.warnings]
    if not cleaner.found:
        return list(files), result
    return stored_files, result.model_copy(
        update={
            "observations": observations,
            "unmapped": unmapped,
            "warnings": warnings + cleaner.notices(),
        }
    )
