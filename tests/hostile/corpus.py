"""Hostile files, generated: each small on disk and built to cost far more once opened.

They reproduce what an attacker's probe found (see the issue "Hostile input never takes
Board Brief down"). Nothing here is committed as a large file; run this module to write
the corpus to a folder and try it by hand:

    .venv/bin/python -m tests.hostile.corpus /tmp/hostile
    .venv/bin/board-brief validate /tmp/hostile/*
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx(
    sheets: dict[str, str],
    shared: list[str] | None = None,
    *,
    workbook_prefix: str = "",
    extra: dict[str, tuple[bytes, int]] | None = None,
) -> bytes:
    """A minimal .xlsx: sheet name -> the inside of <sheetData>, optional shared strings,
    and extra parts as path -> (bytes, zip compression)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sheet.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{_REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(sheets, start=1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?>{workbook_prefix}<workbook xmlns="{_MAIN}" '
            f'xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        if shared is not None:
            rels += (
                f'<Relationship Id="rIdS" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            )
            items = "".join(f"<si><t>{text}</t></si>" for text in shared)
            archive.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0"?><sst xmlns="{_MAIN}" count="{len(shared)}" '
                f'uniqueCount="{len(shared)}">{items}</sst>',
            )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{rels}</Relationships>',
        )
        for i, body in enumerate(sheets.values(), start=1):
            archive.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>{body}'
                "</sheetData></worksheet>",
            )
        for path, (payload, compression) in (extra or {}).items():
            archive.writestr(zipfile.ZipInfo(path), payload, compress_type=compression)
    return buffer.getvalue()


def cells(*refs: tuple[str, object]) -> str:
    """<sheetData> rows for (A1 reference, value) pairs, numbers or inline text."""
    out = []
    for ref, value in refs:
        row = "".join(ch for ch in ref if ch.isdigit())
        if isinstance(value, str):
            cell = f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
        else:
            cell = f'<c r="{ref}"><v>{value}</v></c>'
        out.append(f'<row r="{row}">{cell}</row>')
    return "".join(out)


def ods(content_body: str) -> bytes:
    """A minimal .ods whose spreadsheet body is given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:'
            'tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:'
            'xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            f"<office:body><office:spreadsheet>{content_body}</office:spreadsheet>"
            "</office:body></office:document-content>",
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            "</manifest:manifest>",
        )
    return buffer.getvalue()


def declare_size(data: bytes, part: str, declared: int) -> bytes:
    """The same zip with `part`'s uncompressed size declared as `declared` bytes."""
    out = bytearray(data)
    name = part.encode()
    for signature, size_at, name_len_at, header in ((b"PK\x01\x02", 24, 28, 46),):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            (length,) = struct.unpack_from("<H", out, at + name_len_at)
            if out[at + header : at + header + length] == name:
                struct.pack_into("<I", out, at + size_at, declared)
            start = at + 4
    return bytes(out)


# --- the corpus ----------------------------------------------------------------------------


def opposite_corners() -> bytes:
    """Two cells, A1 and XFD1048576: a dense range of 17 billion cells (the 1.7 KB crash)."""
    return xlsx({"KPIs": cells(("A1", "Metric"), ("XFD1048576", 1))})


def shared_string_fanout(uses: int = 1000) -> bytes:
    """One 1 MiB shared string referenced by `uses` cells: a 17 KB file, gigabytes opened."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, uses))
    return xlsx({"KPIs": rows}, shared=["x" * (1 << 20)])


def repeated_ods() -> bytes:
    """An .ods whose one row of 16 cells is repeated a million times (895 bytes on disk)."""
    row = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="16" office:value-type="float" '
        'office:value="1"/></table:table-row>'
    )
    return ods(f'<table:table table:name="KPIs">{row}</table:table>')


def padded_bomb() -> bytes:
    """One part that expands 1000 times, beside incompressible padding that keeps the
    file's overall ratio ordinary."""
    import random

    padding = random.Random(7).randbytes(1 << 20)
    return xlsx(
        {"KPIs": cells(("A1", "Metric"))},
        extra={
            "xl/worksheets/sheet9.xml": (b"<row/>" * ((48 << 20) // 6), zipfile.ZIP_DEFLATED),
            "xl/media/padding.bin": (padding, zipfile.ZIP_STORED),
        },
    )


def many_sheets(count: int = 4990) -> bytes:
    """A workbook of 4,990 tiny sheets."""
    return xlsx({f"S{i}": cells(("A1", i)) for i in range(count)})


def late_doctype() -> bytes:
    """An entity declaration hidden after a 5 KB comment, past any look at a part's head."""
    return xlsx(
        {"KPIs": cells(("A1", "Metric"))},
        workbook_prefix="<!--" + "x" * 5000 + '--><!DOCTYPE w [<!ENTITY e "e">]>',
    )


def merged_everything() -> bytes:
    """A small sheet that declares one merge over the whole sheet."""
    body = cells(("A1", "Metric"), ("B1", "2026-Q3"), ("A2", "MFA coverage"), ("B2", 95))
    data = xlsx({"KPIs": body})
    return data.replace(
        b"</sheetData></worksheet>",
        b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        b"</worksheet>",
    )


def late_nul_csv() -> bytes:
    """A csv that reads as text for 30,000 characters, then holds binary data."""
    head = "Metric,2026-Q3\n" + "MFA coverage,95\n" * 2000
    return head.encode() + b"\x00\x01\x02" * 100


def long_cell_csv(chars: int = 2 << 20) -> bytes:
    """A csv one of whose cells is 2 MiB long."""
    return f"Metric,2026-Q3\nMFA coverage,95\n{'x' * chars},1\n".encode()


def utf16_without_bom() -> bytes:
    return "Metric,2026-Q3\nMFA coverage,95\n".encode("utf-16-le")


def huge_template() -> bytes:
    """A PowerPoint template whose thumbnail part declares 1 GiB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("docProps/thumbnail.jpeg", b"\xff\xd8\xff" + b"\0" * 1024)
    return declare_size(buffer.getvalue(), "docProps/thumbnail.jpeg", 1 << 30)


CORPUS: dict[str, Callable[[], bytes]] = {
    "corners.xlsx": opposite_corners,
    "fanout.xlsx": shared_string_fanout,
    "fanout3000.xlsx": lambda: shared_string_fanout(3000),
    "repeats.ods": repeated_ods,
    "padded.xlsx": padded_bomb,
    "sheets.xlsx": many_sheets,
    "doctype.xlsx": late_doctype,
    "late_nul.csv": late_nul_csv,
    "long_cell.csv": long_cell_csv,
}


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in CORPUS.items():
        path = folder / name
        path.write_bytes(make())
        paths.append(path)
    return paths


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")):
        print(f"{path} ({path.stat().st_size:,} bytes)")


# --- found by a red-team run against the command line ----------------------------------------


def wide_line_csv(columns: int = 1_100_000) -> bytes:
    """One line of a million columns: 2.2 MB that cost 30 s and 1.5 GB before."""
    return b"Metric,2026-Q1" + b",1" * columns


def unclosed_quote_csv(rows: int = 5000) -> bytes:
    """A quote opened on line 2 and never closed: every row after it is one cell."""
    good = "".join(f"MFA coverage,{90 + i % 5}\n" for i in range(rows))
    return f'Metric,2026-Q3\n"Patch compliance,95\n{good}'.encode()


def bom_then_windows_text() -> bytes:
    """A UTF-8 byte-order mark on a file saved in Windows' own encoding."""
    return b"\xef\xbb\xbfQuarter,Business Unit,Metric,Value\n2026-Q1,Caf\xe9,MFA coverage,93\n"


def bad_shared_string() -> bytes:
    """A good row, then a cell whose shared-text reference points nowhere."""
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>95</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>999999999</v></c></row>'
    )
    return xlsx({"Metrics": rows}, shared=["Metric", "2026-Q3", "MFA coverage"])


def template_without_layouts() -> bytes:
    """A presentation whose slide-layout parts are gone while its master still lists them."""
    from pptx import Presentation

    buffer = io.BytesIO()
    Presentation().save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            if "slideLayout" not in name:
                archive.writestr(name, source.read(name))
    return out.getvalue()


def template_of_impossible_size() -> bytes:
    """A .potx whose slides are 2,147,483,647 EMU wide and -5 high."""
    import re

    from pptx import Presentation

    buffer = io.BytesIO()
    Presentation().save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", b"template.main+xml")
            if name == "ppt/presentation.xml":
                data = re.sub(
                    rb'<p:sldSz cx="\d+" cy="\d+"', b'<p:sldSz cx="2147483647" cy="-5"', data
                )
            archive.writestr(name, data)
    return out.getvalue()
