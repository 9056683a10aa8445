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


@pytest.mark.parametrize("part", ["report", "workbook", "memo"])
def test_the_report_workbook_and_memo_match_the_snapshot(now, stored, part):
    if isinstance(stored[part], dict):
        for key in stored[part]:
            assert now[part].get(key) == stored[part][key], f"{part}: '{key}' differs"
        assert set(now[part]) == set(stored[part])
    else:
        assert now[part] == stored[part]


def test_every_slide_matches_the_snapshot(now, stored):
    assert len(now["deck"]) == len(stored["deck"])
    for number, (slide, expected) in enumerate(zip(now["deck"], stored["deck"], strict=True), 1):
        assert slide == expected, f"slide {number} differs"
