"""The page asks nothing of the outside world: every request stays on this machine."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
INLINE_SCHEMES = {"data", "blob", "about"}


def _off_the_machine(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in INLINE_SCHEMES and parts.hostname not in LOCAL_HOSTS


def test_the_summary_and_two_pages_load_nothing_from_outside(page, server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("websocket", lambda socket: requested.append(socket.url))

    page.goto(server)
    expect(page.get_by_role("heading", name="The four questions")).to_be_visible()
    for name in ("Risks", "Compliance"):
        page.get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
        page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # fonts, icons and chart code that load once drawn

    assert requested, "no request was recorded at all"
    assert any(urlsplit(url).path.startswith("/_stcore/stream") for url in requested)
    outside = [url for url in requested if _off_the_machine(url)]
    assert not outside, f"requests off the machine: {outside}"
    # And the tab icon, which Streamlit points at after the page has loaded.
    icons = page.locator("link[rel~='icon']").evaluate_all("links => links.map(l => l.href)")
    assert icons and not [url for url in icons if _off_the_machine(url)], icons
