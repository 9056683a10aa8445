"""`board-brief --org NAME`: each organisation's own history from the command line (add,
list, audit, build --from-history), changes recorded under the OS user's name, and a name
that cannot be used is one sentence."""

from __future__ import annotations

import getpass
import json

import pytest

from reporting.cli import build_parser, main
from reporting.history import DEFAULT_ORGANISATION, HistoryStore
from tests.conftest import SAMPLE


def sample_files() -> list[str]:
    return sorted(str(p) for p in SAMPLE.iterdir())


@pytest.fixture(autouse=True)
def os_user(monkeypatch):
    import pwd
    from types import SimpleNamespace

    monkeypatch.setattr(pwd, "getpwuid", lambda uid: SimpleNamespace(pw_name="alice"))
    # $USER is anyone's to set: never the name the audit trail records.
    monkeypatch.setenv("USER", "ciso@acme.example")
    monkeypatch.setattr(getpass, "getuser", lambda: "ciso@acme.example")


def test_each_organisation_adds_lists_and_builds_from_its_own_history(tmp_path, capsys):
    assert main(["--org", "acme", "history", "add", *sample_files()]) == 0
    assert "Added 2025-Q4, 2026-Q1, 2026-Q2, 2026-Q3 as upload 1." in capsys.readouterr().out
    # The same quarters in another organisation: no conflict, its own upload.
    assert main(["--org", "Beta Group", "history", "add", str(SAMPLE / "bu_ecommerce.csv")]) == 0
    assert "Added 2025-Q4, 2026-Q1, 2026-Q2, 2026-Q3 as upload 2." in capsys.readouterr().out

    assert main(["history"]) == 0  # the local organisation has nothing
    out = capsys.readouterr().out
    assert out.startswith("The history is empty (organisation 'local', sqlite:///")
    assert "Add files with: board-brief history add FILE..." in out
    assert main(["--org", "nobody", "history"]) == 0
    assert "Add files with: board-brief --org nobody history add FILE..." in (
        capsys.readouterr().out
    )

    assert main(["--org", "acme", "history"]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("History (organisation 'acme', sqlite:///")
    assert "2026-Q3: bu_card_payments.csv" in listed and "bu_ecommerce.csv" in listed
    assert main(["--org", "Beta Group", "history"]) == 0
    listed = capsys.readouterr().out
    assert "2026-Q3: bu_ecommerce.csv (added" in listed and "bu_card_payments" not in listed

    out = tmp_path / "acme.json"
    assert main(["--org", "acme", "build", "--from-history", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["organization"] == "Harbour Retail Group"  # acme's stored context
    assert len(data["observations"]) == 350
    out = tmp_path / "beta.json"
    assert main(["--org", "Beta Group", "build", "--from-history", "--json", str(out)]) == 0
    beta = json.loads(out.read_text())
    assert len(beta["observations"]) < 350
    assert {o["source"]["file"] for o in beta["observations"]} == {"bu_ecommerce.csv"}
    capsys.readouterr()
    assert main(["build", "--from-history", "--json", str(tmp_path / "local.json")]) == 1
    assert "No usable metric values were found" in capsys.readouterr().err
    assert not (tmp_path / "local.json").exists()


def test_history_audit_prints_the_organisations_trail_newest_first(capsys):
    assert main(["--org", "acme", "history", "audit"]) == 0
    assert capsys.readouterr().out == (
        "Nothing has been changed in the history yet (organisation 'acme').\n"
    )
    assert main(["--org", "acme", "history", "add", *sample_files()]) == 0
    changed = str(SAMPLE / "bu_ecommerce.csv")
    assert main(["--org", "acme", "history", "add", changed, "--replace"]) == 0
    assert main(["history", "add", changed]) == 0  # the local organisation's
    store = HistoryStore(organisation="acme", actor="mallory\x1b[2J")
    store.record("mapping confirmed", "'Phish-prone %'\u202e means phishing")
    store.close()
    capsys.readouterr()

    assert main(["--org", "acme", "history", "audit"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Audit trail (organisation 'acme'), newest first:"
    assert len(lines) == 4
    # Text from the user is shown, never obeyed: the escape and the override are visible.
    assert lines[1].endswith(
        " UTC  mallory\\x1b[2J  mapping confirmed  'Phish-prone %'<U+202E> means phishing"
    )
    assert (
        "  command line: alice  replaced  2025-Q4, 2026-Q1, 2026-Q2 and 2026-Q3 from bu_ecommerce.csv;"
        in (lines[2])
    )
    assert (
        "  command line: alice  uploaded  2025-Q4, 2026-Q1, 2026-Q2 and 2026-Q3 from bu_"
        in lines[3]
    )
    assert lines[3].endswith("; read with context version 1")
    stamp = lines[3].split(" UTC", 1)[0].strip()
    assert len(stamp) == len("2026-11-24 10:31:05") and stamp[4] == "-" and stamp[13] == ":"

    assert main(["--org", "acme", "history", "audit", "--limit", "1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert main(["history", "audit"]) == 0
    local = capsys.readouterr().out.splitlines()
    assert local[0] == "Audit trail (organisation 'local'), newest first:"
    assert len(local) == 2 and "  command line: alice  uploaded  " in local[1]


def test_without_an_os_user_name_changes_are_the_local_users(monkeypatch, capsys):
    import pwd

    def no_user(*_) -> str:
        raise KeyError("no entry in the password database")

    monkeypatch.setattr(pwd, "getpwuid", no_user)
    monkeypatch.setattr(getpass, "getuser", lambda: (_ for _ in ()).throw(OSError("no name")))
    assert main(["--org", "acme", "history", "add", str(SAMPLE / "bu_ecommerce.csv")]) == 0
    assert main(["--org", "acme", "history", "audit"]) == 0
    assert " UTC  local user  uploaded  " in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("", "An organisation needs a name; an empty one cannot be used."),
        ("x" * 101, "An organisation name can be at most 100 characters; this one has 101."),
        ("ac\x1bme", "An organisation name cannot contain control characters."),
    ],
)
@pytest.mark.parametrize(
    "command", [["history"], ["history", "audit"], ["build", "--from-history"], ["validate", "x"]]
)
def test_a_name_that_cannot_be_used_exits_1_with_one_sentence(name, sentence, command, capsys):
    assert main(["--org", name, *command]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"board-brief: {sentence}\n"
    assert "Traceback" not in captured.err


def test_help_documents_org_and_history_without_an_action(capsys):
    parser = build_parser()
    assert parser.parse_args(["history"]).org is None  # main uses the default organisation
    assert DEFAULT_ORGANISATION == "local"
    with pytest.raises(SystemExit):
        main(["--help"])
    top = " ".join(capsys.readouterr().out.split())
    assert '--org NAME the organisation whose history to use (default: "local")' in top
    with pytest.raises(SystemExit):
        main(["history", "--help"])
    history = capsys.readouterr().out
    assert "usage: board-brief history [-h] [{add,audit} ...]" in history
    assert "board-brief history                  list the stored quarters" in history
    assert "audit" in history and "--org NAME" in history
    with pytest.raises(SystemExit) as usage:
        main(["history", "--org", "acme"])  # --org goes before the command
    assert usage.value.code == 2
