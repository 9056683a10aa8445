"""Limits are named settings, each overridable by an installation, with a clear refusal."""

from __future__ import annotations

import pytest

from reporting.ingest.limits import limits_in_force, size


def test_limits_are_named_settings_an_installation_may_raise(monkeypatch):
    monkeypatch.setenv("BOARD_BRIEF_LIMIT_SHEET_CELLS", "10_000_000")
    monkeypatch.setenv("BOARD_BRIEF_LIMIT_WORKER_SECONDS", "90")
    assert limits_in_force().sheet_cells == 10_000_000
    assert limits_in_force().worker_seconds == 90.0
    monkeypatch.setenv("BOARD_BRIEF_LIMIT_SHEETS", "lots")
    with pytest.raises(ValueError, match="BOARD_BRIEF_LIMIT_SHEETS must be a positive number"):
        limits_in_force()


def test_sizes_read_as_a_person_would_say_them():
    assert [size(n) for n in (12, 640 * 1024, 1024**3, 2 * 1024**3, int(1.5 * 1024**2))] == [
        "12 bytes",
        "640 KB",
        "1 GB",
        "2 GB",
        "1.5 MB",
    ]
