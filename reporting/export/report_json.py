"""The JSON of a report or an ingest result, as DESIGN.md promises it, written fast.

Written with orjson (in Rust, ten times the standard library's speed), indented by two
spaces as before. The observations, which are nearly all of it on a large export, are
written straight from their columns (`ObservationTable.dicts`), a chunk at a time, never
as a million pydantic models dumped one by one; everything else is the model's own
`model_dump(mode="json")`. Keys and values are those of `model_dump_json`, in its order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

import orjson
from pydantic import BaseModel

from reporting.observation_table import ObservationTable, gc_paused, table_of

_OPTIONS = orjson.OPT_INDENT_2
# Stands for the observations in the dump of the rest; a JSON text never holds it
# unescaped, since a quote inside a string is written \".
_PLACEHOLDER = b'"@observations@"'
_CHUNK = 20_000


def json_chunks(model: BaseModel, extra: dict | None = None) -> Iterator[bytes]:
    """The model as indented JSON, in pieces, with `extra` keys after its own."""
    table = table_of(getattr(model, "observations", []))
    if table is None:
        yield orjson.dumps({**model.model_dump(mode="json"), **(extra or {})}, option=_OPTIONS)
        return
    data = model.model_dump(mode="json", exclude={"observations"})
    ordered = {
        name: orjson.Fragment(_PLACEHOLDER) if name == "observations" else data[name]
        for name in type(model).model_fields
        if name in data or name == "observations"
    }
    text = orjson.dumps({**ordered, **(extra or {})}, option=_OPTIONS)
    head, tail = text.split(_PLACEHOLDER, 1)
    yield head
    yield from _observations(table)
    yield tail


def json_bytes(model: BaseModel, extra: dict | None = None) -> bytes:
    return b"".join(json_chunks(model, extra))


def write_json(stream: IO[bytes], model: BaseModel, extra: dict | None = None) -> None:
    for chunk in json_chunks(model, extra):
        stream.write(chunk)


def _observations(table: ObservationTable) -> Iterator[bytes]:
    """The observations as an indented JSON array nested one level deep."""
    if not len(table):
        yield b"[]"
        return
    yield b"["
    for start in range(0, len(table), _CHUNK):
        with gc_paused():  # each chunk's dicts are freed whole, by reference counting
            items = orjson.dumps(table.dicts(start, start + _CHUNK), option=_OPTIONS)
        # "[\n  {...},\n  {...}\n]" without its brackets, one level deeper.
        inner = items[1:-2].replace(b"\n", b"\n  ")
        yield inner if start == 0 else b"," + inner
    yield b"\n  ]"
