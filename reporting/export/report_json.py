"""The JSON of a report or an ingest result, as DESIGN.md promises it, written fast.

Written with orjson (in Rust, ten times the standard library's speed), indented by two
spaces as before. The observations, which are nearly all of it on a large export, are
written straight from their columns (`ObservationTable.dicts`), a chunk at a time, never
as a million pydantic models dumped one by one; everything else is the model's own
`model_dump(mode="json")`. Keys and values are those of `model_dump_json`, in its order.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator
from typing import IO

import numpy as np
import orjson
from pydantic import BaseModel

from reporting.ingest.grid import column_letter
from reporting.observation_table import STATUSES, ObservationTable, table_of
from reporting.observations import Observation

_OPTIONS = orjson.OPT_INDENT_2


# Stands for the observations in the dump of the rest; made anew for each dump, so that no
# text a user wrote (an organisation named "@observations@") can be taken for it.
def _placeholder() -> bytes:
    return b'"@observations-' + secrets.token_hex(16).encode() + b'@"'


_CHUNK = 20_000


def json_chunks(model: BaseModel, extra: dict | None = None) -> Iterator[bytes]:
    """The model as indented JSON, in pieces, with `extra` keys after its own."""
    table = table_of(getattr(model, "observations", []))
    if table is None:
        yield orjson.dumps({**model.model_dump(mode="json"), **(extra or {})}, option=_OPTIONS)
        return
    data = model.model_dump(mode="json", exclude={"observations"})
    placeholder = _placeholder()
    ordered = {
        name: orjson.Fragment(placeholder) if name == "observations" else data[name]
        for name in type(model).model_fields
        if name in data or name == "observations"
    }
    text = orjson.dumps({**ordered, **(extra or {})}, option=_OPTIONS)
    head, tail = text.split(placeholder, 1)
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
        items = observation_items(table, start, min(start + _CHUNK, len(table)))
        yield items if start == 0 else b"," + items
    yield b"\n  ]"


# The text around each value of an observation, as orjson indents it two levels deep.
_KEYS = tuple(Observation.model_fields)


def _around(key: str, first: bool = False) -> bytes:
    return (b"\n    {" if first else b",") + f'\n      "{key}": '.encode()


def observation_items(table: ObservationTable, start: int, stop: int) -> bytes:
    """Observations `start:stop` as the array items orjson writes for `table.dicts`, byte
    for byte, assembled in C: each distinct text, number and cell is written once and
    the pieces of each observation joined (a million observations in seconds)."""
    texts = {name: _coded(table.texts[name], start, stop) for name in table.texts}
    metric = table.metric[start:stop].tolist()
    null = itertools.repeat(b"null")
    if table.judged is None:
        status, name, applied = null, null, null
    else:
        words = [orjson.dumps(word) for word in STATUSES]
        status = map(words.__getitem__, table.judged.status[start:stop].tolist())
        names = [orjson.dumps(n) for n in table.metric_names]
        name = map(names.__getitem__, metric)
        applied = _numbers(table.judged.applied_target[start:stop])
    ids = [orjson.dumps(m) for m in table.metric_ids]
    units = [orjson.dumps(u) for u in table.metric_units]
    values = {
        "metric_id": map(ids.__getitem__, metric),
        "label": texts["label"],
        "period": texts["period"],
        "period_label": texts["period_label"],
        "business_unit": texts["business_unit"],
        "value": _numbers(table.value[start:stop]),
        "unit": map(units.__getitem__, metric),
        "status": status,
        "target": _numbers(table.target[start:stop]),
        "owner": texts["owner"],
        "note": texts["note"],
        "source": _sources(table, texts, start, stop),
        "name": name,
        "applied_target": applied,
    }
    pieces = []
    for i, key in enumerate(_KEYS):
        pieces += [itertools.repeat(_around(key, first=i == 0)), values[key]]
    pieces.append(itertools.repeat(b"\n    }"))
    return b",".join(map(b"".join, zip(*pieces, strict=False)))  # the repeats never end


def _sources(table: ObservationTable, texts: dict, start: int, stop: int) -> Iterator[bytes]:
    """Each observation's source object, indented three levels deep."""
    letters = {c: b'"' + column_letter(c).encode() for c in np.unique(table.col).tolist()}
    cells = map(
        b"".join,
        zip(
            map(letters.__getitem__, table.col[start:stop].tolist()),
            _numbers(table.row[start:stop] + 1),
            itertools.repeat(b'"'),
        ),
    )
    return map(
        b"".join,
        zip(
            itertools.repeat(b'{\n        "file": '),
            texts["file"],
            itertools.repeat(b',\n        "sheet": '),
            texts["sheet"],
            itertools.repeat(b',\n        "cell": '),
            cells,
            itertools.repeat(b"\n      }"),
        ),
    )


def _coded(column, start: int, stop: int) -> Iterator[bytes]:
    """A text field's values as JSON, each distinct value written once."""
    written = [orjson.dumps(v) for v in column.values]
    return map(written.__getitem__, column.codes[start:stop].tolist())


def _numbers(numbers: np.ndarray) -> list[bytes]:
    """Numbers as orjson writes them (NaN as null), all written in one call."""
    if not len(numbers):
        return []
    return orjson.dumps(numbers.tolist())[1:-1].split(b",")
