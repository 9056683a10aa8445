"""Sign-in, roles and organisations in the app: every page and action asks one place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from reporting.history import HistoryStore
from reporting.ingest import InputFile, ingest
from tests.app.conftest import markdown_text
from tests.companies import MEMBERS
from tests.conftest import ROOT, SAMPLE

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-of-enough-length",
    "client_id": "board-brief",
    "client_secret": "test-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


@pytest.fixture
def data_dir() -> Path:
    folder = Path(os.environ["BOARD_BRIEF_DATA_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "members.yaml").write_text(MEMBERS)
    return folder


def _store_quarter(organisation: str) -> None:
    files = [
        InputFile(p.name, p.read_bytes())
        for p in sorted(SAMPLE.iterdir())
        if p.suffix in (".xlsx", ".csv")
    ]
    store = HistoryStore(organisation=organisation)
    try:
        store.add(files, ingest(files, fiscal_year_start_month=7), None)
    finally:
        store.close()


def _app(user: dict | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = user or {"is_logged_in": False}
    return at.run()


def _page_title(at: AppTest) -> str:
    return at.title[0].value if at.title else ""


def test_nobody_sees_anything_before_signing_in(data_dir):
    at = _app(None)
    assert [b.label for b in at.button] == ["Sign in"]
    assert "Harbour" not in markdown_text(at)
    for page in ("summary", "data", "export", "activity"):  # no page is reachable at all
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"pages/{page}.py")


def test_a_board_reader_gets_the_board_pages_and_the_packs_only(data_dir):
    _store_quarter("acme")
    at = _app({"is_logged_in": True, "email": "chair@acme.example"})
    assert not at.exception
    assert "cyber risk summary" in _page_title(at)
    for page in ("data", "context", "activity"):  # not in a reader's navigation at all
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"pages/{page}.py")
    at.switch_page("pages/export.py").run()
    assert _page_title(at) == "Board pack"
    labels = [b.label for b in at.button]
    assert "Publish this pack" not in labels and "Build the deck" not in labels
    assert "No pack has been published to the board yet." in markdown_text(at)


def test_the_security_team_may_prepare_and_publish_but_not_see_the_members(data_dir):
    _store_quarter("acme")
    at = _app({"is_logged_in": True, "email": "analyst@acme.example"})
    at.switch_page("pages/data.py").run()
    assert _page_title(at) == "Data"
    at.switch_page("pages/export.py").run()
    next(b for b in at.button if b.label == "Publish this pack").click().run()
    assert any("Published" in s.value for s in at.success)
    at.switch_page("pages/activity.py").run()
    assert _page_title(at) == "Activity"
    assert "Members and roles" not in [h.value for h in at.subheader]
    store = HistoryStore(organisation="acme")
    try:
        events = store.audit_trail()
    finally:
        store.close()
    assert events[0].action == "published" and events[0].actor == "analyst@acme.example"


def test_a_reader_cannot_change_the_budget_and_never_sees_the_sample(data_dir):
    at = _app({"is_logged_in": True, "email": "chair@acme.example"})
    # acme has stored nothing yet: not the sample company, but who prepares the pack.
    assert [t.value for t in at.title] == ["Board Brief"]
    assert "No quarter has been prepared for acme yet" in at.info[0].value
    assert "Harbour" not in markdown_text(at)
    _store_quarter("acme")
    at = _app({"is_logged_in": True, "email": "chair@acme.example"})
    at.switch_page("pages/budget.py").run()
    assert _page_title(at) == "Budget and losses"
    labels = [b.label for b in at.button]
    assert "Choose the options for this budget" not in labels
    assert "Add as an initiative" not in labels
    assert not at.number_input


def test_a_role_is_asked_again_at_the_moment_of_a_change(data_dir):
    from ui import session

    _store_quarter("acme")
    at = _app({"is_logged_in": True, "email": "analyst@acme.example"})
    at.switch_page("pages/export.py").run()
    # The analyst is removed from the members file while the page is open.
    (data_dir / "members.yaml").write_text(MEMBERS.replace("analyst@acme.example: security", ""))
    next(b for b in at.button if b.label == "Publish this pack").click().run()
    assert "does not allow this change" in at.error[0].value.replace("\\", "")
    store = HistoryStore(organisation="acme")
    try:
        assert store.packs() == []
    finally:
        store.close()
    assert session._CHANGES["publish"] == "publish"


def test_roles_come_from_the_groups_claim_too(data_dir):
    _store_quarter("acme")
    at = _app({"is_logged_in": True, "email": "someone@acme.example", "groups": ["acme-board"]})
    assert "cyber risk summary" in _page_title(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/data.py")


def test_an_administrator_of_two_organisations_switches_and_nothing_crosses(data_dir):
    _store_quarter("acme")
    at = _app({"is_logged_in": True, "email": "ciso@acme.example"})
    choice = next(s for s in at.selectbox if s.label == "Organisation")
    assert choice.options == ["acme", "harbour"] and choice.value == "acme"
    assert "sample company" not in markdown_text(at).casefold()  # acme's own quarters
    assert at.session_state["source"] == "history"
    # harbour has stored nothing: acme's quarters must not show there.
    choice.select("harbour").run()
    assert at.session_state["organisation"] == "harbour"
    assert at.session_state["source"] == "sample"
    at.switch_page("pages/data.py").run()
    assert any("No quarter is stored yet" in c.value for c in at.caption)
    # An administrator of acme sees its members; in harbour they are the security team.
    again = _app({"is_logged_in": True, "email": "ciso@acme.example"})
    again.switch_page("pages/activity.py").run()
    assert "Members and roles" in [h.value for h in again.subheader]


def test_someone_who_is_no_member_is_told_so_and_sees_nothing(data_dir):
    at = _app({"is_logged_in": True, "email": "stranger@elsewhere.example"})
    assert any("not a member of any organisation" in w.value for w in at.warning)
    assert [b.label for b in at.button] == ["Sign out"]


def test_an_exposed_address_without_sign_in_is_refused_with_one_sentence(data_dir):
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert "will not serve 0.0.0.0 without sign-in" in at.error[0].value.replace("\\", "")
        assert [t.value for t in at.title] == ["Board Brief"] and not at.exception
        assert not at.metric and not at.button  # nothing of any company
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": False}
        at.run()
        assert [b.label for b in at.button] == ["Sign in"]
    finally:
        config.set_option("server.address", before)


def test_without_sign_in_the_local_user_administers_every_organisation(data_dir):
    _store_quarter("acme")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    choice = next(s for s in at.selectbox if s.label == "Organisation")
    assert choice.options == ["acme", "local"] and choice.value == "local"
    at.switch_page("pages/activity.py").run()
    assert _page_title(at) == "Activity"


def test_an_administrator_keeps_the_members_and_the_change_is_in_the_audit_trail(data_dir):
    from reporting import access as rules

    at = _app({"is_logged_in": True, "email": "ciso@acme.example"})
    at.switch_page("pages/activity.py").run()
    rows = next(df for df in at.dataframe if df.key == "members_editor_0").value
    chair = list(rows["Member"]).index("chair@acme.example")
    at.session_state["members_editor_0"] = {
        "edited_rows": {chair: {"Role": "Security team"}},
        "added_rows": [{"Member": "new.director@acme.example", "Role": "Board reader"}],
        "deleted_rows": [list(rows["Member"]).index("analyst@acme.example")],
    }
    at.run()
    next(b for b in at.button if b.label == "Save the members").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("Saved: added new.director" in s.value.replace("\\", "") for s in at.success)
    saved = rules.load_members(data_dir / "members.yaml")
    assert saved.organisations["acme"].members == {
        "chair@acme.example": "security",
        "ciso@acme.example": "admin",
        "new.director@acme.example": "reader",
    }
    assert saved.organisations["harbour"].members == {"ciso@acme.example": "security"}
    assert saved.groups["acme-board"].role == "reader"  # the rest of the file is kept
    assert oct((data_dir / "members.yaml").stat().st_mode & 0o777) == "0o600"
    store = HistoryStore(organisation="acme")
    try:
        event = store.audit_trail()[0]
    finally:
        store.close()
    assert (event.actor, event.action) == ("ciso@acme.example", "changed the members")
    assert "added new.director@acme.example as Board reader" in event.detail
    assert "chair@acme.example from Board reader to Security team" in event.detail
    assert "removed analyst@acme.example" in event.detail
    # Taking away one's own administrator role is refused, and nothing is written.
    rows = next(df for df in at.dataframe if df.key == "members_editor_1").value
    at.session_state["members_editor_1"] = {
        "edited_rows": {},
        "added_rows": [],
        "deleted_rows": [list(rows["Member"]).index("ciso@acme.example")],
    }
    at.run()
    next(b for b in at.button if b.label == "Save the members").click().run()
    assert "cannot take away your own administrator role" in at.error[0].value.replace("\\", "")
    assert (
        rules.load_members(data_dir / "members.yaml")
        .organisations["acme"]
        .members["ciso@acme.example"]
        == "admin"
    )


def test_every_page_runs_the_sign_in_gate_before_drawing_anything():
    """Until a session has been routed, Streamlit may run a page file on its own (the app
    has a pages/ folder); session.init() sends it through app.py and its gate first."""
    import ast

    for path in sorted((ROOT / "pages").glob("*.py")):
        tree = ast.parse(path.read_text())
        first = next(
            node
            for node in tree.body
            if not isinstance(node, (ast.Import, ast.ImportFrom))
            and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
        )
        assert ast.unparse(first) == "session.init()", f"{path.name} starts with something else"
