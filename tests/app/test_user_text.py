"""User text is text: names, labels, file and sheet names from the user's files and context
reach the board screens as written, never as markdown, math, links, colours or HTML.

Streamlit renders almost every string (markdown, captions, titles, alerts, labels, st.table
cells) with react-markdown, remark-gfm, remark-math, remark-directive, remark-emoji and its
own icon and symbol rewrites. `RENDERER` below models what that pipeline would still turn
into markup, so the tests check the source the page hands to Streamlit.
"""

from __future__ import annotations

import html
import re

import pytest
from streamlit.testing.v1 import AppTest

from reporting.context import load_context
from reporting.ingest import InputFile, ingest
from reporting.translate import build_report
from tests.app.conftest import XLSX, open_page
from tests.conftest import MARKUP, ROOT, SAMPLE, make_xlsx, markdown_reads
from ui import session
from ui.text import WORD_JOINER as WJ
from ui.text import html_text, md

HOSTILE = "**Bold** $x$ https://evil.example :red[x] <b>h</b>"
HOSTILE_MD = (
    r"\*\*Bold\*\* \$x\$ https\:" + WJ + r"//evil\.example \:" + WJ + r"red\[x\] \<b\>h\</b\>"
)
HOSTILE_HTML = (
    "&#42;&#42;Bold&#42;&#42; &#36;x&#36; https&#58;"
    + WJ
    + "//evil&#46;example &#58;"
    + WJ
    + "red&#91;x&#93; &#60;b&#62;h&#60;/b&#62;"
)
# Raw pieces of HOSTILE that must never reach a markdown source as such.
RAW = ("**Bold**", "$x$", "https://evil", ":red[x]", "<b>h</b>")

# -- a model of what Streamlit's markdown renderer would still interpret ------------------

# Characters that start markup when not backslash-escaped (CommonMark, GFM tables and
# strikethrough, KaTeX, directives, entities, HTML).
# Rewrites Streamlit applies to text after the parser has undone escapes and entities.
RENDERER = {
    "bare link": re.compile(r"(https?://|www(?=\.))[-.\w]+", re.IGNORECASE),
    "e-mail link": re.compile(r"[-.\w+]+@[-\w]+(\.[-\w]+)+"),
    "emoji": re.compile(r":[\w+-][\w_+-]*:"),
    "material icon": re.compile(r":material/"),
    "streamlit logo": re.compile(r":streamlit:"),
    "typographic symbol": re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),
}


def unescape_html(source: str) -> str:
    """The text of a fragment inside an HTML block, with any raw markup character reported."""
    bare = re.sub(r"&#\d+;", "", source)
    assert not set(bare) & MARKUP, f"raw markup in {source!r}"
    return html.unescape(source)


def assert_inert(text: str) -> None:
    for what, pattern in RENDERER.items():
        assert not pattern.search(text), f"{what} in {text!r}"


def as_read(text: str) -> str:
    return text.replace(WJ, "")


# -- md() and html_text() on their own ----------------------------------------------------

CASES = [
    HOSTILE,
    "**bold** __bold__ *em* _em_ ~~strike~~ `code`",
    "Cost $5 and $6",
    "a name with $x$ and $$y$$",
    "https://evil.example/path?q=1 and HTTP://EVIL.EXAMPLE",
    "www.evil.example and WWW.Evil.Example",
    "write to bob@evil.example or mailto:bob@evil.example",
    "<https://evil.example> [link](https://evil.example) ![img](https://evil.example/x.png)",
    ":red[x] :blue-background[y] :red-badge[z] :small[s] :color[c]{foreground=red}",
    ":smile: :+1: :material/home: :streamlit:",
    "<b>h</b> <script>alert(1)</script> <!-- c -->",
    "&amp; &lt;b&gt; &#36; AT&T",
    "a -> b <- c <-> d -- e >= f <= g ~= h",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    "| a | b |",
    "[^1] x^2^ {attr} a\\b",
]


@pytest.mark.parametrize("text", CASES)
def test_md_leaves_nothing_for_markdown_to_interpret(text):
    escaped = md(text)
    seen = markdown_reads(escaped)  # every markup character is escaped
    assert_inert(seen)  # and nothing is rewritten once the escapes are undone
    assert as_read(seen) == text  # the reader sees the text as written


@pytest.mark.parametrize("text", CASES)
def test_html_text_leaves_nothing_for_markdown_to_interpret(text):
    seen = unescape_html(html_text(text))
    assert_inert(seen)
    assert as_read(seen) == text


def test_md_escapes_each_case_as_expected():
    assert md(HOSTILE) == HOSTILE_MD
    assert html_text(HOSTILE) == HOSTILE_HTML
    assert md("Cost $5 and $6") == r"Cost \$5 and \$6"
    assert md("www.evil.example") == "www" + WJ + r"\.evil\.example"
    assert md("bob@evil.example") == "bob@" + WJ + r"evil\.example"
    assert md(":smile:") == r"\:" + WJ + r"smile\:"
    assert md(":material/home:") == r"\:" + WJ + r"material/home\:"
    assert md("a -> b") == r"a \-" + WJ + r"\> b"
    assert md("AT&T") == r"AT\&T"
    assert md("Owner: Bob") == r"Owner\: Bob"  # no joiner where nothing could match


def test_md_keeps_a_user_string_on_one_line_and_out_of_code_blocks():
    assert md("line one\n\n# line two\r\nthree") == r"line one  \# line two three"
    assert md("    indented") == " indented"
    assert md("\tindented") == " indented"


# -- the pages ----------------------------------------------------------------------------


def markdown_sources(at) -> list[str]:
    """Every string the page hands to Streamlit that Streamlit renders as markdown."""
    out: list[str] = []

    def walk(block):
        for node in block.children.values():
            kind = getattr(node, "type", "")
            if kind in (
                "markdown",
                "caption",
                "title",
                "header",
                "subheader",
                "error",
                "warning",
                "info",
                "success",
                "toast",
            ):
                out.append(node.value)
            elif kind == "table":
                frame = node.value
                out.extend(str(v) for v in frame.to_numpy().ravel())
                out.extend([str(c) for c in frame.columns] + [str(i) for i in frame.index])
            for attr in ("label", "help"):
                value = getattr(node.proto, attr, None) if hasattr(node, "proto") else None
                if isinstance(value, str) and value:
                    out.append(value)
            if hasattr(node, "children"):
                walk(node)

    walk(at.sidebar)
    walk(at.main)
    return out


def assert_shown_as_text(at, shown: bool = True) -> None:
    """HOSTILE never reaches markdown as is, and (when the page names it) reads as written."""
    joined = "\n".join(markdown_sources(at))
    for raw in RAW:
        assert raw not in joined, f"{raw!r} reaches markdown as is"
    if shown:
        assert HOSTILE_MD in joined or HOSTILE_HTML in joined, "HOSTILE is not shown at all"
        assert HOSTILE in as_read(html.unescape(joined.replace("\\", "")))


def hostile_files() -> list[tuple[str, bytes, str]]:
    """The sample company's files with Card Payments renamed HOSTILE, in a file named with
    markdown, plus a workbook whose sheet name and label are markdown too."""
    files = []
    for path in sorted(SAMPLE.iterdir()):
        if path.suffix == ".csv":
            data = path.read_bytes()
            name = path.name
            if name == "bu_card_payments.csv":
                data = data.replace(b"Card Payments", HOSTILE.encode())
                name = "**f** $1$ www.evil.example.csv"
            files.append((name, data, "text/csv"))
        elif path.suffix == ".xlsx":
            files.append((path.name, path.read_bytes(), XLSX))
    extra = make_xlsx(
        {
            "$x$ <b>h<b> www.e.x": [
                ["Metric", "Q3 FY27"],
                ["Cost $5 and $6 :smile: www.evil.example", 4],
                ["MFA coverage", "n/a"],
            ]
        }
    )
    files.append(("extra.xlsx", extra, XLSX))
    return files


def hostile_risk_id() -> str:
    """A risk of the renamed unit, as the app computes it."""
    context = hostile_context()
    files = [InputFile(name, data) for name, data, _ in hostile_files()]
    result = ingest(files, fiscal_year_start_month=context.fiscal_start_month)
    report = build_report(result, context, context_given=True)
    return next(
        r.id for r in report.unit_risks if r.business_unit == HOSTILE and r.owner == HOSTILE
    )


def hostile_context():
    context = load_context((SAMPLE / "context.yaml").read_bytes())
    units = [
        u.model_copy(update={"name": HOSTILE, "owner": HOSTILE}) if u.name == "Card Payments" else u
        for u in context.business_units
    ]
    organization = context.organization.model_copy(update={"name": HOSTILE})
    return context.model_copy(update={"business_units": units, "organization": organization})


def test_the_organisation_name_is_shown_as_written_in_the_sidebar_title_and_banner():
    context = load_context((SAMPLE / "context.yaml").read_bytes())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    # The sample company under a hostile name, in place before app.py first draws the sidebar.
    at.session_state["source"] = "sample"
    at.session_state["files"] = session.sample_files()
    at.session_state["context"] = context.model_copy(
        update={"organization": context.organization.model_copy(update={"name": HOSTILE})}
    )
    at.session_state["context_given"] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.sidebar.markdown[0].value == f"**{HOSTILE_MD}**"
    assert at.title[0].value == f"{HOSTILE_MD}: cyber risk summary"
    assert_shown_as_text(at)
    at.switch_page("pages/data.py").run()
    assert HOSTILE_MD in at.info[0].value  # the sample company's banner
    assert_shown_as_text(at)


def test_names_from_the_files_and_the_context_are_shown_as_written_on_every_page():
    at = open_page("data")
    at.file_uploader(key="uploads").set_value(hostile_files()).run()
    at.session_state["context"] = hostile_context()
    at.session_state["context_given"] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]

    # Data: the file name, and the sheet name in the notes table (st.table cells are markdown).
    file_name = r"\*\*f\*\* \$1\$ www" + WJ + r"\.evil\.example\.csv"
    assert any(file_name in s.value for s in at.success)
    sheet = r"sheet '\$x\$ \<b\>h\<b\> www" + WJ + r"\.e\.x'"
    assert any(sheet in where for where in at.table[0].value["Where"])
    sources = "\n".join(markdown_sources(at))
    assert "$x$ <b>" not in sources and "**f**" not in sources

    for page in ("summary", "risks", "compliance", "trends", "export"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        if page == "risks":  # open a risk of the renamed unit
            at.selectbox(key="risk_detail").select(hostile_risk_id()).run()
            assert f"owner: <b>{HOSTILE_HTML}</b>" in "\n".join(m.value for m in at.markdown)
        assert_shown_as_text(at, shown=page != "trends")  # trends names no unit in text
        if page == "summary":
            assert at.title[0].value == f"{HOSTILE_MD}: cyber risk summary"
        if page == "compliance":
            assert any(f"Judged on the figures of {HOSTILE_MD}" in m.value for m in at.markdown)
        if page == "export":  # the memo on screen is the Markdown file itself
            memo = next(m.value for m in at.markdown if m.value.startswith("# "))
            assert HOSTILE_MD in memo
            assert f"\n*{HOSTILE_MD} · " in memo  # the organisation, under the title
            for heading in ("The four questions", "Decisions requested", "Method"):
                assert f"\n## {heading}\n" in memo
            assert re.search(r"^\*\*Are we adequately protected\?\*\* ", memo, re.MULTILINE)
            assert re.search(r"^1\. \*\*", memo, re.MULTILINE)  # decisions, numbered
