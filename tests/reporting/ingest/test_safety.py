"""Untrusted files: each ends in one clear sentence, quickly, and never stops the others."""

import io
import zipfile

import pytest

from reporting.ingest.limits import Limits
from tests.conftest import FIXTURES, make_xlsx

GOOD = make_xlsx({"KPIs": [["Metric", "2026-Q3"], ["MFA coverage", 95]]})


def only_error(result, name):
    summary = next(f for f in result.files if f.name == name)
    assert not summary.ok
    return summary.error


def test_a_bad_file_never_stops_the_good_one(read):
    result = read(("good.xlsx", GOOD), ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100))
    assert [o.metric_id for o in result.observations] == ["mfa_coverage_pct"]
    assert only_error(result, "photo.xlsx") == "photo.xlsx is a PNG image, not a spreadsheet."
    assert result.files[0].ok


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.csv", b"", "empty.csv is empty."),
        ("blank.csv", b"   \n\n", "blank.csv is empty."),
        (
            "report.pdf.xlsx",
            b"%PDF-1.7 ...",
            "report.pdf.xlsx is a PDF document, not a spreadsheet.",
        ),
        ("notes.docx", b"PK\x03\x04", "notes.docx: files of type '.docx' are not read"),
        ("text.xlsx", b"Metric,Value\nMFA,95\n", "text.xlsx is not a valid .xlsx workbook"),
        ("junk.csv", bytes(range(256)) * 20, "junk.csv contains binary data, not text"),
        ("damaged.xlsx", GOOD[: len(GOOD) // 2], "damaged.xlsx is damaged"),
    ],
)
def test_unreadable_files_are_named_in_one_sentence(read, name, data, expected):
    error = only_error(read((name, data)), name)
    assert error.startswith(expected)
    assert "Traceback" not in error and "\n" not in error


def test_a_password_protected_workbook_says_to_remove_the_password(read):
    data = (FIXTURES / "encrypted.xlsx").read_bytes()
    error = only_error(read(("board.xlsx", data)), "board.xlsx")
    assert error.startswith("board.xlsx is password-protected; remove the password")


def test_a_zip_bomb_is_refused_on_its_declared_size_before_parsing(read):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 200_000
    error = only_error(read(("bomb.xlsx", data)), "bomb.xlsx")
    assert "looks like a zip bomb" in error and "was not opened" in error


def test_xml_entity_declarations_are_refused(read):
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(GOOD and io.BytesIO(GOOD)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            payload = source.read(item)
            if item.filename == "xl/workbook.xml":
                payload = (
                    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                    b'<!ENTITY lol2 "&lol;&lol;&lol;">]>' + payload.split(b"?>", 1)[1]
                )
            target.writestr(item, payload)
    error = only_error(read(("laughs.xlsx", buffer.getvalue())), "laughs.xlsx")
    assert "declares XML entities" in error


def test_a_zip_that_is_no_spreadsheet_is_refused(read):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    error = only_error(read(("archive.xlsx", buffer.getvalue())), "archive.xlsx")
    assert error == "archive.xlsx is a zip archive but not a spreadsheet (no workbook inside it)."


def test_files_above_the_size_limit_are_refused_without_reading(read):
    error = only_error(
        read(("big.csv", "Metric,Value\n" * 1000), limits=Limits(text_file_bytes=1000)), "big.csv"
    )
    assert "above the 0 MB limit" in error or "limit for one file" in error


def test_a_header_with_no_rows_says_so(read):
    result = read(("header.csv", "Quarter,Metric,Value\n"))
    assert result.files[0].ok
    assert not result.usable
    assert any("no usable metric values" in m for m in [w.message for w in result.warnings])


def test_a_sheet_without_a_table_is_reported_and_the_rest_read(read):
    data = make_xlsx(
        {
            "Read me": [["This workbook holds our KPIs."], ["Ask the CISO office."]],
            "KPIs": [["Metric", "Q3 2026"], ["MFA coverage", 95]],
        }
    )
    result = read(("book.xlsx", data))
    assert len(result.observations) == 1
    sheet_notes = [w for w in result.warnings if w.kind == "sheet"]
    assert sheet_notes[0].source.sheet == "Read me"
    assert "no metric table found" in sheet_notes[0].message
