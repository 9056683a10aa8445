"""The reader worker: whatever happens to it ends in a sentence, and this process goes on."""

from __future__ import annotations

import os

import pytest

from reporting.ingest import ingest_paths
from reporting.ingest.limits import Limits
from tests.conftest import SAMPLE, error_of, make_xlsx
from tests.hostile import corpus


def test_a_reader_that_dies_ends_in_a_sentence_and_the_next_file_is_read(tmp_path):
    # Without the census's cell limits, calamine itself tries to build 17 billion cells:
    # the worker aborts (a Rust allocation failure), this process does not.
    (tmp_path / "corners.xlsx").write_bytes(corpus.opposite_corners())
    loose = Limits(sheet_cells=10**12, workbook_cells=10**12, worker_memory_bytes=512 << 20)
    result = ingest_paths(
        [tmp_path / "corners.xlsx", SAMPLE / "harbour_security_kpis.xlsx"], limits=loose
    )
    assert error_of(result, "corners.xlsx") == (
        "corners.xlsx could not be read: opening it needs more than 512 MB of memory, far "
        "more than a workbook of metrics needs; it may be damaged or built to expand. Open "
        "it in Excel or LibreOffice, delete unused cells and sheets, and save a copy."
    )
    assert len(result.observations) > 100


def test_a_reader_that_takes_too_long_is_stopped(read):
    rows = [["Quarter", "Metric", "Value"]] + [
        ["2026-Q3", "MFA coverage", i] for i in range(20_000)
    ]
    result = read(("slow.xlsx", make_xlsx({"KPIs": rows})), limits=Limits(worker_seconds=0.05))
    assert error_of(result, "slow.xlsx").startswith(
        "slow.xlsx could not be read within 0.05 seconds"
    )


def test_a_reply_naming_any_class_but_a_grid_is_refused():
    """Replies are unpickled with an allow-list, so a worker gone wrong builds nothing else."""
    import pickle

    from reporting.ingest import isolation

    class Evil:
        def __reduce__(self):
            return (os.system, ("true",))

    with pytest.raises(isolation._WorkerLost):
        isolation._unpickle(pickle.dumps(("ok", "xlsx", [Evil()])))
