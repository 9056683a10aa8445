"""The memo prints on at most two A4 pages for the sample company, as Chromium prints it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reporting.export.memo import memo_html
from tests.browser.conftest import CHROMIUM


def test_the_sample_memo_prints_on_two_pages(browser, sample_report):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    page = browser.new_page()
    try:
        page.set_content(memo_html(sample_report))
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"the memo prints on {pages} pages"
