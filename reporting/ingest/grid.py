"""One sheet's cells as a grid, held by column: each column its distinct cells and, for
every row, a code saying which of them sits there.

An export repeats a handful of quarters, units, labels and unit words down hundreds of
thousands of rows. Held by column, each distinct cell is stored once (and later read,
parsed and mapped once), the worker's reply is a few byte arrays rather than a Python
object per cell, and a long table is read with array operations. `rows` is still offered,
built from the columns on first use, for the code that reads a header or a few cells.

This module runs in the reader worker too, so it imports numpy only where the parent
asks for array codes.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import zip_longest
from operator import itemgetter
from typing import Any, NamedTuple

from reporting.ingest.census import column_letters


class Column(NamedTuple):
    """A column: its distinct cells (None for an empty cell), and a code per row."""

    values: list
    codes: Any  # array("i") where built, a numpy int32 array in the parent


def encode(cells: Sequence, *, empty_text_is_none: bool = False) -> Column:
    """A column from its cells, each distinct cell kept once, in order of appearance.

    Cells are told apart by value, and by type where a yes/no sits beside numbers (as dict
    keys True, 1 and 1.0 are one key, but TRUE is no number). With `empty_text_is_none`,
    an empty text ("" from a workbook reader) reads as an empty cell."""
    index = dict.fromkeys(cells)
    typed = (0 in index or 1 in index) and bool in set(map(type, cells))
    if typed:
        cells = list(zip(map(type, cells), cells, strict=True))
        index = dict.fromkeys(cells)
    for code, key in enumerate(index):
        index[key] = code
    codes = array(
        "i", itemgetter(*cells)(index) if len(cells) > 1 else map(index.__getitem__, cells)
    )
    values = [key[1] for key in index] if typed else list(index)
    if empty_text_is_none:
        values = [None if v == "" and isinstance(v, str) else v for v in values]
    return Column(values, codes)


def encode_rows(rows: Sequence[Sequence], *, empty_text_is_none: bool = False) -> list[Column]:
    """The columns of rows, as wide as the widest row (a short row reads as empty cells)."""
    width = max(map(len, rows), default=0)
    if rows and min(map(len, rows)) == width:
        cells = (list(map(itemgetter(c), rows)) for c in range(width))
    else:
        cells = (list(column) for column in zip_longest(*rows))
    return [encode(column, empty_text_is_none=empty_text_is_none) for column in cells]


class ColumnBuilder:
    """Rows in, a chunk at a time, columns out: a long text file is never held as rows.

    Each chunk is turned into columns and coded against the distinct cells seen so far,
    so the work per cell is a dict lookup done in C; `change` (stripping, say) is applied
    once per distinct cell."""

    def __init__(self, change: Callable[[Any], Any] = lambda cell: cell) -> None:
        self._change = change
        self._index: list[dict] = []  # per column: cell as read -> code
        self._values: list[list] = []  # per column: changed cell by code
        self._codes: list[array] = []
        self._lengths = array("i")
        self.height = 0

    def add(self, rows: list[list]) -> None:
        if not rows:
            return
        lengths = array("i", map(len, rows))
        even = min(lengths) == max(lengths)
        self._add(list(zip(*rows, strict=True) if even else zip_longest(*rows)), lengths)

    def add_columns(self, columns: list[Sequence]) -> None:
        """Rows given as their columns, all of one length (every row as wide)."""
        rows = len(columns[0]) if columns else 0
        self._add(columns, array("i", [len(columns)]) * rows)

    def _add(self, columns: list[Sequence], lengths: array) -> None:
        rows = len(lengths)
        while len(self._index) < len(columns):
            self._index.append({None: 0})
            self._values.append([None])
            self._codes.append(array("i", [0]) * self.height)
        for c, (index, values) in enumerate(zip(self._index, self._values, strict=True)):
            if c >= len(columns):
                self._codes[c].extend(array("i", [0]) * rows)
                continue
            self._codes[c].extend(self._coded(columns[c], index, values))
        self._lengths.extend(lengths)
        self.height += rows

    def _coded(self, cells: Sequence, index: dict, values: list) -> Sequence[int]:
        """The codes of cells, new distinct cells added first (once a column's few
        distinct cells are known, a chunk is coded in one lookup pass)."""
        look_up = itemgetter(*cells) if len(cells) > 1 else lambda i: [i[cells[0]]]
        try:
            return look_up(index)
        except KeyError:
            for cell in dict.fromkeys(cells):
                if cell not in index:
                    index[cell] = len(values)
                    values.append(self._change(cell))
            return look_up(index)

    def columns(self) -> list[Column]:
        """Every column seen, as long as all the rows."""
        return [
            Column(values, codes) for values, codes in zip(self._values, self._codes, strict=True)
        ]

    def width(self, height: int) -> int:
        """The length of the longest of the first `height` rows."""
        return max(self._lengths[:height], default=0)


# Cached: every cell named in a notice asks for its column's letters.
column_letter = lru_cache(maxsize=1024)(column_letters)


def a1(row: int, col: int) -> str:
    """0-based row and column to an A1 reference."""
    return f"{column_letter(col)}{row + 1}"


class Grid:
    """One sheet's cells, rectangular: the cell at grid (r, c) is at sheet (row0 + r, col0 + c).

    Built from rows (a workbook reader, a test) or from columns (a text file, the worker's
    reply); each form is made from the other on first use."""

    def __init__(
        self,
        name: str,
        rows: list[list[object]] | None = None,
        row0: int = 0,
        col0: int = 0,
        percent_cells: set[tuple[int, int]] | None = None,
        decimal_comma: bool = False,
        note: str | None = None,
        replaced: list[tuple[int, int]] | None = None,
        *,
        columns: list[Column] | None = None,
        height: int | None = None,
    ) -> None:
        self.name = name
        self.row0 = row0
        self.col0 = col0
        self.percent_cells = percent_cells if percent_cells is not None else set()
        self.decimal_comma = decimal_comma
        self.note = note
        #: Cells whose control characters were replaced by U+FFFD, as (r, c).
        self.replaced = replaced if replaced is not None else []
        self._rows = rows if rows is not None or columns is not None else []
        self._columns = columns
        if columns is not None:
            self.height = height if height is not None else len(columns[0].codes) if columns else 0
        else:
            self.height = len(self._rows)

    @property
    def rows(self) -> Sequence[list[object]]:
        """Row by row: the list it was built from, else rows decoded from the columns as
        they are asked for (reading a header does not decode a million rows)."""
        if self._rows is None:
            return _Rows(self._columns, self.height)
        return self._rows

    @property
    def columns(self) -> list[Column]:
        if self._columns is None:
            self._columns = encode_rows(self._rows)
        return self._columns

    def set_columns(self, columns: list[Column]) -> None:
        """Replace the columns (cells cleaned); rows are rebuilt from them when asked."""
        self._columns = columns
        self._rows = None

    def column(self, c: int) -> tuple[list, Any]:
        """Column `c` as (distinct cells, numpy codes): for array work in the parent."""
        import numpy as np

        values, codes = self.columns[c]
        if not isinstance(codes, np.ndarray):
            codes = np.frombuffer(codes, dtype=np.int32) if len(codes) else np.zeros(0, np.int32)
        return values, codes

    def a1(self, r: int, c: int) -> str:
        return a1(self.row0 + r, self.col0 + c)

    def is_percent(self, r: int, c: int) -> bool:
        return (self.row0 + r, self.col0 + c) in self.percent_cells

    def pack(self) -> tuple:
        """The grid as plain data for the worker's reply: codes go as bytes."""
        columns = [(values, codes.tobytes()) for values, codes in self.columns]
        return (
            self.name,
            self.row0,
            self.col0,
            self.height,
            columns,
            self.percent_cells,
            self.decimal_comma,
            self.note,
            self.replaced,
        )

    @classmethod
    def unpack(cls, packed: tuple) -> Grid:
        import numpy as np

        name, row0, col0, height, columns, percent, decimal_comma, note, replaced = packed
        coded = [Column(values, np.frombuffer(codes, dtype=np.int32)) for values, codes in columns]
        # The reply comes from another process: each column must be as tall as the grid and
        # every code must name one of its values, or cells would be read from the wrong place.
        for values, codes in coded:
            if len(codes) != height or (
                len(codes) and not 0 <= codes.min() <= codes.max() < len(values)
            ):
                raise ValueError("a column of the worker's reply does not fit its grid")
        return cls(
            name,
            None,
            row0,
            col0,
            percent,
            decimal_comma,
            note,
            replaced,
            columns=coded,
            height=height,
        )


class _Rows(Sequence):
    """The rows of coded columns, each decoded when read."""

    _CHUNK = 4096

    def __init__(self, columns: list[Column], height: int) -> None:
        self._columns = columns
        self._height = height

    def __len__(self) -> int:
        return self._height

    def __getitem__(self, item: int | slice) -> Any:
        if isinstance(item, slice):
            return self._decode(*item.indices(self._height))
        r = range(self._height)[item]
        return [values[codes[r]] for values, codes in self._columns]

    def __iter__(self) -> Iterator[list[object]]:
        for start in range(0, self._height, self._CHUNK):
            yield from self._decode(start, min(start + self._CHUNK, self._height), 1)

    def _decode(self, start: int, stop: int, step: int) -> list[list[object]]:
        if not self._columns:
            return [[] for _ in range(start, stop, step)]
        cells = [
            list(map(values.__getitem__, _as_list(codes[start:stop:step])))
            for values, codes in self._columns
        ]
        return [list(row) for row in zip(*cells, strict=True)]


def head_rows(columns: list[Column], n: int) -> Iterable[tuple]:
    """The first `n` rows of columns, as tuples."""
    return zip(*([values[k] for k in codes[:n]] for values, codes in columns), strict=True)


def _as_list(codes: Any) -> list[int]:
    return codes.tolist()  # numpy and array both: ints, without a boxed scalar per read
