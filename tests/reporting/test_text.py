"""reporting.text: user text made literal for markdown, HTML blocks and plotly figures.

The markdown side is also checked against a model of Streamlit's renderer in
tests/app/test_user_text.py; here each function is checked on its own, and the plotly side
against the text handling of plotly.js (its pseudo-HTML tags, the entities it decodes and
its TeX detection), modelled below from its source.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys

import plotly.graph_objects as go
import pytest

from reporting.text import (
    WORD_JOINER,
    html_literal,
    markdown_literal,
    plotly_literal,
)
from tests.conftest import MARKUP, ROOT, markdown_reads

WJ = WORD_JOINER
NAME = "**Bold** $x$ https://evil.example :red[x] <b>h</b> a~b~c"

CASES = [
    NAME,
    "Cost $5 and $6, x^2 == y",
    "a~b~c and ~~strike~~",
    "AT&T &amp; &lt;b&gt; &#36; &mu; &quot;",
    "https://evil.example/p?q=1 www.evil.example bob@evil.example mailto:bob@evil.example",
    ":smile: :material/home: :red[x] {attr}",
    "<b>h</b> <i>i</i> <br> <a href='https://evil.example'>l</a> <sup>2</sup>",
    "a -> b <- c -- d >= e <= f ~= g",
    "# heading | a | b | [link](https://evil.example) `code` _em_ !",
    "plain text",
]

# -- markdown -----------------------------------------------------------------------------


# What GitHub and Streamlit still rewrite in the plain text after escapes are undone.
REWRITES = {
    "bare link": re.compile(r"(https?://|www\.)", re.IGNORECASE),
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+\.\w"),
    "shortcode or directive": re.compile(r":[\w/+-]+[:\[]"),
    "typographic arrow": re.compile(r"->|<-|--|>=|<=|~="),
}


@pytest.mark.parametrize("text", CASES)
def test_markdown_literal_leaves_nothing_to_interpret(text):
    seen = markdown_reads(markdown_literal(text))
    for what, pattern in REWRITES.items():
        assert not pattern.search(seen), f"{what} in {seen!r}"
    assert seen.replace(WJ, "") == text


def test_markdown_literal_escapes_what_github_would_render():
    assert markdown_literal(NAME) == (
        r"\*\*Bold\*\* \$x\$ https\:"
        + WJ
        + r"//evil\.example \:"
        + WJ
        + r"red\[x\] \<b\>h\</b\> a\~b\~c"
    )
    assert markdown_literal("$x$ a~b~c") == r"\$x\$ a\~b\~c"  # math, strikethrough
    assert markdown_literal("AT&T &amp;") == r"AT\&T \&amp;"  # entities
    assert markdown_literal("x^2 = y") == r"x\^2 \= y"
    assert markdown_literal("bob@evil.example") == "bob@" + WJ + r"evil\.example"
    assert markdown_literal("www.evil.example") == "www" + WJ + r"\.evil\.example"
    assert markdown_literal("Owner: Bob") == r"Owner\: Bob"  # no joiner where none is needed


def test_markdown_literal_keeps_text_on_one_line_and_out_of_code_blocks():
    assert markdown_literal("one\n\n# two\r\nthree") == r"one  \# two three"
    assert markdown_literal("    indented") == " indented"
    assert markdown_literal(42) == "42"


# -- HTML blocks --------------------------------------------------------------------------


@pytest.mark.parametrize("text", CASES)
def test_html_literal_is_numeric_references_only(text):
    source = html_literal(text)
    assert not set(re.sub(r"&#\d+;", "", source)) & MARKUP, source
    seen = html.unescape(source)
    for what, pattern in REWRITES.items():
        assert not pattern.search(seen), f"{what} in {seen!r}"
    assert seen.replace(WJ, "") == text


def test_html_literal_escapes_each_character_once():
    assert html_literal("<b>&amp;</b>") == "&#60;b&#62;&#38;amp;&#60;/b&#62;"
    assert html_literal('"q"') == "&#34;q&#34;"


# -- plotly -------------------------------------------------------------------------------

# plotly.js (src/lib/svg_text_utils.js): the entities it decodes, the tags it draws and
# the test that sends a text to MathJax.
PLOTLY_ENTITIES = {
    "mu": "\u03bc",
    "amp": "&",
    "lt": "<",
    "gt": ">",
    "nbsp": "\xa0",
    "times": "\xd7",
    "plusmn": "\xb1",
    "deg": "\xb0",
}
PLOTLY_ENTITY = re.compile(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);")
PLOTLY_TAG = re.compile(r"<[^<>]*>")
PLOTLY_TEX = re.compile(r"([^$]*)([$]+[^$]*[$]+)([^$]*)")


def plotly_reads(text: str) -> str:
    """What plotly.js draws for `text`; fails on any tag or TeX it would act on."""
    assert not PLOTLY_TEX.match(text), f"TeX in {text!r}"
    assert not PLOTLY_TAG.search(text), f"a tag in {text!r}"

    def decode(match: re.Match) -> str:
        ref = match.group(1)
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return PLOTLY_ENTITIES.get(ref, match.group(0))

    return PLOTLY_ENTITY.sub(decode, text)


@pytest.mark.parametrize("text", CASES)
def test_plotly_literal_is_drawn_as_written(text):
    assert plotly_reads(plotly_literal(text)) == text


def test_plotly_literal_escapes_only_what_plotly_reads():
    assert plotly_literal("<b>h</b>") == "&lt;b&gt;h&lt;/b&gt;"
    assert plotly_literal("AT&T &mu; &amp;") == "AT&amp;T &amp;mu; &amp;amp;"
    assert plotly_literal("$x$") == "&#36;x&#36;"
    # Characters plotly does not read stay as they are: it decodes no &quot;.
    assert plotly_literal("**a** :red[x] 'q' \"q\" ~b~") == "**a** :red[x] 'q' \"q\" ~b~"
    assert plotly_literal(3) == "3"


def test_a_figure_holds_the_escaped_form():
    fig = go.Figure(go.Bar(x=[1], y=[plotly_literal(NAME)], name=plotly_literal(NAME)))
    fig.update_layout(title_text=plotly_literal(NAME))
    data = fig.to_plotly_json()
    escaped = "**Bold** &#36;x&#36; https://evil.example :red[x] &lt;b&gt;h&lt;/b&gt; a~b~c"
    assert data["layout"]["title"]["text"] == escaped
    assert data["data"][0]["name"] == escaped
    assert list(data["data"][0]["y"]) == [escaped]


# -- one home -----------------------------------------------------------------------------


def test_the_ui_names_are_the_same_functions():
    from ui import text

    assert text.md is markdown_literal
    assert text.html_text is html_literal
    assert text.WORD_JOINER == WJ


def test_reporting_text_needs_no_streamlit():
    code = "import sys, reporting.text; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_a_markdown_file_escapes_markup_but_not_the_punctuation_of_a_sentence():
    from reporting.text import markdown_file_literal

    assert markdown_file_literal("Q1 FY27 (2026-Q3). Not yet.") == "Q1 FY27 (2026-Q3). Not yet."
    assert markdown_file_literal("**x** $y$ [a](b) <b> ~s~ a|b &amp;") == (
        r"\*\*x\*\* \$y\$ \[a\](b) \<b\> \~s\~ a\|b \&amp;"
    )
    assert markdown_file_literal("# Title") == r"\# Title"
    assert markdown_file_literal("1. First") == r"1\. First"
    assert markdown_file_literal("- item") == r"\- item"
