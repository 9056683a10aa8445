"""What one ingest call carries from sheet to sheet and file to file.

The rule for a value given twice lives here: each (metric, period, business unit) is kept
once, the first wins, and the user is told of every repeat (a duplicate when the values
agree, a conflict when they differ). So does the rule that the fiscal-year assumption is
told once per file, however many of its sheets hold fiscal labels.

What is kept is held by column (`ObservationTable`): each sheet's kept values arrive as
one batch, their keys are checked against everything kept before with array operations,
and each text is stored once however many observations carry it.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

import numpy as np

from reporting.catalog import Catalog, load_catalog
from reporting.ingest.census import column_index
from reporting.ingest.grid import a1
from reporting.observation_table import TEXTS, Observations, ObservationTable, Texts
from reporting.observations import IngestResult, Notice, Source

# A key packs metric, period and business unit codes into one integer.
_PERIOD_SHIFT, _METRIC_SHIFT = 26, 44


@dataclass(frozen=True)
class Batch:
    """One sheet's values to keep, in the order they are offered."""

    metric: np.ndarray  # index into the catalog's metrics
    value: np.ndarray
    target: np.ndarray  # NaN where none applies
    row: np.ndarray  # sheet row and column of the value cell
    col: np.ndarray
    texts: dict[str, Texts]  # sheet-local distinct values and codes, by field


class Ledger:
    """The observations kept so far, by column, and the notices told once per file."""

    def __init__(self, result: IngestResult, catalog: Catalog | None = None) -> None:
        self._result = result
        metrics = list(catalog or load_catalog())
        self.metric_index = {m.id: i for i, m in enumerate(metrics)}
        self._metrics = metrics
        self._fiscal_told: set[str] = set()
        self._strings: dict[str, dict] = {name: {} for name in TEXTS}
        self._chunks: list[Batch] = []
        self._starts: list[int] = []
        self._size = 0
        self._keys = np.zeros(0, dtype=np.int64)  # sorted
        self._at = np.zeros(0, dtype=np.int64)  # store position of each key

    def admit(self, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
        """Keep each offered value unless its metric, period and unit are already kept.

        Returns, per value, whether it was kept and, for a repeat, the store position of
        the value kept first (else -1); see `repeat` for the notice to tell."""
        texts = {name: self._global(name, batch.texts[name]) for name in TEXTS}
        keys = (
            (batch.metric.astype(np.int64) << _METRIC_SHIFT)
            | (texts["period"].codes.astype(np.int64) << _PERIOD_SHIFT)
            | texts["business_unit"].codes
        )
        earlier = np.full(len(keys), -1, dtype=np.int64)
        if len(self._keys):
            pos = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
            found = self._keys[pos] == keys
            earlier[found] = self._at[pos[found]]
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        first_of = first[inverse.ravel()]
        again = (first_of != np.arange(len(keys))) & (earlier < 0)
        kept = (earlier < 0) & ~again
        position = self._size + np.cumsum(kept) - 1
        earlier[again] = position[first_of[again]]
        if kept.any():
            self._append(batch, texts, kept)
            self._remember(keys[kept], position[kept])
        return kept, earlier

    def keep(self, observation: dict) -> bool:
        """Keep one observation (a dict as `Observation` takes it), telling of a repeat:
        `admit` for a batch of one."""
        kept, earlier = self.admit(_batch_of_one(observation, self.metric_index))
        if not kept[0]:
            what = (observation["label"], observation["period"], observation["business_unit"])
            source = Source(**observation["source"])
            self._result.warnings.append(
                self.repeat(int(earlier[0]), what, observation["value"], source)
            )
        return bool(kept[0])

    def observations(self) -> Observations:
        """Everything kept, as the list of models the rest of the code reads."""
        return Observations(self.table())

    def repeat(
        self, earlier: int, what: tuple[str, str, str | None], value: float, cell: Source
    ) -> Notice:
        """The notice for a value given a second time: the same (duplicate) or not (conflict).
        `what` is the repeat's label, period and business unit."""
        label, period, unit = what
        first_value, first = self._value_at(earlier)
        what_text = f"'{label}' {period}" + (f" for {unit}" if unit else "")
        if first_value == value:
            return Notice(
                message=f"{what_text} is given twice with the same value ({value:g}) in "
                f"{first} and {cell}; counted once.",
                kind="duplicate",
                source=cell,
            )
        return Notice(
            message=f"Conflict: {what_text} is {first_value:g} in {first} but "
            f"{value:g} in {cell}; the first ({first_value:g}) is kept.",
            kind="conflict",
            source=cell,
        )

    def first_fiscal_assumption(self, file_name: str) -> bool:
        """True the first time a file's fiscal labels are read as calendar-year ones."""
        if file_name in self._fiscal_told:
            return False
        self._fiscal_told.add(file_name)
        return True

    def table(self) -> ObservationTable:
        """Everything kept, in the order it was kept."""
        chunks = self._chunks

        def joined(name: str, dtype: type) -> np.ndarray:
            parts = [getattr(chunk, name) for chunk in chunks]
            return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

        texts = {
            name: Texts(
                list(self._strings[name]),
                np.concatenate([c.texts[name].codes for c in chunks])
                if chunks
                else np.zeros(0, dtype=np.int32),
            )
            for name in TEXTS
        }
        return ObservationTable(
            metric_ids=[m.id for m in self._metrics],
            metric_units=[m.unit for m in self._metrics],
            metric_names=[m.name for m in self._metrics],
            metric=joined("metric", np.int32),
            value=joined("value", np.float64),
            target=joined("target", np.float64),
            row=joined("row", np.int32),
            col=joined("col", np.int32),
            texts=texts,
        )

    def _global(self, name: str, local: Texts) -> Texts:
        """A sheet's codes for a text field turned into this ledger's codes."""
        strings = self._strings[name]
        remap = np.asarray(
            [strings.setdefault(v, len(strings)) for v in local.values], dtype=np.int32
        )
        return Texts(local.values, remap[local.codes] if len(remap) else local.codes)

    def _append(self, batch: Batch, texts: dict[str, Texts], kept: np.ndarray) -> None:
        self._chunks.append(
            Batch(
                metric=batch.metric[kept],
                value=batch.value[kept],
                target=batch.target[kept],
                row=batch.row[kept],
                col=batch.col[kept],
                texts={name: Texts([], t.codes[kept]) for name, t in texts.items()},
            )
        )
        self._starts.append(self._size)
        self._size += int(kept.sum())

    def _remember(self, keys: np.ndarray, positions: np.ndarray) -> None:
        all_keys = np.concatenate([self._keys, keys])
        order = np.argsort(all_keys, kind="stable")
        self._keys = all_keys[order]
        self._at = np.concatenate([self._at, positions])[order]

    def _value_at(self, position: int) -> tuple[float, Source]:
        """The value kept at a store position, and its source."""
        i = bisect.bisect_right(self._starts, position) - 1
        chunk, at = self._chunks[i], position - self._starts[i]
        source = Source(
            file=_nth(self._strings["file"], chunk.texts["file"].codes[at]),
            sheet=_nth(self._strings["sheet"], chunk.texts["sheet"].codes[at]),
            cell=a1(int(chunk.row[at]), int(chunk.col[at])),
        )
        return float(chunk.value[at]), source


def _batch_of_one(observation: dict, metric_index: dict[str, int]) -> Batch:
    cell = re.fullmatch(r"([A-Z]+)(\d+)", observation["source"]["cell"])
    texts = {
        name: Texts(
            [observation["source"][name] if name in ("file", "sheet") else observation[name]],
            np.zeros(1, dtype=np.int32),
        )
        for name in TEXTS
    }
    target = observation.get("target")
    return Batch(
        metric=np.asarray([metric_index[observation["metric_id"]]]),
        value=np.asarray([observation["value"]], dtype=np.float64),
        target=np.asarray([np.nan if target is None else target]),
        row=np.asarray([int(cell[2]) - 1]),
        col=np.asarray([column_index(cell[1])]),
        texts=texts,
    )


def _nth(strings: dict, code: int) -> object:
    """The text of a code: the few files and sheets of a call make this cheap."""
    return next(itertools.islice(strings, int(code), None))
