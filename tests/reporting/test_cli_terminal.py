"""What the `board-brief` command prints never carries a file's control characters or
bidirectional overrides to the terminal; its JSON stays exact."""

import json

import pytest

from reporting.cli import main, quoted, visible
from tests.conftest import SAMPLE

ESC = "\x1b"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
HOSTILE = f"Evil {ESC}[31mred {RLO}lebal"


def raw_characters(text: str) -> set[str]:
    """Control and bidirectional characters, other than the newlines of our own layout."""
    bidi = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    return {
        ch
        for ch in text
        if (ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F or ch in bidi
    }


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"{ESC}[2J", "\\x1b[2J"),
        (f"{ESC}]0;title\x07", "\\x1b]0;title\\x07"),
        ("a\tb\nc\rd", "a\\tb\\nc\\rd"),
        ("\x00\x7f\x85\x9b", "\\x00\\x7f\\x85\\x9b"),
        (f"{RLO}gnp.exe", "<U+202E>gnp.exe"),
        ("\u202a\u202b\u202c\u202d", "<U+202A><U+202B><U+202C><U+202D>"),
        ("\u2066\u2067\u2068\u2069", "<U+2066><U+2067><U+2068><U+2069>"),
        ("\u200e\u200f\u061c", "<U+200E><U+200F><U+061C>"),
        ("Café – 95% ✓ naïve", "Café – 95% ✓ naïve"),  # printable text is left alone
    ],
)
def test_visible_shows_every_control_and_bidi_character(text, shown):
    assert visible(text) == shown
    assert visible(visible(text)) == shown  # idempotent: safe to apply twice


def test_quoted_quotes_like_repr_and_shows_controls():
    assert quoted("MFA coverage") == "'MFA coverage'"
    assert quoted("Users' MFA") == '"Users\' MFA"'
    assert quoted(f"x{ESC}") == "'x\\x1b'"


@pytest.fixture
def hostile_csv(tmp_path):
    """A CSV whose file name and unmapped label carry an escape sequence and an override."""
    path = tmp_path / f"kpis{ESC}[2J{RLO}.csv"
    rows = [
        "Quarter,Business Unit,Metric,Value",
        f"2026-Q3,Card{ESC}[31m Payments{RLO},MFA coverage,95",
        f"2026-Q3,Card Payments,{HOSTILE},5",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_validate_prints_no_raw_escape_or_override(hostile_csv, capsys):
    assert main(["validate", str(hostile_csv)]) == 0
    out, err = capsys.readouterr()
    assert not raw_characters(out + err), raw_characters(out + err)
    assert "kpis\\x1b[2J<U+202E>.csv" in out  # the file name, shown
    assert "NOT MAPPED" in out and "<U+202E>lebal" in out  # the label, shown


def test_validate_json_stays_exact(hostile_csv, capsys):
    assert main(["validate", "--json", str(hostile_csv)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["files"][0]["name"] == hostile_csv.name  # not rewritten for the terminal
    assert RLO in json.dumps(data, ensure_ascii=False)


def test_build_prints_no_raw_escape_or_override(hostile_csv, capsys):
    context = hostile_csv.parent / "context.yaml"
    context.write_text(
        (SAMPLE / "context.yaml")
        .read_text(encoding="utf-8")
        .replace("Harbour Retail Group", f"Harbour {RLO}puorG"),  # the loader refuses ESC
        encoding="utf-8",
    )
    code = main(["build", str(hostile_csv), "--context", str(context)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert not raw_characters(out + err), raw_characters(out + err)
    assert "Harbour <U+202E>puorG" in out
    assert "<U+202E>lebal" in err  # the unmapped label's warning
