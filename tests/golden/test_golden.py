"""The sample's board pack says exactly what the stored snapshot says.

A refactor must leave every number, sentence, chart series and note unchanged. A change
that means to alter the pack writes a new snapshot (see snapshot.py) and shows its diff.
"""

from __future__ import annotations

import json

import pytest

from tests.golden.snapshot import SNAPSHOT, board_pack


@pytest.fixture(scope="module")
def now() -> dict:
    return json.loads(json.dumps(board_pack(), default=str, ensure_ascii=False))


@pytest.fixture(scope="module")
def stored() -> dict:
    return json.loads(SNAPSHOT.read_text())


def holds(now: object, stored: object, where: str = "report") -> None:
    """`now` says everything `stored` says; keys the report has gained since are allowed."""
    if isinstance(stored, dict):
        assert isinstance(now, dict), where
        for key, value in stored.items():
            assert key in now, f"{where}.{key} is gone"
            holds(now[key], value, f"{where}.{key}")
    elif isinstance(stored, list):
        assert isinstance(now, list) and len(now) == len(stored), f"{where} differs in length"
        for i, (a, b) in enumerate(zip(now, stored, strict=True)):
            holds(a, b, f"{where}[{i}]")
    else:
        assert now == stored, f"{where}: {now!r} != {stored!r}"


def test_the_report_says_what_the_snapshot_says(now, stored):
    holds(now["report"], stored["report"])


@pytest.mark.parametrize("part", ["workbook", "memo"])
def test_the_workbook_and_memo_match_the_snapshot(now, stored, part):
    assert now[part] == stored[part]


def test_every_slide_matches_the_snapshot(now, stored):
    assert len(now["deck"]) == len(stored["deck"])
    for number, (slide, expected) in enumerate(zip(now["deck"], stored["deck"], strict=True), 1):
        assert slide == expected, f"slide {number} differs"
