"""Checks on untrusted files, made before any parser sees them.

A file is identified by its first bytes, not its name, so a PNG renamed .xlsx or a
workbook saved as .csv is told apart. Zip containers (xlsx, xlsm, ods) are checked on their
declared sizes before decompression, and their XML parts must not declare entities (no
spreadsheet needs them; they are how "billion laughs" attacks expand). Every failure is an
`UnreadableFile` carrying one sentence for the user.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
MAX_ZIP_ENTRIES = 5_000

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
SUPPORTED = ", ".join(sorted(WORKBOOK_SUFFIXES | TEXT_SUFFIXES))

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_KNOWN_BINARIES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"MZ": "a Windows program",
    b"\x7fELF": "a program",
}


class UnreadableFile(Exception):
    """A file that cannot be read; the message is the one sentence shown to the user."""


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "xlsx", "xls", "ods", "xlsb" or "text"
    suffix: str


def sniff(name: str, data: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> Sniffed:
    """Identify a file by its content, or raise `UnreadableFile` saying why not."""
    suffix = PurePath(name).suffix.casefold()
    if not data:
        raise UnreadableFile(f"{name} is empty.")
    if len(data) > max_bytes:
        raise UnreadableFile(
            f"{name} is {len(data) / 1_048_576:.0f} MB, above the {max_bytes // 1_048_576} MB "
            "limit for one file; split it or remove unused sheets."
        )
    if suffix not in WORKBOOK_SUFFIXES | TEXT_SUFFIXES:
        raise UnreadableFile(
            f"{name}: files of type '{suffix or 'without extension'}' are not read; "
            f"use one of {SUPPORTED}."
        )
    for magic, what in _KNOWN_BINARIES.items():
        if data.startswith(magic):
            raise UnreadableFile(f"{name} is {what}, not a spreadsheet.")
    if data.startswith(_OLE):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise UnreadableFile(
                f"{name} is password-protected; remove the password in Excel "
                "(File > Info > Protect Workbook) and upload it again."
            )
        if suffix in (".xlsx", ".xlsm", ".ods", ".xlsb") or suffix in TEXT_SUFFIXES:
            # An old-style workbook under a new name still reads; the name just lied.
            return Sniffed("xls", suffix)
        return Sniffed("xls", suffix)
    if data.startswith(_ZIP):
        return Sniffed(_check_zip(name, data), suffix)
    if suffix in WORKBOOK_SUFFIXES:
        raise UnreadableFile(
            f"{name} is not a valid {suffix} workbook (the file is damaged or is not a "
            "spreadsheet); open it in Excel and save it again."
        )
    return Sniffed("text", suffix)


def _check_zip(name: str, data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(
            f"{name} is damaged (its zip structure cannot be read); open it in Excel or "
            "LibreOffice and save it again."
        ) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UnreadableFile(f"{name} holds {len(infos)} parts, more than a workbook ever needs.")
    declared = sum(info.file_size for info in infos)
    compressed = max(1, sum(info.compress_size for info in infos))
    if declared > MAX_UNCOMPRESSED_BYTES or (
        declared > 20 * 1024 * 1024 and declared / compressed > MAX_COMPRESSION_RATIO
    ):
        raise UnreadableFile(
            f"{name} would expand to {declared / 1_048_576:,.0f} MB when opened, which looks "
            "like a zip bomb rather than a workbook; it was not opened."
        )
    names = {info.filename for info in infos}
    if any(info.flag_bits & 0x1 for info in infos):
        raise UnreadableFile(
            f"{name} is password-protected; remove the password and upload it again."
        )
    if "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "xl/workbook.bin" in names:
        kind = "xlsb"
    elif "content.xml" in names and _is_ods(archive):
        kind = "ods"
    else:
        raise UnreadableFile(
            f"{name} is a zip archive but not a spreadsheet (no workbook inside it)."
        )
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and _declares_entities(archive, info):
            raise UnreadableFile(
                f"{name}: part '{info.filename}' declares XML entities, which spreadsheets "
                "never need; the file was not opened."
            )
    return kind


def _is_ods(archive: zipfile.ZipFile) -> bool:
    try:
        return archive.read("mimetype")[:60].startswith(
            b"application/vnd.oasis.opendocument.spreadsheet"
        )
    except KeyError:
        return True


def _declares_entities(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    # The prolog is at the start of a part: read its first 4 KiB only.
    try:
        with archive.open(info) as part:
            head = part.read(4096)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return False
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head
