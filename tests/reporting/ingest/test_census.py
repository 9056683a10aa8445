"""The census counts what a reader would build, from XML read in chunks of any size."""

from __future__ import annotations

import re

import pytest

from reporting.ingest import census
from tests.hostile import corpus


@pytest.mark.parametrize("n", [0, 1, 9, 10, 99, 100, 109, 1048575, 1999])
def test_the_beyond_pattern_matches_exactly_the_larger_numbers(n):
    pattern = re.compile(rb"(?:%s)\Z" % census._number_beyond(n))
    for value in [*range(0, 2100), 1048576, 1048577, 99999999]:
        for text in (str(value), "00" + str(value)):
            assert bool(pattern.match(text.encode())) == (value > n), (n, text)


@pytest.mark.parametrize("col", [-1, 0, 6, 25, 26, 701, 702, 16383])
def test_the_beyond_pattern_matches_exactly_the_later_columns(col):
    pattern = re.compile(rb"(?:%s)\Z" % census._letters_beyond(col))
    for other in [*range(0, 800), 16383, 16384, 20000]:
        letters = census.column_letters(other).encode()
        assert bool(pattern.match(letters)) == (other > col), (col, letters)


def _sheet_xml(refs: list[str]) -> bytes:
    rows = "".join(f'<row r="{re.sub("[A-Z]", "", r)}"><c r="{r}"><v>1</v></c></row>' for r in refs)
    return f"<worksheet><sheetData>{rows}</sheetData></worksheet>".encode()


def _fed(counter, xml: bytes, chunk: int):
    for i in range(0, len(xml), chunk):
        counter.feed(xml[i : i + chunk])
    counter.close()
    return counter


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
def test_a_far_cell_hidden_among_ordinary_rows_is_found_in_any_chunking(chunk):
    refs = [f"{c}{r}" for r in range(1, 400) for c in "ABC"]
    refs.insert(500, "XFD1048576")  # out of order, in the middle
    size = _fed(census.XlsxSheet("KPIs"), _sheet_xml(refs), chunk).size([])
    assert (size.rows, size.cols) == (1048576, 16384)


@pytest.mark.parametrize("chunk", [5, 1 << 20])
def test_an_ordinary_sheet_counts_its_own_extent(chunk):
    refs = [f"{c}{r}" for r in range(1, 300) for c in "ABCDEFG"]
    size = _fed(census.XlsxSheet("KPIs"), _sheet_xml(refs), chunk).size([])
    assert (size.rows, size.cols, size.cells) == (299, 7, 299 * 7)


def test_cells_without_references_are_counted_by_the_elements_themselves():
    xml = b"<sheetData>" + b"<row>" + b"<c><v>1</v></c>" * 300 + b"</row>" * 1 + b"</sheetData>"
    size = _fed(census.XlsxSheet("S"), xml, 1 << 20).size([])
    assert size.cols >= 300


@pytest.mark.parametrize("chunk", [3, 50, 1 << 20])
def test_shared_string_lengths_survive_chunk_boundaries(chunk):
    xml = b"<sst><si><t>" + b"x" * 500 + b"</t></si><si/><si><t>ab</t></si></sst>"
    lengths = _fed(census.XlsxSharedStrings(), xml, chunk).lengths
    assert len(lengths) == 3 and lengths[1] == 0
    assert lengths[0] >= 500 and lengths[2] >= 2


@pytest.mark.parametrize("chunk", [11, 1 << 20])
def test_ods_repeats_multiply_rows_and_columns(chunk):
    import zipfile
    from io import BytesIO

    xml = zipfile.ZipFile(BytesIO(corpus.repeated_ods())).read("content.xml")
    (sheet,) = _fed(census.OdsContent(), xml, chunk).sheets
    assert (sheet.name, sheet.rows, sheet.cols) == ("KPIs", 1_000_000, 16)
