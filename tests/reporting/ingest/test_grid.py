"""Grids held by column read exactly as the rows they came from, whichever way they were built."""

from __future__ import annotations

import datetime as dt
import pickle

from reporting.ingest.grid import ColumnBuilder, Grid, encode

ROWS = [
    ["Quarter", "Metric", "Value", "Flag"],
    ["2026-Q3", "MFA coverage", 1.0, True],
    ["2026-Q3", "EDR coverage", 1, False],
    ["2026-Q2", "MFA coverage", 0.0, None],
    [dt.date(2026, 6, 30), None, 95.5, 1.0],
]


def test_a_column_keeps_each_distinct_cell_once_and_a_yes_no_apart_from_numbers():
    values, codes = encode([True, 1.0, 1, True, 0, False])
    decoded = [values[k] for k in codes]
    assert decoded == [True, 1.0, 1, True, 0, False]
    assert [type(v) for v in decoded] == [bool, float, int, bool, int, bool]


def test_rows_read_back_from_the_columns_and_the_worker_reply_unchanged():
    grid = Grid("S", [list(row) for row in ROWS], row0=3, col0=1, percent_cells={(4, 3)})
    packed = Grid.unpack(pickle.loads(pickle.dumps(grid.pack())))
    assert [list(row) for row in packed.rows] == ROWS
    assert packed.rows[1:3] == ROWS[1:3] and packed.rows[-1] == ROWS[-1]
    assert (packed.height, packed.a1(1, 2), packed.is_percent(1, 2)) == (5, "D5", True)


def test_a_short_row_reads_as_empty_cells_after_its_end():
    grid = Grid("S", [["a", "b", "c"], ["d"]])
    assert [list(row) for row in Grid.unpack(grid.pack()).rows] == [
        ["a", "b", "c"],
        ["d", None, None],
    ]


def test_rows_added_a_chunk_at_a_time_make_the_same_columns():
    builder = ColumnBuilder(lambda cell: None if cell is None else cell.strip() or None)
    builder.add([["a ", "b"], ["c"]])
    builder.add([["a", " ", "x"], []])
    grid = Grid("", columns=builder.columns(), height=builder.height)
    assert [list(row) for row in grid.rows] == [
        ["a", "b", None],
        ["c", None, None],
        ["a", None, "x"],
        [None, None, None],
    ]
    assert builder.width(2) == 2 and builder.width(4) == 3


def test_a_reply_whose_codes_do_not_fit_its_grid_is_refused():
    import numpy as np
    import pytest

    packed = Grid("S", [row[:] for row in ROWS]).pack()
    name, row0, col0, height, columns, *rest = packed
    values, codes = columns[0]
    wrong = np.frombuffer(codes, dtype=np.int32).copy()
    for bad in (len(values), -1):
        wrong[1] = bad
        broken = [(values, wrong.tobytes()), *columns[1:]]
        with pytest.raises(ValueError, match="does not fit"):
            Grid.unpack((name, row0, col0, height, broken, *rest))
    with pytest.raises(ValueError, match="does not fit"):
        Grid.unpack((name, row0, col0, height + 1, columns, *rest))
