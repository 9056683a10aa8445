"""User-supplied text made inert before it reaches Streamlit's markdown.

Streamlit renders nearly every string it is given (st.markdown, st.caption, st.write,
st.error and friends, titles, widget labels and help, expander and tab labels, st.table
cells) through react-markdown with GitHub-flavoured markdown, KaTeX math, directives
(`:red[...]`), emoji shortcodes (`:smile:`), material icons (`:material/home:`) and a few
typographic replacements (` -> ` becomes an arrow). Escaping alone is not enough: the
markdown parser undoes the escapes first, and several of those rewrites then run on the
plain text it produced, so `https\\://evil\\.example` still becomes a link, `\\:smile\\:` an
emoji and `a \\-\\> b` an arrow. So user text is made inert in two steps:

1. a WORD JOINER (U+2060: invisible, not a space, no line break) goes where a rewrite
   would match: after a colon or an at sign that is followed by more text (URL schemes,
   e-mail addresses, shortcodes, icons, directives), between `www` and its dot, and
   between the two characters of `->`, `<-`, `--`, `<=`, `>=`, `~=`;
2. every character markdown could read as markup is then escaped: with a backslash in
   markdown (`md`), or as a numeric character reference inside our HTML blocks
   (`html_text`).

Line breaks become spaces and leading indentation one space: a user string never starts
a new markdown block or a code block.
"""

from __future__ import annotations

import re

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


def defuse(text: object) -> str:
    """One line, with a word joiner wherever Streamlit would rewrite plain text."""
    one_line = _INDENT.sub(" ", _LINE_BREAK.sub(" ", str(text)))
    return _DEFUSE.sub(WORD_JOINER, one_line)


def md(text: object) -> str:
    """User text shown as written in st.markdown, st.caption, st.error, labels and friends."""
    return _SPECIAL.sub(r"\\\1", defuse(text))


def html_text(text: object) -> str:
    """User text shown as written inside an HTML block rendered through markdown
    (unsafe_allow_html): numeric character references are never markup, and one pass
    means no reference is escaped twice."""
    return defuse(text).translate(_ENTITIES)
