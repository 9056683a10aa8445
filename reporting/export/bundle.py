"""Several built files as one .zip, and the identity that says which report they were built from.

Pure: bytes in, bytes out; nothing is written to disk.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping

from reporting.report import BoardReport


def zip_files(files: Mapping[str, bytes | str]) -> bytes:
    """The files, by name, as the bytes of one zip archive (in the order given)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def report_identity(report: BoardReport) -> str:
    """A short fingerprint of the report (without its observations): files built from one
    report are kept while it stays the same, and never served for another."""
    dumped = report.model_dump_json(exclude={"observations"}).encode()
    return hashlib.sha256(dumped).hexdigest()[:16]
