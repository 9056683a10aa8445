"""Column headers are read by the vocabulary in `reporting/catalog/headers.yaml`."""

from pathlib import Path

import pytest
import yaml

from reporting.catalog.headers import HEADERS_PATH, load_headers
from reporting.ingest import layout
from tests.conftest import values

BUNDLED = [(role, word) for role, words in load_headers().roles.items() for word in words]


@pytest.mark.parametrize(("role", "word"), BUNDLED, ids=[f"{r}:{w}" for r, w in BUNDLED])
def test_every_word_names_its_role_whole_or_followed_by_more(role: str, word: str) -> None:
    assert layout.column_role(word) == role
    assert layout.column_role(f"  {word.upper()}: ") == role
    assert layout.column_role(f"{word.title()} (Q3, see note)") == role


@pytest.mark.parametrize("header", [None, "", "   ", 2026, 0.5, "Colour", "Q3 FY26", "---"])
def test_other_headers_name_no_role(header: object) -> None:
    assert layout.column_role(header) is None


@pytest.fixture
def german_headers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The bundled vocabulary plus German words, in place for the test only."""
    data = yaml.safe_load(HEADERS_PATH.read_text(encoding="utf-8"))
    for role, word in {"metric": "Kennzahl", "period": "Zeitraum", "value": "Wert"}.items():
        data["roles"][role].append(word)
    path = tmp_path / "headers.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(layout, "load_headers", lambda: load_headers(path))
    layout._role_by_words.cache_clear()
    yield
    layout._role_by_words.cache_clear()


def test_a_word_added_to_the_yaml_is_read_without_a_code_change(read, german_headers) -> None:
    result = read(("de.csv", "Zeitraum,Kennzahl,Wert\n2026-Q3,MFA coverage,95\n"))
    assert result.files[0].sheets[0].layout == "long"
    assert values(result, "mfa_coverage_pct") == {"2026-Q3": 95}
