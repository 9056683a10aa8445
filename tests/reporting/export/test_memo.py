"""The board memo: the same report as prose, in Markdown and in self-contained HTML."""

from __future__ import annotations

import html
import re

import pytest

from reporting.export.memo import memo_html, memo_markdown
from reporting.report import BoardReport
from reporting.text import WORD_JOINER, markdown_file_literal, markdown_literal
from tests.conftest import renamed_sample

# A business unit (and its owner, and the organisation) named with markdown, math, a link,
# a directive, HTML and GitHub's single-tilde strikethrough.
NAME = "**Bold** $x$ https://evil.example :red[x] <b>h</b> a~b~c"
RAW = ("**Bold**", "$x$", "https://evil", ":red[x]", "<b>h</b>", "a~b~c")

# Characters GitHub-flavoured markdown, KaTeX or a Streamlit directive could read as markup.
MARKUP = "\\`*_{}[]()#+-.!|<>~$:=^&"
# Those a markdown file must escape inside a line (a reader of the .md sees no others).
FILE_MARKUP = "\\`*_[]<>|~$&"
# The memo's own layout: headings, numbered items, bold labels and leads, the italic meta.
LAYOUT = re.compile(r"#{1,2} |1\. ")
EMPHASIS = re.compile(r"(\*\*[^*]+\*\* )?[^*]*|\*[^*]+\*|\*\*[^*]+\*\*")


@pytest.fixture(scope="module")
def markdown(report) -> str:
    return memo_markdown(report)


@pytest.fixture(scope="module")
def page(report) -> str:
    return memo_html(report)


@pytest.fixture(scope="module")
def hostile() -> BoardReport:
    """The sample company under NAME, with its Card Payments unit (and owner) named NAME."""
    return renamed_sample(NAME, trials=5000, owner=True, organization=True)


def reads(markdown: str) -> str:
    """The memo's text as a reader sees it: escapes undone, word joiners dropped."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def assert_text_is_literal(markdown: str, markup: str = FILE_MARKUP) -> None:
    """Every line is the memo's layout around text with each markup character escaped
    (and, in a file, a heading, list or quote marker where a text starts)."""
    escaped = re.compile("\\\\[" + re.escape(markup + "#+-=>.") + "]")
    for line in markdown.splitlines():
        body = escaped.sub("", LAYOUT.sub("", line, count=1))
        assert not set(body) & (set(markup) - {"*"}), f"unescaped markup in {line!r}"
        assert EMPHASIS.fullmatch(body), f"stray emphasis in {line!r}"


def test_the_memo_says_what_the_board_needs_in_order(markdown, report):
    summary = report.summary
    order = [
        markdown_file_literal(summary.headline),
        "## The four questions",
        markdown_file_literal(summary.answers.protected),
        "## Our most significant risks",
        "## Compliance",
        "## Decisions requested",
        "## Method",
    ]
    positions = [markdown.index(part) for part in order]
    assert positions == sorted(positions)
    for answer in summary.answers.model_dump().values():
        assert markdown_file_literal(answer) in markdown
    for risk in report.risks[:5]:
        assert f"**{markdown_file_literal(f'{risk.rank}. {risk.title}')}" in markdown
    for decision in summary.decisions:
        assert markdown_file_literal(decision.owner) in markdown
    assert "not an audit opinion" in markdown
    assert "FAIR" in markdown


def test_the_markdown_is_layout_around_literal_text(markdown):
    assert markdown.startswith("# Cyber risk report to the board\n")
    assert_text_is_literal(markdown)
    assert re.search(r"^1\. \*\*", markdown, re.MULTILINE)  # decisions are a numbered list


def test_the_file_reads_plainly_in_a_text_editor(markdown, report):
    # Full stops, brackets and hyphens inside sentences are not escaped in the file.
    assert f"*{report.organization} · Q1 FY27 (calendar 2026-Q3)*" in markdown
    protected = report.summary.answers.protected
    assert protected.startswith("Not yet. ") and protected in markdown


def test_the_memo_on_screen_escapes_what_streamlit_rewrites(report):
    on_screen = memo_markdown(report, literal=markdown_literal)
    assert_text_is_literal(on_screen, MARKUP)
    assert reads(on_screen) == reads(memo_markdown(report))


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


def test_a_unit_named_with_markup_is_literal_in_the_markdown(hostile):
    assert any(NAME in r.statement for r in hostile.risks[:5])
    markdown = memo_markdown(hostile)
    literal = markdown_file_literal(NAME)
    assert literal == (
        r"\*\*Bold\*\* \$x\$ https:"
        + WORD_JOINER
        + r"//evil.example :"
        + WORD_JOINER
        + r"red\[x\] \<b\>h\</b\> a\~b\~c"
    )
    for raw in RAW:
        assert raw not in markdown, f"{raw!r} is in the Markdown as is"
    # Every place the name is quoted (organisation, unit, owner) reads as written.
    assert markdown.count(literal) == reads(markdown).count(NAME) >= 3
    assert_text_is_literal(markdown)


def test_a_unit_named_with_markup_is_escaped_in_the_html(hostile):
    page = memo_html(hostile)
    escaped = html.escape(NAME)
    assert escaped == ("**Bold** $x$ https://evil.example :red[x] &lt;b&gt;h&lt;/b&gt; a~b~c")
    assert "<b>h</b>" not in page
    body = page[page.index("<main>") :]
    assert body.count(escaped) == html.unescape(body).count(NAME) >= 3
    assert f"<title>{escaped}: " in page
