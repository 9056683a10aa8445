"""The board memo: the same report as prose, in Markdown and in self-contained HTML."""

from __future__ import annotations

import re

import pytest

from reporting.export.memo import memo_html, memo_markdown


@pytest.fixture(scope="module")
def markdown(report) -> str:
    return memo_markdown(report)


@pytest.fixture(scope="module")
def page(report) -> str:
    return memo_html(report)


def test_the_memo_says_what_the_board_needs_in_order(markdown, report):
    summary = report.summary
    order = [
        report.summary.headline,
        "## The four questions",
        summary.answers.protected,
        "## Our most significant risks",
        "## Compliance",
        "## Decisions requested",
        "## Method",
    ]
    positions = [markdown.index(part) for part in order]
    assert positions == sorted(positions)
    for answer in summary.answers.model_dump().values():
        assert answer in markdown
    for risk in report.risks[:5]:
        assert f"**{risk.rank}. {risk.title}" in markdown
    for decision in summary.decisions:
        assert decision.owner in markdown
    assert "not an audit opinion" in markdown
    assert "FAIR" in markdown


def test_the_memo_stays_within_two_pages(markdown):
    assert len(markdown.split()) < 1400


def test_the_html_is_self_contained_and_printable(page):
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page and "@page" in page
    assert not re.search(r"https?://|<link|<script|src=|@import|url\(", page)


def test_report_text_is_escaped_in_html_and_markdown(report):
    hostile = report.model_copy(deep=True)
    hostile.organization = '<script>alert("x")</script> & *Sons*'
    hostile.risks[0].owner = "<img src=x onerror=alert(1)>"
    page = memo_html(hostile)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; *Sons*" in page
    markdown = memo_markdown(hostile)
    assert r"\<script\>" in markdown
    assert r"\*Sons\*" in markdown
