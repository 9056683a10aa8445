"""User text made literal: one home for escaping names and labels before they reach a
renderer that would read them as markup.

User-supplied text (organisation and business-unit names, owners, metric labels and sheet
names from uploaded files, and every generated sentence that quotes them) must read as
written wherever it is shown. Each renderer has its own markup, so each has its own
function here; none of them imports a UI library, so the exports and the app share them.

Markdown (`markdown_literal`, `html_literal`)
    Streamlit renders nearly every string it is given (st.markdown, st.caption, st.write,
    alerts, titles, widget labels and help, expander and tab labels, st.table cells)
    through react-markdown with GitHub-flavoured markdown, KaTeX math, directives
    (`:red[...]`), emoji shortcodes (`:smile:`), material icons (`:material/home:`) and a
    few typographic replacements (` -> ` becomes an arrow); GitHub and other markdown
    viewers autolink bare URLs and e-mail addresses and render `$...$` and `~strike~`.
    Escaping alone is not enough: the markdown parser undoes the escapes first, and
    several of those rewrites then run on the plain text it produced, so
    `https\\://evil\\.example` still becomes a link, `\\:smile\\:` an emoji and
    `a \\-\\> b` an arrow. So user text is made inert in two steps:

    1. a WORD JOINER (U+2060: invisible, not a space, no line break) goes where a rewrite
       would match: after a colon or an at sign that is followed by more text (URL
       schemes, e-mail addresses, shortcodes, icons, directives), between `www` and its
       dot, and between the two characters of `->`, `<-`, `--`, `<=`, `>=`, `~=`;
    2. every character markdown could read as markup is then escaped: with a backslash in
       markdown (`markdown_literal`), or as a numeric character reference inside an HTML
       block rendered through markdown (`html_literal`).

    Line breaks become spaces and leading indentation one space: a user string never
    starts a new markdown block or a code block.

Markdown files (`markdown_file_literal`)
    A .md file is read by people in a text editor as often as it is rendered, so it is
    escaped only where GitHub-flavoured markdown would otherwise read markup: emphasis,
    code, links and images, HTML, tables, strikethrough, math and entities anywhere, a
    heading, list or quote marker at the start, and autolinks and shortcodes (the word
    joiner, as above). Full stops, brackets and hyphens inside a sentence stay as written.

Plotly (`plotly_literal`)
    plotly.js draws every text it is given (titles, axis and tick labels, category
    names, legend names, hover text, annotations) as pseudo-HTML: the tags `<br>`, `<b>`,
    `<i>`, `<em>`, `<s>`, `<u>`, `<sup>`, `<sub>`, `<span style>` and `<a href>`, and the
    entities `&amp; &lt; &gt; &nbsp; &mu; &times; &plusmn; &deg;` and numeric references.
    It recognises no other named entity (`&quot;` would show as written), so only `&`,
    `<` and `>` are escaped, plus `$` as `&#36;`: a text with two dollar signs is typeset
    as TeX wherever MathJax is on the page, and the test for it runs before references
    are decoded. Plotly itself turns line breaks in a text into spaces.
"""

from __future__ import annotations

import re

__all__ = [
    "WORD_JOINER",
    "defuse",
    "html_literal",
    "markdown_file_literal",
    "markdown_literal",
    "plotly_literal",
]

WORD_JOINER = "\u2060"

_LINE_BREAK = re.compile(r"\r\n|[\r\n]")
_INDENT = re.compile(r"^[ \t]+")  # four spaces or a tab would start a code block
_DEFUSE = re.compile(
    r"(?<=[:@])(?=\S)"  # https://, mailto:, a@b.example, :smile:, :material/x:, :red[x]
    r"|(?<=www)(?=\.)"  # www.example.com
    r"|(?<=[-<>~])(?=[-<>=])",  # ->, <-, --, >=, <=, ~=
    re.IGNORECASE,
)
# Everything CommonMark, GFM, KaTeX or a Streamlit directive could read as markup.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")
_ENTITIES = str.maketrans({ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+-.!|~$:<>=^&\"'"})
# Plotly's pseudo-HTML: `&` first by construction (one pass, never escaped twice).
_PLOTLY = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;"})


def defuse(text: object) -> str:
    """One line, with a word joiner wherever a markdown renderer would rewrite plain text."""
    one_line = _INDENT.sub(" ", _LINE_BREAK.sub(" ", str(text)))
    return _DEFUSE.sub(WORD_JOINER, one_line)


def markdown_literal(text: object) -> str:
    """User text shown as written in markdown: Streamlit's st.markdown, st.caption, alerts,
    labels and friends, and GitHub-flavoured markdown files."""
    return _SPECIAL.sub(r"\\\1", defuse(text))


_FILE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$&])")
_FILE_LEADING = re.compile(r"^(\s*)(?:([#+\-=>])|(\d+)([.)]))")


def markdown_file_literal(text: object) -> str:
    """User text shown as written in a markdown file, escaped no more than it must be."""
    escaped = _FILE_SPECIAL.sub(r"\\\1", defuse(text))
    return _FILE_LEADING.sub(_escape_leading, escaped, count=1)


def _escape_leading(m: re.Match[str]) -> str:
    # A heading, list or quote marker only counts at the start: escape it there, and for
    # "1." the full stop (a backslash before a digit is no escape in markdown).
    if m.group(2):
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"


def html_literal(text: object) -> str:
    """User text shown as written inside an HTML block rendered through markdown
    (unsafe_allow_html): numeric character references are never markup, and one pass
    means no reference is escaped twice."""
    return defuse(text).translate(_ENTITIES)


def plotly_literal(text: object) -> str:
    """User text shown as written in a plotly figure: no tag, entity or TeX of its own."""
    return str(text).translate(_PLOTLY)
