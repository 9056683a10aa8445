"""The board memo: one to two pages of plain prose from the same `BoardReport`, as Markdown
or as printable, self-contained HTML (inline CSS, no external assets, all text escaped).

Both forms are rendered from one list of blocks, so they always say the same thing. Every
block's text quotes user text (names of the organisation, its units and owners, in
generated sentences too), so all of it is made literal: with `markdown_literal` in the
Markdown, which both GitHub-flavoured viewers and Streamlit then show as written (no math,
links, strikethrough, directives or shortcodes), and HTML-escaped in the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from reporting.board.palette import INK, MUTED, NAVY, RULE
from reporting.board.words import (
    CAVEATS_TITLE,
    DETAILED_RISKS,
    PACK_TITLE,
    QUESTIONS,
    caveat_lead,
    chance_of,
    compliance_basis,
    count,
    count_of,
    event_range,
    gap_and_impact,
    no_decision,
    owner_label,
    report_quarter,
    report_quarter_in_full,
    sentence,
)
from reporting.report import BoardReport, Risk
from reporting.text import markdown_file_literal


@dataclass(frozen=True)
class _Block:
    kind: str  # "title", "meta", "heading", "lead", "para", "item"
    text: str
    label: str = ""  # a bold lead-in: "Are we adequately protected?"


def memo_markdown(
    report: BoardReport, literal: Callable[[object], str] = markdown_file_literal
) -> str:
    """The memo as Markdown, every text in it made literal by `literal`: escaped only where
    markdown files need it (the default, for the .md a person may open in a text editor),
    or `reporting.text.markdown_literal` for a renderer such as Streamlit's that rewrites
    more."""
    out: list[str] = []
    previous = ""
    for block in _blocks(report):
        text = literal(block.text)
        label = f"**{literal(block.label)}** " if block.label else ""
        if previous == "item" and block.kind != "item":
            out.append("")
        if block.kind == "title":
            out.append(f"# {text}\n")
        elif block.kind == "meta":
            out.append(f"*{text}*\n")
        elif block.kind == "heading":
            out.append(f"## {text}\n")
        elif block.kind == "lead":
            out.append(f"**{text}**\n")
        elif block.kind == "item":
            out.append(f"1. {label}{text}")
        else:
            out.append(f"{label}{text}\n")
        previous = block.kind
    return "\n".join(out).strip() + "\n"


def memo_html(report: BoardReport) -> str:
    """The memo as one printable HTML page with its styles inline."""
    body: list[str] = []
    in_list = False
    for block in _blocks(report):
        text = html.escape(block.text)
        label = f"<strong>{html.escape(block.label)}</strong> " if block.label else ""
        if block.kind == "item" and not in_list:
            body.append("<ol>")
            in_list = True
        elif block.kind != "item" and in_list:
            body.append("</ol>")
            in_list = False
        if block.kind == "title":
            body.append(f"<h1>{text}</h1>")
        elif block.kind == "meta":
            body.append(f'<p class="meta">{text}</p>')
        elif block.kind == "heading":
            body.append(f"<h2>{text}</h2>")
        elif block.kind == "lead":
            body.append(f'<p class="lead">{label}{text}</p>')
        elif block.kind == "item":
            body.append(f"<li>{label}{text}</li>")
        else:
            body.append(f"<p>{label}{text}</p>")
    if in_list:
        body.append("</ol>")
    title = html.escape(f"{report.organization}: {PACK_TITLE}, {report_quarter(report)}")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>\n{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


_CSS = f"""\
@page {{ size: A4; margin: 18mm 20mm; }}
body {{ font-family: Arial, Helvetica, "Liberation Sans", sans-serif; color: {INK};
       font-size: 10pt; line-height: 1.4; margin: 0; background: #fff; }}
main {{ max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }}
h1 {{ color: {NAVY}; font-size: 20pt; margin: 0 0 .2rem; }}
h2 {{ color: {NAVY}; font-size: 13pt; margin: 1.3rem 0 .4rem;
     border-bottom: 1px solid {RULE}; padding-bottom: .15rem; }}
p {{ margin: .35rem 0; }}
p.meta {{ color: {MUTED}; margin-bottom: 1rem; }}
p.lead {{ font-size: 12pt; font-weight: bold; }}
ol {{ padding-left: 1.3rem; margin: .35rem 0; }}
li {{ margin: .3rem 0; }}
h2 {{ break-after: avoid; }}
p, li {{ break-inside: avoid; }}
@media print {{ main {{ margin: 0; max-width: none; padding: 0; }}
  h2 {{ margin-top: 1rem; }} }}
"""


def _blocks(report: BoardReport) -> list[_Block]:
    summary = report.summary
    blocks = [
        _Block("title", PACK_TITLE),
        _Block("meta", f"{report.organization} · {report_quarter_in_full(report)}"),
        _Block("lead", summary.headline),
        _Block("heading", "The four questions"),
    ]
    blocks += [
        _Block("para", getattr(summary.answers, key), label=question) for key, question in QUESTIONS
    ]
    if report.risks:
        blocks.append(_Block("heading", "Our most significant risks"))
        blocks += [
            _Block("para", _risk_paragraph(r), label=_risk_label(r))
            for r in report.risks[:DETAILED_RISKS]
        ]
        more = len(report.risks) - DETAILED_RISKS
        if more > 0:
            outside = len(report.outside_appetite)
            blocks.append(
                _Block(
                    "para",
                    f"{count(more, 'further risk is', 'further risks are')} in the risk "
                    f"register; "
                    + count_of(
                        outside, len(report.risks), "risk in all", "risks in all", "is", "are"
                    )
                    + " outside the board's appetite.",
                )
            )
    blocks.append(_Block("heading", "Compliance"))
    blocks.append(_Block("para", _compliance(report)))
    blocks.append(_Block("heading", "Decisions requested"))
    if summary.decisions:
        blocks.append(_Block("para", _decisions_lead(len(summary.decisions))))
        for decision in summary.decisions:
            where = f" ({decision.business_unit})" if decision.business_unit else ""
            risk = report.risk(decision.risk_id)
            ask = decision.ask.removesuffix("Decide how to respond.").strip()
            # The label names the risk and where it lies; the ask goes on from there.
            rest = ask.removeprefix(decision.title).strip()
            place, rated, after = rest.partition("is rated ")
            if rated and (not place or place.startswith("in ")):
                where = f" {place.strip()}" if place else where
                ask = f"It is rated {after}"
            # One event's cost is in the risk paragraphs and the register: said once.
            ask = re.sub(r"; one event could cost up to [^;]*?\.(?= |$)", ".", ask)
            work = (
                f" The work: {risk.remedy.rstrip('.')}."
                if risk is not None and decision.recommendation is None
                else ""
            )
            blocks.append(
                _Block(
                    "item",
                    f"{ask}{work} Owner: {owner_label(decision.owner)}.",
                    label=f"{decision.title}{where}.",
                )
            )
    else:
        blocks.append(_Block("para", no_decision(report)))
    blocks.append(_Block("heading", CAVEATS_TITLE))
    blocks.append(_Block("para", caveat_lead(report)))
    blocks.append(_Block("heading", "Method"))
    blocks.append(_Block("para", _method(report)))
    return blocks


@sentence
def _decisions_lead(decisions: int) -> str:
    """'We ask the board to decide on 3 risks outside its appetite. For each, ...'."""
    each = "For each, the board" if decisions != 1 else "The board"
    return (
        f"We ask the board to decide on {count(decisions, 'risk', 'risks')} outside its "
        f"appetite. {each} may approve the option we recommend, choose another, or accept "
        "the risk as it stands until a review date."
    )


def _risk_label(risk: Risk) -> str:
    where = f" ({risk.business_unit})" if risk.business_unit else ""
    return f"{risk.rank}. {risk.title}{where}."


def _trend(trend: str) -> str:
    """' and worsening', or ', new this quarter' (a trend said after a rating)."""
    return ", new this quarter" if trend == "new" else f" and {trend}"


@sentence
def _risk_paragraph(risk: Risk) -> str:
    exposure = risk.exposure
    appetite = "within" if risk.within_appetite else "outside"
    return (
        f"{risk.what_could_happen.rstrip('.')}. Rated {risk.rating}{_trend(risk.trend)} "
        f"({gap_and_impact(risk.likelihood, risk.impact)}), {appetite} the "
        f"board's {risk.appetite} appetite. One event would probably cost "
        f"{event_range(exposure)}; {chance_of(exposure.annual_probability, 'at least one')} "
        "in a year. "
        f"Owner: {owner_label(risk.owner)}."
    )


@sentence
def _compliance(report: BoardReport) -> str:
    """Where we are furthest from met (each verdict is in the obligations answer above; the
    workbook lists every control)."""
    if not report.compliance:
        return "No framework with a control mapping is in scope."
    worst = min(
        (f for f in report.compliance if f.gaps),
        key=lambda f: f.share_met if f.share_met is not None else 1.0,
        default=None,
    )
    lead = (
        f"Furthest from met is {worst.framework}: {worst.gaps[0].rstrip('.')}. "
        if worst
        else "No framework shows a gap in the controls our metrics evidence. "
    )
    return (
        f"{lead}{compliance_basis(report)} Every control, with the cells that evidence it, is "
        "in the workbook's Compliance sheet."
    )


@sentence
def _method(report: BoardReport) -> str:
    text = (
        f"Built from {count(len(report.observations), 'measurement', 'measurements')} over "
        f"{count(len(report.periods), 'quarter', 'quarters')}. A rating is the control gap (how far controls "
        "fall short of target) times the impact (the unit, its data, its regulations). Money "
        "is FAIR-style Monte Carlo ranges, not forecasts; compliance is indicator-based, not "
        "an audit opinion."
    )
    if report.assumptions:
        text += " Assumptions: " + " ".join(a.rstrip(".") + "." for a in report.assumptions)
    return text
