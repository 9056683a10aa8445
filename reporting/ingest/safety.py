"""Checks on untrusted files, made before any parser sees them.

A file is identified by its first bytes, not its name, so a PNG renamed .xlsx or a
workbook saved as .csv is told apart. Zip packages (xlsx, xlsm, ods, and company
PowerPoint templates) are checked on their declared sizes before decompression, overall and
part by part; then every XML part is read as a stream, which must not declare a DTD or
entities (no spreadsheet needs them; they are how "billion laughs" attacks expand) and
which the `census` counts, so that a workbook that would expand past the `limits` is
refused before a reader opens it. Every failure is an `UnreadableFile` carrying one
sentence for the user.
"""

from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from reporting.ingest import census
from reporting.ingest.limits import DEFAULT_LIMITS, Limits, size

_CHUNK = 1024 * 1024
_SMALL_PART = 8 * 1024 * 1024  # workbook.xml and its relationships are a few KB

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


def too_large(name: str, nbytes: int, limit: int) -> UnreadableFile:
    return UnreadableFile(
        f"{name} is {size(nbytes)}, above the {size(limit)} limit for one file; split it or "
        "remove unused sheets."
    )


def read_sized(path: Path, limit: int) -> bytes:
    """A file's bytes from disk, refused with a sentence when it is missing, a folder, not
    a regular file (a device or a pipe, which has no size and may never end), or larger
    than `limit`: sized with stat before a byte is read, and read no further than the limit
    in case it grows meanwhile."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UnreadableFile(f"{path} was not found.") from None
    except OSError as exc:
        raise UnreadableFile(f"{path} could not be opened ({exc.strerror or exc}).") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile(f"{path} is a folder, not a file.")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(
            f"{path} is not a regular file (a device, pipe or socket); save the data as a "
            "file and give that instead."
        )
    if info.st_size > limit:
        raise too_large(path.name, info.st_size, limit)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UnreadableFile(f"{path} could not be opened ({exc.strerror or exc}).") from None
    if len(data) > limit:
        raise too_large(path.name, len(data), limit)
    return data


def sniff(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Sniffed:
    """Identify and size a file by its content, or raise `UnreadableFile` saying why not."""
    suffix = PurePath(name).suffix.casefold()
    if not data:
        raise UnreadableFile(f"{name} is empty.")
    if len(data) > limits.file_bytes_for(name):
        raise too_large(name, len(data), limits.file_bytes_for(name))
    if len(data) > limits.file_bytes and data.startswith((_OLE, _ZIP)):
        raise too_large(name, len(data), limits.file_bytes)  # a workbook named as text
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
        return Sniffed(_check_workbook(name, data, limits), suffix)
    if suffix in WORKBOOK_SUFFIXES:
        raise UnreadableFile(
            f"{name} is not a valid {suffix} workbook (the file is damaged or is not a "
            "spreadsheet); open it in Excel and save it again."
        )
    return Sniffed("text", suffix)


def open_package(
    name: str, data: bytes, *, unpacked_limit: int, limits: Limits, what: str = "workbook"
) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """A zip package whose directory is plausible: size, parts, ratio, no encryption."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if what == "template":
            raise UnreadableFile(
                f"{name} is not a PowerPoint presentation or template (.pptx, .potx), or is "
                "damaged; open it in PowerPoint and save it again."
            ) from None
        raise UnreadableFile(
            f"{name} is damaged (its zip structure cannot be read); open it in Excel or "
            "LibreOffice and save it again."
        ) from None
    if len(infos) > limits.zip_entries:
        raise UnreadableFile(
            f"{name} holds {len(infos):,} parts, more than the {limits.zip_entries:,} a "
            f"{what} ever needs; it was not opened."
        )
    declared = sum(info.file_size for info in infos)
    if declared > unpacked_limit:
        raise UnreadableFile(
            f"{name} would expand to {size(declared)} when opened, above the "
            f"{size(unpacked_limit)} allowed, which looks like a zip bomb rather than a "
            f"{what}; it was not opened."
        )
    for info in infos:
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.part_ratio:
            raise UnreadableFile(
                f"{name}: part '{info.filename}' would expand {ratio:,.0f} times to "
                f"{size(info.file_size)}, which looks like a zip bomb rather than a {what}; "
                "it was not opened."
            )
    if any(info.flag_bits & 0x1 for info in infos):
        raise UnreadableFile(
            f"{name} is password-protected; remove the password and upload it again."
        )
    return archive, infos


def _check_workbook(name: str, data: bytes, limits: Limits) -> str:
    archive, infos = open_package(name, data, unpacked_limit=limits.unpacked_bytes, limits=limits)
    names = {info.filename for info in infos}
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
    sheets, listed = _scan_parts(name, archive, infos, kind)
    if problem := census.check(name, sheets, limits, listed=listed):
        raise UnreadableFile(problem)
    return kind


def check_template(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """A company PowerPoint template, guarded like a workbook before python-pptx opens it."""
    if len(data) > limits.template_bytes:
        raise too_large(name, len(data), limits.template_bytes)
    archive, infos = open_package(
        name, data, unpacked_limit=limits.template_unpacked_bytes, limits=limits, what="template"
    )
    _scan_parts(name, archive, infos, "pptx")


def _scan_parts(
    name: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], kind: str
) -> tuple[list[census.SheetSize], int]:
    """Read every XML part once, as a stream: refuse a DTD, and count what readers build.

    Returns the sizes of the sheets found and how many sheets the workbook lists.
    """
    sheet_names, listed = _xlsx_sheet_names(archive) if kind == "xlsx" else ({}, 0)
    shared = census.XlsxSharedStrings()
    sheets: list[census.XlsxSheet] = []
    ods = census.OdsContent()
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")) or info.is_dir():
            continue
        counter: census._Stream | None = None
        if kind == "xlsx" and info.filename.startswith("xl/"):
            if info.filename == "xl/sharedStrings.xml":
                counter = shared
            elif info.filename in sheet_names or info.filename.startswith("xl/worksheets/"):
                counter = census.XlsxSheet(sheet_names.get(info.filename, info.filename))
                sheets.append(counter)
        elif kind == "ods" and info.filename == "content.xml":
            counter = ods
        _stream_part(name, archive, info, counter)
    if kind == "xlsx":
        return [sheet.size(shared.lengths) for sheet in sheets], listed
    return ods.sheets, len(ods.sheets)


def _stream_part(
    name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, counter: census._Stream | None
) -> None:
    tail = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                window = tail + chunk
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    raise UnreadableFile(
                        f"{name}: part '{info.filename}' declares XML entities, which "
                        "spreadsheets and slides never need; the file was not opened."
                    )
                tail = chunk[-16:]
                if counter is not None:
                    counter.feed(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise UnreadableFile(
            f"{name} is damaged (part '{info.filename}' cannot be unpacked); open it in "
            "Excel or LibreOffice and save it again."
        ) from None
    if counter is not None:
        counter.close()


def _xlsx_sheet_names(archive: zipfile.ZipFile) -> tuple[dict[str, str], int]:
    """Worksheet part -> sheet name, and how many sheets xl/workbook.xml lists."""
    try:
        book = archive.getinfo("xl/workbook.xml")
        rels = archive.getinfo("xl/_rels/workbook.xml.rels")
        if max(book.file_size, rels.file_size) > _SMALL_PART:
            return {}, 0
        return census.part_sheet_names(archive.read(book), archive.read(rels))
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return {}, 0


def _is_ods(archive: zipfile.ZipFile) -> bool:
    try:
        with archive.open("mimetype") as part:
            head = part.read(60)
        return head.startswith(b"application/vnd.oasis.opendocument.spreadsheet")
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return True
