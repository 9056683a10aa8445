"""The zip of built files, re-opened; and the report identity that keys built files."""

from __future__ import annotations

import io
import zipfile

from reporting.export.bundle import report_identity, zip_files


def test_the_zip_holds_each_file_by_name_in_order():
    files = {"heatmap.png": b"\x89PNG\r\n", "heatmap.svg": "<svg/>", "curve.png": b""}
    data = zip_files(files)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == list(files)
        assert archive.read("heatmap.png") == b"\x89PNG\r\n"
        assert archive.read("heatmap.svg") == b"<svg/>"
        assert archive.read("curve.png") == b""


def test_an_empty_zip_is_still_a_zip():
    with zipfile.ZipFile(io.BytesIO(zip_files({}))) as archive:
        assert archive.namelist() == []


def test_the_identity_follows_the_report_but_not_its_observations(report):
    same = report_identity(report)
    assert len(same) == 16 and same == report_identity(report.model_copy(deep=True))
    assert report_identity(report.model_copy(update={"observations": []})) == same
    assert report_identity(report.model_copy(update={"organization": "Other"})) != same
