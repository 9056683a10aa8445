"""Observations held by column: what a million-row export costs in memory and in JSON.

An `Observation` model costs about a kilobyte; a million of them do not fit a laptop's
memory beside everything else, and writing them through pydantic takes longer than
reading the file. Ingest therefore keeps what it reads as an `ObservationTable`: one array
per number, and one array of codes into its distinct values per text. The rest of the code
still sees a list of `Observation` models (`Observations`, built from the table on first
use); what only counts, or writes JSON (`validate`, `build --json`), reads the table.

A table may also carry the report's judgement of each observation (status, metric name,
applied target), so that the report's copies are columns too rather than copied models.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from pydantic import BaseModel

from reporting.observations import READ_FIELDS, Observation, Source

TEXTS = ("label", "period", "period_label", "business_unit", "owner", "note", "file", "sheet")
# The fields a model read from a file is given (the others keep their defaults).
GIVEN = READ_FIELDS
STATUSES = ("green", "amber", "red")


@dataclass(frozen=True)
class Texts:
    """A text field: its distinct values (None included) and a code per observation."""

    values: list
    codes: np.ndarray

    def decoded(self, start: int = 0, stop: int | None = None) -> list:
        return list(map(self.values.__getitem__, self.codes[start:stop].tolist()))


@dataclass(frozen=True)
class Judged:
    """The report's judgement of each observation, by column."""

    status: np.ndarray  # index into STATUSES
    applied_target: np.ndarray  # float64


@dataclass(frozen=True)
class ObservationTable:
    """Observations by column, in the order ingest kept them."""

    metric_ids: list[str]  # index -> catalog id
    metric_units: list[str]
    metric_names: list[str]
    metric: np.ndarray  # index into metric_ids
    value: np.ndarray  # float64
    target: np.ndarray  # float64, NaN where none was given
    row: np.ndarray  # sheet row and column of the value cell (0-based)
    col: np.ndarray
    texts: dict[str, Texts]
    judged: Judged | None = None

    def __len__(self) -> int:
        return len(self.value)

    def distinct(self, name: str) -> set:
        """The distinct values a text field takes."""
        column = self.texts[name]
        return {column.values[k] for k in np.unique(column.codes).tolist()}

    def period_labels_written(self) -> list[tuple[str, str, int]]:
        """(quarter, label as written, count) for each distinct pair, in the order each
        first comes (see `quarters.labels_counted`)."""
        period, label = self.texts["period"], self.texts["period_label"]
        pairs = period.codes.astype(np.int64) * (len(label.values) + 1) + label.codes
        distinct, first, counts = np.unique(pairs, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        width = len(label.values) + 1
        return [
            (period.values[key // width], label.values[key % width], n)
            for key, n in zip(distinct[order].tolist(), counts[order].tolist(), strict=True)
        ]

    def metric_id_set(self) -> set[str]:
        return {self.metric_ids[k] for k in np.unique(self.metric).tolist()}

    def with_judgement(self, judged: Judged) -> ObservationTable:
        return replace(self, judged=judged)

    def select(self, keep: np.ndarray) -> ObservationTable:
        """The observations at `keep` (a mask or indices), in their order."""
        texts = {n: Texts(t.values, t.codes[keep]) for n, t in self.texts.items()}
        judged = self.judged and Judged(self.judged.status[keep], self.judged.applied_target[keep])
        return replace(
            self,
            metric=self.metric[keep],
            value=self.value[keep],
            target=self.target[keep],
            row=self.row[keep],
            col=self.col[keep],
            texts=texts,
            judged=judged,
        )

    def cells(self, start: int = 0, stop: int | None = None) -> list[str]:
        from reporting.ingest.grid import a1

        rows, cols = self.row[start:stop].tolist(), self.col[start:stop].tolist()
        return list(map(a1, rows, cols))

    def dicts(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        """Observations `start:stop` as the dicts `model_dump(mode="json")` gives, keys in
        the model's order: for JSON written straight from the columns."""
        t = {name: self.texts[name].decoded(start, stop) for name in TEXTS}
        metric = self.metric[start:stop].tolist()
        ids = [self.metric_ids[m] for m in metric]
        units = [self.metric_units[m] for m in metric]
        values = self.value[start:stop].tolist()
        targets = _nullable(self.target[start:stop])
        sources = [
            {"file": f, "sheet": s, "cell": c}
            for f, s, c in zip(t["file"], t["sheet"], self.cells(start, stop), strict=True)
        ]
        if self.judged is None:
            statuses, names, applied = _nones(len(ids)), _nones(len(ids)), _nones(len(ids))
        else:
            statuses = [STATUSES[s] for s in self.judged.status[start:stop].tolist()]
            names = [self.metric_names[m] for m in metric]
            applied = self.judged.applied_target[start:stop].tolist()
        return [
            {
                "metric_id": metric_id,
                "label": label,
                "period": period,
                "period_label": period_label,
                "business_unit": unit,
                "value": value,
                "unit": measure,
                "status": status,
                "target": target,
                "owner": owner,
                "note": note,
                "source": source,
                "name": name,
                "applied_target": applied_target,
            }
            for (
                metric_id,
                label,
                period,
                period_label,
                unit,
                value,
                measure,
                status,
                target,
                owner,
                note,
                source,
                name,
                applied_target,
            ) in zip(
                ids,
                t["label"],
                t["period"],
                t["period_label"],
                t["business_unit"],
                values,
                units,
                statuses,
                targets,
                t["owner"],
                t["note"],
                sources,
                names,
                applied,
                strict=True,
            )
        ]

    def models(self, start: int = 0, stop: int | None = None) -> list[Observation]:
        """Observations `start:stop` as models, built without validation: every value was
        validated (or computed) as it was kept. The same fields are set as on a model
        validated from what ingest read, so the models are equal to those."""
        # A set naming every field is shared (pydantic only ever adds a field's name to it);
        # one naming some is each model's own.
        complete = set(Observation.model_fields) if self.judged is not None else None
        source_fields = {"file", "sheet", "cell"}
        models = []
        with gc_paused():
            for item in self.dicts(start, stop):
                item["source"] = built(Source, item["source"], source_fields)
                models.append(built(Observation, item, complete or set(GIVEN)))
        return models


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Building a million observations allocates a few objects each and frees nothing
    cyclic; left on, the collector rescans the growing heap again and again (a third of
    the time of an ingest, half that of building the models)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def built(model: type, values: dict[str, Any], fields_set: set[str]) -> Any:
    """A pydantic model from values already valid, all its fields given in order: what
    `model_construct` makes, without its per-field Python work (a twentieth of the time,
    which counts for a million observations). `fields_set` is used as given: share one
    only when it names every field."""
    instance = model.__new__(model)
    _SET_DICT(instance, values)
    _SET_FIELDS_SET(instance, fields_set)
    _SET_EXTRA(instance, None)
    _SET_PRIVATE(instance, None)
    return instance


# The slots every pydantic model has (those `model_construct` fills), set directly.
_SET_DICT, _SET_FIELDS_SET, _SET_EXTRA, _SET_PRIVATE = (
    BaseModel.__dict__[name].__set__
    for name in (
        "__dict__",
        "__pydantic_fields_set__",
        "__pydantic_extra__",
        "__pydantic_private__",
    )
)


def _nullable(numbers: np.ndarray) -> list[float | None]:
    return [None if n != n else n for n in numbers.tolist()]


def _nones(n: int) -> list[None]:
    return [None] * n


@dataclass
class Observations(Sequence[Observation]):
    """The observations of a table as a list of models, built on first use and kept.

    Counting needs no models: `len` and truth read the table."""

    table: ObservationTable
    _models: list[Observation] | None = field(default=None, repr=False)

    def _list(self) -> list[Observation]:
        if self._models is None:
            self._models = self.table.models()
        return self._models

    def __len__(self) -> int:
        return len(self.table)

    def __bool__(self) -> bool:
        return len(self.table) > 0

    def __getitem__(self, item: Any) -> Any:
        return self._list()[item]

    def __iter__(self) -> Iterator[Observation]:
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Observations | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Observations({len(self)} by column)"

    def __add__(self, other: Sequence[Observation]) -> list[Observation]:
        return [*self, *other]


def table_of(observations: Sequence[Observation]) -> ObservationTable | None:
    """The table behind a list of observations, when it has one."""
    return observations.table if isinstance(observations, Observations) else None
