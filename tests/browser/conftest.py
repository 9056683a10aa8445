"""A real `streamlit run` and Debian's Chromium, for the whole path a user takes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tools.local_app import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NotStarted,
    free_port,
    start_app,
    stop,
    wait_until_up,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    port = free_port()
    history = tmp_path_factory.mktemp("history")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOARD_BRIEF_DATA_DIR": str(history)}
    env.pop("BOARD_BRIEF_DATABASE_URL", None)
    with (tmp_path_factory.mktemp("streamlit") / "server.log").open("wb") as log:
        process = start_app(port, env, log=log)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{url}/_stcore/health", process, "streamlit")
        except NotStarted as problem:
            pytest.fail(str(problem))
        yield url
        stop(process)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()
