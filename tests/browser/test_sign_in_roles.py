"""Team use through a real browser: sign-in with a real OpenID Connect provider started on
loopback (oidc-provider-mock), what each role sees and may do, and two app processes over
one PostgreSQL seeing each other's work."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.companies import MEMBERS
from tests.conftest import ROOT, SAMPLE
from tests.reporting.history.conftest import postgres_server  # noqa: F401 (a fixture)
from tools.local_app import NotStarted, free_port, start_app, stop, wait_until_up

pytestmark = pytest.mark.browser


def _wait(url: str, what: str, process: subprocess.Popen) -> None:
    try:
        wait_until_up(url, process, what)
    except NotStarted as problem:
        pytest.fail(str(problem))


@pytest.fixture(scope="module")
def provider():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    _wait(f"{url}/.well-known/openid-configuration", "the OpenID Connect provider", process)
    yield url
    stop(process)


@pytest.fixture(scope="module")
def team(provider, tmp_path_factory):
    """An app with sign-in, the members file, and acme's quarters stored from the CLI."""
    data = tmp_path_factory.mktemp("team")
    (data / "members.yaml").write_text(MEMBERS)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOARD_BRIEF_DATA_DIR": str(data)}
    env.pop("BOARD_BRIEF_DATABASE_URL", None)
    files = [str(p) for p in sorted(SAMPLE.iterdir()) if p.suffix in (".xlsx", ".csv")]
    subprocess.run(
        [
            *(sys.executable, "-m", "reporting", "--org", "acme", "history", "add", *files),
            *("--context", str(SAMPLE / "context.yaml")),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    secrets = data / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-of-enough-length"\n'
        'client_id = "board-brief"\n'
        'client_secret = "test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    process = start_app(port, env, "--secrets.files", str(secrets))
    url = f"http://127.0.0.1:{port}"
    _wait(f"{url}/_stcore/health", "streamlit", process)
    yield url
    stop(process)


def _sign_in(browser, url: str, who: str):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**")
    page.fill("input[name=sub]", who)
    page.get_by_role("button", name="Authorize").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("Signed in as")
    # (Addresses are shown with a word joiner after the @, so no browser links them.)
    assert f"Signed in as {who}" in sidebar.inner_text().replace("\u2060", "")
    return context, page


def _pages(page) -> list[str]:
    links = page.get_by_test_id("stSidebarNavItems").get_by_role("link")
    # Each link reads its icon's ligature, then its title.
    return [text.strip().splitlines()[-1] for text in links.all_inner_texts()]


def test_a_visitor_signs_in_before_seeing_anything(browser, team):
    context = browser.new_context()
    page = context.new_page()
    # The server's very first request a deep link to a page (before any session has been
    # routed, Streamlit would run a page file on its own): the sign-in, nothing else.
    page.goto(f"{team}/export")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert "Published packs" not in page.locator("body").inner_text()
    page.goto(team)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    body = page.locator("body").inner_text()
    assert "Harbour Retail Group" not in body and "Executive summary" not in body
    # No list of pages to click, and no page's address leads past the sign-in.
    assert page.get_by_role("link", name="data").count() == 0
    for path in ("data", "export", "activity"):
        page.goto(f"{team}/{path}")
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        assert page.get_by_role("heading", name="Data").count() == 0
        assert "Harbour Retail Group" not in page.locator("body").inner_text()
    context.close()


def test_a_board_reader_reads_the_board_pages_and_packs_and_changes_nothing(browser, team):
    context, page = _sign_in(browser, team, "chair@acme.example")
    expect(page.get_by_text("Board reader")).to_be_visible()
    pages = _pages(page)
    assert "Executive summary" in pages and "Board pack" in pages
    assert not {"Data", "Business context", "Activity"} & set(pages)
    expect(page.get_by_role("heading", name="The four questions")).to_be_visible()
    # The Data page's address leads nowhere for a reader: Streamlit says the page is not
    # found and shows the summary.
    page.goto(f"{team}/data")
    expect(page.get_by_text("Page not found")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("heading", name="The four questions")).to_be_visible()
    assert page.get_by_role("button", name="Upload").count() == 0
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Board pack").click()
    expect(page.get_by_role("heading", name="Board pack")).to_be_visible()
    assert page.get_by_role("button", name="Publish this pack").count() == 0
    assert page.get_by_role("button", name="Build the deck").count() == 0
    context.close()


def test_the_security_team_prepares_and_publishes_and_the_activity_says_who(browser, team):
    context, page = _sign_in(browser, team, "analyst@acme.example")
    pages = _pages(page)
    assert {"Data", "Business context", "Board pack", "Activity"} <= set(pages)
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Board pack").click()
    page.get_by_role("button", name="Publish this pack").click()
    expect(page.get_by_text("Published Harbour Retail Group")).to_be_visible()
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Activity").click()
    expect(page.get_by_role("heading", name="Activity")).to_be_visible()
    table = page.get_by_test_id("stTable").first
    expect(table).to_contain_text("published")
    # Newest first: the pack just published, by whom (addresses carry a word joiner).
    first_row = table.locator("tbody tr").first.inner_text().replace("\u2060", "")
    assert "analyst@acme.example" in first_row and "published" in first_row
    assert page.get_by_text("Members and roles").count() == 0  # an administrator's
    context.close()
    # The reader now finds the published pack, read-only.
    context, page = _sign_in(browser, team, "chair@acme.example")
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Board pack").click()
    expect(page.get_by_text("The packs published to the board")).to_be_visible()
    expect(page.get_by_role("button", name="Report (JSON)").first).to_be_visible()
    context.close()


def test_an_administrator_sees_the_members_and_a_stranger_sees_nothing(browser, team):
    context, page = _sign_in(browser, team, "ciso@acme.example")
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Activity").click()
    expect(page.get_by_role("heading", name="Members and roles")).to_be_visible()
    # The grid draws on a canvas; its accessible cells carry the text.
    expect(page.locator("td", has_text="chair@acme.example")).to_have_count(1)
    context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(team)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**")
    page.fill("input[name=sub]", "stranger@elsewhere.example")
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_text("you are not a member of any organisation")).to_be_visible()
    assert "Harbour Retail Group" not in page.locator("body").inner_text()
    context.close()


def test_two_app_processes_over_one_postgresql_see_each_others_work(
    browser,
    postgres_server,  # noqa: F811 (the fixture imported above)
    tmp_path,
):
    import psycopg

    name = f"bb_two_{os.getpid()}"
    admin = postgres_server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "BOARD_BRIEF_DATA_DIR": str(tmp_path),
        "BOARD_BRIEF_DATABASE_URL": f"{postgres_server}/{name}",
    }
    ports = [free_port(), free_port()]
    processes = [start_app(port, env) for port in ports]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url, process in zip(urls, processes, strict=True):
            _wait(f"{url}/_stcore/health", "streamlit", process)
        first = browser.new_context().new_page()
        first.set_default_timeout(60_000)
        first.goto(f"{urls[0]}/data")
        first.locator("input[type=file]").first.set_input_files(
            str(SAMPLE / "harbour_security_kpis.xlsx")
        )
        expect(first.get_by_text("harbour_security_kpis.xlsx: 158 values read")).to_be_visible()
        first.get_by_role("button", name="Add these files to the history").click()
        expect(first.get_by_text(re.compile(r"^Added .+ to the history"))).to_be_visible()
        first.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Board pack").click()
        first.get_by_role("button", name="Publish this pack").click()
        expect(first.get_by_text("Published packs")).to_be_visible()
        # The other process, a fresh visitor: the stored quarter and the published pack.
        second = browser.new_context().new_page()
        second.set_default_timeout(60_000)
        second.goto(f"{urls[1]}/export")
        expect(second.get_by_text("Published packs")).to_be_visible()
        second.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Data").click()
        expect(second.get_by_role("heading", name="Quarter history")).to_be_visible()
        expect(second.locator("td", has_text="harbour_security_kpis.xlsx").first).to_be_attached()
        expect(second.get_by_text("Showing the stored quarter history")).to_be_visible()
    finally:
        stop(*processes)
