from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_page(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def markdown_text(at: AppTest) -> str:
    """Page text as a reader sees it: markdown escapes, HTML entities and the invisible word
    joiners of ui.text undone."""
    import html

    from ui.text import WORD_JOINER

    raw = "\n".join(m.value for m in at.markdown)
    return html.unescape(raw.replace("\\", "")).replace(WORD_JOINER, "")


@pytest.fixture
def app():
    return open_page
