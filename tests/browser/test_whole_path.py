"""Upload through the real file input, then read the executive summary as the board would;
open every page with nothing asked of the outside world."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from reporting.ingest import ingest_paths
from reporting.translate import build_report
from tests.conftest import SAMPLE

pytestmark = pytest.mark.browser
WORKBOOK = SAMPLE / "harbour_security_kpis.xlsx"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
INLINE_SCHEMES = {"data", "blob", "about"}


def _off_the_machine(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in INLINE_SCHEMES and parts.hostname not in LOCAL_HOSTS


def test_upload_the_workbook_then_find_the_top_risk_on_the_summary(page, server):
    expected = build_report(ingest_paths([WORKBOOK])).risks[0]

    page.goto(f"{server}/data")
    expect(page.get_by_role("heading", name="Data")).to_be_visible()
    page.locator("input[type=file]").first.set_input_files(str(WORKBOOK))
    # The sample holds a file of the same name: wait until the sample's other files are gone.
    expect(page.get_by_text("bu_card_payments.csv")).to_have_count(0)
    expect(page.get_by_text("harbour_security_kpis.xlsx: 158 values read")).to_be_visible()

    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name="Executive summary").click()
    expect(page.get_by_role("heading", name="The four questions")).to_be_visible()
    expect(page.get_by_text(f"1. {expected.title}", exact=False).first).to_be_visible()
    expect(page.get_by_text("Are we adequately protected?")).to_be_visible()
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "sample company" not in body


def test_every_page_opens_with_no_developer_chrome_and_nothing_from_outside(page, server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("websocket", lambda socket: requested.append(socket.url))
    page.goto(server)
    expect(page.get_by_role("heading", name=re.compile("cyber risk summary"))).to_be_visible()
    assert page.get_by_text("Deploy", exact=True).count() == 0
    for name in ("Risks", "Compliance", "Trends", "Data", "Business context", "Board pack"):
        page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=name).click()
        expect(page.locator("h1").first).to_be_visible()
        page.wait_for_timeout(500)
        assert page.locator("[data-testid=stException]").count() == 0, name
    page.wait_for_load_state("networkidle")  # fonts, icons and chart code load once drawn
    assert any(urlsplit(url).path.startswith("/_stcore/stream") for url in requested)
    outside = [url for url in requested if _off_the_machine(url)]
    assert not outside, f"requests off the machine: {outside}"
    # And the tab icon, which Streamlit points at after the page has loaded.
    icons = page.locator("link[rel~='icon']").evaluate_all("links => links.map(l => l.href)")
    assert icons and not [url for url in icons if _off_the_machine(url)], icons
