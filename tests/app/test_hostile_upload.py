"""The app stays up when a file takes its reader down."""

from __future__ import annotations

from tests.app.conftest import XLSX, metric, open_page
from tests.conftest import make_xlsx
from tests.hostile import corpus


def test_the_app_stays_up_when_a_reader_dies_on_an_upload(monkeypatch):
    monkeypatch.setenv("BOARD_BRIEF_LIMIT_SHEET_CELLS", "1e12")
    monkeypatch.setenv("BOARD_BRIEF_LIMIT_WORKBOOK_CELLS", "1e12")
    monkeypatch.setenv("BOARD_BRIEF_LIMIT_WORKER_MEMORY_BYTES", str(512 << 20))
    at = open_page("data")
    good = make_xlsx({"KPIs": [["Metric", "Q3 2026"], ["MFA coverage", 95]]})
    at.file_uploader(key="uploads").set_value(
        [("corners.xlsx", corpus.opposite_corners(), XLSX), ("ours.xlsx", good, XLSX)]
    ).run()
    assert not at.exception
    assert any("corners\\.xlsx could not be read" in e.value for e in at.error)
    assert metric(at, "Values understood") == "1"
    # And the next upload is served as usual.
    at.file_uploader(key="uploads").set_value([("ours.xlsx", good, XLSX)]).run()
    assert not at.exception and metric(at, "Values understood") == "1"
