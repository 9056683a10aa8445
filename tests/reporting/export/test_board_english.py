"""The pack speaks board English: every generated sentence agrees with its numbers, names
one accountable owner, and reads right for one thing, several, none, no owner named and
several owners named; nothing is left for the reader to resolve ('(s)', 'is needs').

Every function that builds board sentences is marked `@sentence` (`words.SENTENCES`) and
has a renderer below; a new one fails `test_every_sentence_function_is_rendered` until it
is added here."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook
from pptx import Presentation

import reporting.compare
import reporting.export.deck.slides.decisions
import reporting.export.deck.slides.movers
import reporting.export.deck.slides.risks
import reporting.export.memo
import reporting.translate.caveats
import reporting.translate.losses
import reporting.translate.options
import reporting.translate.risks
import reporting.translate.summary
import reporting.translate.wording
from reporting.board import words
from reporting.board.words import SENTENCES, count
from reporting.catalog import load_catalog
from reporting.catalog.scenarios import load_scenarios
from reporting.context import BusinessContext, load_context
from reporting.export.deck import build_deck
from reporting.export.deck import notes as speaker
from reporting.export.deck.canvas import Notes
from reporting.export.memo import memo_markdown
from reporting.export.xlsx import build_workbook
from reporting.ingest import InputFile, ingest
from reporting.observations import IngestResult
from reporting.report import BoardReport, Driver, MetricStatus
from reporting.translate import build_report
from tests.conftest import SAMPLE

# --- what a board member would stop at ------------------------------------------------------

# The plural nouns the pack counts, as one pattern ('1 risks', '1 audit findings').
PLURAL_NOUNS = (
    "risks|decisions|findings|accounts|systems|incidents|applications|exceptions|flaws|"
    "misconfigurations|passwords|keys|tokens|measures|measurements|metrics|options|labels|"
    "values|files|controls|quarters|units|events|recommendations|things|years|days|hours"
)
FORBIDDEN: dict[str, re.Pattern] = {
    "a plural left to the reader": re.compile(r"\(s\)"),
    "a posture that is no adjective": re.compile(r" is needs\b"),
    "a chance wrapped wrong": re.compile(r"\blikely of\b|\bchance likely\b"),
    "a word doubled": re.compile(r"\b([a-z]+) \1\b", re.IGNORECASE),
    "several owners bringing it": re.compile(
        r"\band\b[^.;:]*\band (?:the )?[A-Z][\w-]*(?: [\w-]+)*? brings?\b"
    ),
    "a plural after one": re.compile(
        r"(?<![\d.,$£€¥])\b1 (?:[a-z-]+ ){0,2}?(?:[a-z-]+ies|" + PLURAL_NOUNS + r")\b"
    ),
    "a missing value": re.compile(r"\bNone\b|\bnan\b|\bNaN\b"),
    "a double space": re.compile(r"\S  +\S"),
    "a space before a stop or comma": re.compile(r" [.,](?!\d)"),
}


def faults(text: str) -> list[str]:
    """Each forbidden fragment in `text`, with what it is and where."""
    found = []
    for what, pattern in FORBIDDEN.items():
        for m in pattern.finditer(text):
            found.append(f"{what}: …{text[max(0, m.start() - 50) : m.end() + 30]}…")
    return found


def assert_board_english(texts: Iterable[str], where: str = "") -> None:
    found = [f for text in texts for f in faults(text)]
    assert not found, f"{where}\n" + "\n".join(dict.fromkeys(found))


@pytest.mark.parametrize(
    "bad",
    [
        "2 risk(s) outside appetite",
        "Our security posture is needs attention.",
        "with about 61% likely of at least one",
        "Set a date by which the the CISO brings it",
        "Head of Payments and Chief Digital Officer and CIO bring it within appetite",
        "1 critical vulnerabilities open",
        "1 risks",
        "1 decisions",
        "Owner: None.",
        "a rate of nan",
        "two  spaces",
        "a stop .",
    ],
)
def test_the_check_catches_what_the_board_would_stop_at(bad):
    assert faults(bad)


@pytest.mark.parametrize(
    "good",
    [
        "1 risk is outside appetite; 3 of 7 risks are.",
        "In 1 year in 10 losses exceed $2.4M (1 in 10 events would cost more).",
        "1 of 20 security measurements meets its target.",
        "Raise devices protected by endpoint detection and response from 81% to 98% and "
        "bring open findings down from 6 to 0, or set a date by which the CISO brings it back.",
        "Set a date by which the Head of Payments, with the CIO, brings it within appetite.",
        "$1.2M, 1,204 values, 0.5 days",
    ],
)
def test_the_check_passes_board_english(good):
    assert not faults(good)


def test_numbers_agree_with_their_words():
    assert count(1, "risk", "risks") == "1 risk"
    assert count(3, "risk", "risks") == "3 risks"
    assert count(1204, "value", "values") == "1,204 values"
    assert words.count_of(1, 7, "risk", "risks", "is", "are") == "1 of 7 risks is"
    assert words.listed(["A", "B", "C"]) == "A, B and C"


SEVERAL = "Head of Payments and Chief Digital Officer and CIO"


@pytest.mark.parametrize(
    ("owner", "said"),
    [
        ("CFO", "the CFO brings it"),
        ("Jane Smith", "Jane Smith brings it"),
        ("", "the CISO brings it"),
        (None, "the CISO brings it"),
        (SEVERAL, "the Head of Payments, with the Chief Digital Officer and the CIO, brings it"),
        ("CFO/CIO", "the CFO, with the CIO, brings it"),
        (["CFO", "CIO"], "the CFO, with the CIO, brings it"),
        ("Head of Risk and Compliance", "the Head of Risk and Compliance brings it"),
    ],
)
def test_one_owner_is_accountable_and_the_others_are_with_them(owner, said):
    assert words.owner_does(owner, "brings it") == said


@pytest.mark.parametrize(
    ("probability", "said"),
    [
        (0.54, "An event is about 54% likely in a year."),
        (0.14, "There is about a 1 in 7 chance of an event in a year."),
        (0.97, "An event is near certain in a year."),
    ],
)
def test_a_chance_reads_right_in_either_form(probability, said):
    assert words.chance_sentence(probability, "an event") == said


def test_a_count_of_one_is_said_in_the_singular_for_every_catalog_metric():
    for metric in load_catalog():
        if metric.unit == "count" and metric.phrase:
            assert metric.phrase_one, f"{metric.id} has no phrase_one"
            assert not faults(metric.describe(1)), metric.describe(1)
            assert metric.describe(1).startswith("1 ")


# --- the cases every sentence function is rendered for --------------------------------------

TRIALS = 2000


AS_GIVEN = object()  # the sample context's own owners


def _context(owner) -> BusinessContext:
    """The sample's context with every scenario and unit owned by `owner` ('' or None: no
    owner named), or as given."""
    context = load_context((SAMPLE / "context.yaml").read_bytes())
    if owner is AS_GIVEN:
        return context
    units = [u.model_copy(update={"owner": owner or None}) for u in context.business_units]
    owners = {s.id: owner for s in load_scenarios().scenarios} if owner else {}
    return context.model_copy(update={"business_units": units, "owners": owners})


def _built(sample_result, owner) -> BoardReport:
    report = build_report(sample_result, _context(owner), trials=TRIALS)
    outcomes = {
        d.risk_id: (status, note, None)
        for d, (status, note) in zip(
            report.summary.decisions,
            [("done", None), ("approved", "funded in March."), ("deferred", None)],
            strict=False,
        )
    }
    found = reporting.compare.follow_ups(report, outcomes, report)
    return report.model_copy(
        update={"follow_ups": found, "follow_ups_from": "The Q4 pack, published 1 May 2026"}
    )


def _one_of_each(report: BoardReport) -> BoardReport:
    """The report cut down to one of everything: one risk (outside appetite), one unit risk,
    one decision and its one option, one framework, one mover, one follow-up."""
    from reporting.translate.summary import headline_sentence, top_risks_answer

    risk = report.outside_appetite[0].model_copy(update={"rank": 1})
    units = [r for r in report.unit_risks if r.scenario == risk.scenario][:1]
    decision = next(d for d in report.summary.decisions if d.risk_id == risk.id)
    decision = decision.model_copy(
        update={
            "risk_ids": [risk.id, *(u.id for u in units)],
            "alternatives": decision.alternatives[:1],
        }
    )
    budget = report.budget
    option = next(o for o in budget.options if o.name == decision.recommendation)
    option = option.model_copy(update={"effects": option.effects[:1]})
    portfolio = budget.portfolio.model_copy(update={"chosen": [option.name]})
    budget = budget.model_copy(update={"options": [option], "portfolio": portfolio})
    summary = report.summary
    summary = summary.model_copy(
        update={
            "decisions": [decision],
            "headline": headline_sentence(summary.posture, summary.direction, 1, doubted=False),
            "answers": summary.answers.model_copy(update={"top_risks": top_risks_answer([risk])}),
            "improvements": summary.improvements[:1],
            "deteriorations": summary.deteriorations[:1],
        }
    )
    change = report.change
    change = change.model_copy(
        update={
            "movers": [next(m for m in change.movers if m.worse)],
            "by_metric": change.by_metric[:1],
            "by_scenario": change.by_scenario[:1],
            "metrics_left_out": 1,
        }
    )
    follow_ups = [f for f in report.follow_ups if f.risk_id == risk.id]
    follow_ups = [f.model_copy(update={"progress": f.progress[:1]}) for f in follow_ups]
    return report.model_copy(
        update={
            "risks": [risk],
            "unit_risks": units,
            "summary": summary,
            "budget": budget,
            "change": change,
            "compliance": report.compliance[:1],
            "assumptions": report.assumptions[:1],
            "follow_ups": follow_ups or report.follow_ups[:1],
        }
    )


def _nothing_outside(report: BoardReport) -> BoardReport:
    risks = [r.model_copy(update={"within_appetite": True}) for r in report.risks]
    summary = report.summary.model_copy(update={"decisions": []})
    return report.model_copy(update={"risks": risks, "summary": summary, "follow_ups": []})


GAPS_ONE = (
    "Quarter,Metric,Value\n"
    "2026-Q3,MFA coverage,95\n"
    "2026-Q3,MFA coverage,91\n"
    "2026-Q3,Coffee machine uptime,99\n"
    "2026-Q3,Critical vulns open,1\n"
)
GAPS_MANY = (
    "Quarter,Metric,Value,Business unit\n"
    "2026-Q3,MFA coverage,95,\n"
    "2026-Q3,MFA coverage,91,\n"
    "2026-Q3,Critical vulns open,30,\n"
    "2026-Q3,Critical vulns open,31,\n"
    "2026-Q3,Coffee machine uptime,99,\n"
    "2026-Q2,Coffee machine uptime,98,\n"
    "2026-Q3,Canteen rating,4,\n"
    "2025-Q4,Patch compliance,80,Retail\n"
    "2026-Q3,Patch compliance,90,Retail\n"
    "2026-Q3,EDR coverage,70,Wholesale\n"
)
BROKEN = b"\x89PNG\r\n\x1a\n" + bytes(40)


@dataclass(frozen=True)
class Case:
    """One way the inputs may come: `n` things, `owner` as the context names them, the
    report built from them, and an ingest of data with `n` of each gap."""

    name: str
    n: int
    owner: str | None
    report: BoardReport
    gaps: IngestResult

    @property
    def risk(self):
        return self.report.risks[0]


@pytest.fixture(scope="module")
def cases(sample_result) -> dict[str, Case]:
    plural = _built(sample_result, AS_GIVEN)
    gaps_one = ingest([InputFile("gaps.csv", GAPS_ONE.encode()), InputFile("photo.csv", BROKEN)])
    gaps_many = ingest(
        [
            InputFile("gaps.csv", GAPS_MANY.encode()),
            InputFile("photo.csv", BROKEN),
            InputFile("scan.csv", BROKEN),
        ]
    )
    return {
        "singular": Case("singular", 1, "CFO", _one_of_each(plural), gaps_one),
        "plural": Case("plural", 3, None, plural, gaps_many),
        "missing owner": Case("missing owner", 3, "", _built(sample_result, ""), gaps_many),
        "several owners": Case(
            "several owners", 3, SEVERAL, _built(sample_result, SEVERAL), gaps_many
        ),
    }


CASES = ("singular", "plural", "missing owner", "several owners")


def _said(value) -> list[str]:
    """Every text in what a sentence function returned."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Notes):
        return [*value.say, *(t for qa in value.asks for t in qa), value.reference]
    if hasattr(value, "model_dump"):
        return _said(value.model_dump(mode="json"))
    if isinstance(value, dict):
        return [t for v in value.values() for t in _said(v)]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _said(v)]
    return []


def _metric(status: str, name: str = "MFA coverage") -> MetricStatus:
    return MetricStatus.model_construct(
        metric_id="mfa_coverage_pct", name=name, status=status, movement="new", value=1.0
    )


def _driver(name: str, value: float, target: float, status: str = "red") -> Driver:
    return Driver.model_construct(
        metric_id="x", name=name, business_unit=None, value=value, unit="count",
        target=target, status=status, previous=None, weight=1.0, weakness=0.5, evidence="",
    )  # fmt: skip


DRIVER_NAMES = (
    "Open audit findings",
    "Expired risk exceptions",
    "MFA coverage",
    "Dormant accounts",
)


def _drivers(c: Case) -> list[Driver]:
    """`n` drivers off target (one below its target) and, for several, one on target."""
    off = [_driver(name, 4 + i, 0) for i, name in enumerate(DRIVER_NAMES[: c.n])]
    if c.n > 1:
        off[-1] = _driver(DRIVER_NAMES[c.n - 1], 90, 98)
        off.append(_driver("Unmanaged admin accounts", 0, 0, "green"))
    return off


def _statement(c: Case, chance: float) -> str:
    wording = reporting.translate.wording
    return wording.statement(
        what_could_happen="Criminals lock up the computer systems of the company.",
        likelihood=4,
        impact=5,
        rating="critical",
        chance=chance,
        event_p10=75_000,
        event_p90=1_500_000,
        bad_year=2_400_000,
        currency="USD",
        evidence_lines=[
            load_catalog()["audit_findings_overdue"].describe(n) for n in range(1, c.n + 1)
        ],
        response=_response(c, False, False),
    )


def _response(c: Case, within: bool, tolerance: bool) -> str:
    wording = reporting.translate.wording
    return wording.response(
        within_appetite=within,
        appetite="moderate",
        remedy=wording.remedy(_drivers(c)),
        owner=c.owner,
        over_tolerance=tolerance,
    )


def _notes(fn: Callable, *args) -> Callable[[Case], list]:
    return lambda c: fn(c.report, *args)


def _paged(fn: Callable) -> Callable[[Case], list]:
    return lambda c: [fn(c.report, 1, 1), fn(c.report, 1, 2)]


def _all_postures(fn: Callable) -> list[str]:
    return [fn(p, d) for p in words.POSTURES for d in ("improving", "worsening", "stable", "new")]


def _follow_ups(c: Case) -> list:
    report = c.report
    out = []
    for status in ("open", "approved", "accepted", "deferred", "done"):
        outcomes = {d.risk_id: (status, "On track.", None) for d in report.summary.decisions}
        out += reporting.compare.follow_ups(report, outcomes, report)
    return out


def _decisions(c: Case) -> list:
    summary = reporting.translate.summary
    r = c.report
    return [
        summary.decisions(r.risks, r.unit_risks, r.budget, dt.date(2026, 12, 31)),
        summary.decisions(r.risks, r.unit_risks, None, None),  # no option: decide how
    ]


def _with_owner(report: BoardReport, owner: str | None) -> BoardReport:
    """The report with every risk and decision owned by `owner` (None: as built)."""
    if owner is None:
        return report
    risks = [r.model_copy(update={"owner": owner}) for r in report.risks]
    decisions = [d.model_copy(update={"owner": owner}) for d in report.summary.decisions]
    summary = report.summary.model_copy(update={"decisions": decisions})
    return report.model_copy(update={"risks": risks, "summary": summary})


def _ask_lines(c: Case) -> list[str]:
    """What the board is asked of each risk: with an option, without one (decide how), and
    for a risk outside appetite with no decision, or within it."""
    r = _with_owner(c.report, c.owner)
    bare = r.model_copy(update={"budget": None})
    no_remedy = bare.model_copy(
        update={"risks": [x.model_copy(update={"remedy": ""}) for x in bare.risks]}
    )
    undecided = r.model_copy(update={"summary": r.summary.model_copy(update={"decisions": []})})
    inside = [x.model_copy(update={"within_appetite": True}) for x in undecided.risks]
    return [
        words.ask_line(report, risk)
        for report in (r, bare, no_remedy, undecided)
        for risk in report.risks
    ] + [words.ask_line(undecided, risk) for risk in inside]


def _risk_notes(c: Case) -> list:
    fn = reporting.export.deck.slides.risks._risk_notes
    r = _with_owner(c.report, c.owner)
    return [fn(r, risk) for risk in r.risks] + [
        fn(r, risk.model_copy(update={"within_appetite": True})) for risk in r.risks
    ]


def _memo_paragraphs(c: Case) -> list[str]:
    fn = reporting.export.memo._risk_paragraph
    risks = _with_owner(c.report, c.owner).risks
    return [fn(r.model_copy(update={"trend": t})) for r in risks for t in ("new", "stable")]


_SUMMARY = reporting.translate.summary
_WORDING = reporting.translate.wording
_CAVEATS = reporting.translate.caveats
_DECISIONS = reporting.export.deck.slides.decisions

#: Each sentence function, and how it is rendered for a case: its name in `SENTENCES`.
RENDERERS: dict[str, Callable[[Case], object]] = {
    # reporting.board.words
    "reporting.board.words.chance_sentence": lambda c: [
        words.chance_sentence(p, event)
        for p in (0.97, 0.54, 0.14, 0.004)
        for event in ("an event", "at least one such event")
    ],
    "reporting.board.words.posture_change": lambda c: [
        words.posture_change(a, b) for a in words.POSTURES for b in words.POSTURES if a != b
    ],
    "reporting.board.words.caveat_lead": lambda c: words.caveat_lead(c.report),
    "reporting.board.words.portfolio_sentence": lambda c: words.portfolio_sentence(c.report),
    "reporting.board.words.no_decision": lambda c: words.no_decision(c.report),
    "reporting.board.words.risk_points": lambda c: [
        words.risk_points(c.report, r) for r in c.report.risks
    ],
    "reporting.board.words.ask_line": _ask_lines,
    # reporting.translate.wording
    "reporting.translate.wording.evidence": lambda c: [
        _WORDING.evidence(m, v, 0, p, u, mv)
        for m in load_catalog()
        for v, p, mv in ((1, 2, "improving"), (c.n, c.n, "stable"), (c.n, None, "new"))
        for u in (None, "Card Payments")
    ],
    "reporting.translate.wording.statement": lambda c: [
        _statement(c, p) for p in (0.97, 0.54, 0.14, 0.004)
    ],
    "reporting.translate.wording.remedy": lambda c: [
        _WORDING.remedy(_drivers(c)),
        _WORDING.remedy(_drivers(c), limit=1),
        _WORDING.remedy([]),
    ],
    "reporting.translate.wording.response": lambda c: (
        [_response(c, within, tolerance) for within in (True, False) for tolerance in (True, False)]
        + [
            _WORDING.response(
                within_appetite=True,
                appetite="low",
                remedy=_WORDING.ON_TARGET,
                owner=c.owner,
                over_tolerance=False,
            )
        ]
    ),
    # reporting.translate.summary
    "reporting.translate.summary.decisions": _decisions,
    "reporting.translate.summary.recommend": lambda c: [
        _SUMMARY.recommend(o, c.risk, "USD") for o in c.report.budget.options
    ],
    "reporting.translate.summary.alternative": lambda c: [
        _SUMMARY.alternative(o, c.risk, "USD") for o in c.report.budget.options
    ],
    "reporting.translate.summary.top_risks_answer": lambda c: [
        _SUMMARY.top_risks_answer(c.report.risks[: c.n]),
        _SUMMARY.top_risks_answer([]),
    ],
    "reporting.translate.summary.headline_sentence": lambda c: [
        _SUMMARY.headline_sentence(p, d, n, doubted=doubted)
        for p in words.POSTURES
        for d in ("improving", "worsening", "stable", "new")
        for n in (0, c.n)
        for doubted in (True, False)
    ],
    "reporting.translate.summary.protected_answer": lambda c: (
        [
            _SUMMARY.protected_answer(
                p,
                [_metric("green"), _metric("red"), *[_metric("amber")] * (c.n - 1)],
                c.report.risks[: c.n],
            )
            for p in words.POSTURES
        ]
        + [
            _SUMMARY.protected_answer("weak", [_metric("red")] * c.n, []),
            _SUMMARY.protected_answer("weak", [], c.report.risks),
        ]
    ),
    "reporting.translate.summary._obligations": lambda c: c.report.summary.answers.obligations,
    "reporting.translate.summary._materiality": lambda c: c.report.summary.answers.material_impact,
    # reporting.compare
    "reporting.compare.changes_since": lambda c: reporting.compare.changes_since(
        c.report.model_copy(
            update={"summary": c.report.summary.model_copy(update={"posture": "strong"})}
        ),
        c.report,
    ),
    "reporting.compare.follow_ups": _follow_ups,
    # reporting.translate.caveats, losses, options, risks
    "reporting.translate.caveats.data_caveat": lambda c: [
        _CAVEATS.data_caveat(c.gaps, fiscal_start_known=known) for known in (True, False)
    ],
    "reporting.translate.caveats.caveats": lambda c: (
        build_report(c.gaps, BusinessContext(), trials=TRIALS).caveats + c.report.caveats
    ),
    "reporting.translate.caveats.thin_evidence": lambda c: [
        _CAVEATS.thin_evidence(risks, of, units)
        for risks, of, units in ((c.n, 8, 0), (c.n, 8, c.n * 5), (0, 8, c.n), (1, 1, 1))
    ],
    "reporting.translate.caveats._context_defaults": lambda c: [
        _CAVEATS._context_defaults(BusinessContext(), given, c.gaps) for given in (True, False)
    ],
    "reporting.translate.losses.materiality": lambda c: c.report.materiality,
    "reporting.translate.losses.benchmark": lambda c: [r.benchmark for r in c.report.risks],
    "reporting.translate.options.unpriced_note": lambda c: (
        reporting.translate.options.unpriced_note(["Option A", "Option B", "Option C"][: c.n], c.n)
    ),
    "reporting.translate.options.unknown_units": lambda c: (
        reporting.translate.options.unknown_units(
            BusinessContext.model_validate(
                {
                    "initiatives": [
                        {
                            "name": "Harden the tills",
                            "effect": [
                                {"metric": "mfa_coverage_pct", "to": 99, "business_unit": u}
                                for u in ("Retail", "Wholesale", "Online")[: c.n]
                            ],
                        }
                    ]
                }
            ),
            set(),
        )
    ),
    "reporting.translate.risks.unowned_note": lambda c: reporting.translate.risks.unowned_note(
        c.report.risks[: c.n], BusinessContext()
    ),
    # the memo
    "reporting.export.memo._decisions_lead": lambda c: [
        reporting.export.memo._decisions_lead(n) for n in (1, c.n)
    ],
    "reporting.export.memo._risk_paragraph": _memo_paragraphs,
    "reporting.export.memo._compliance": lambda c: reporting.export.memo._compliance(c.report),
    "reporting.export.memo._method": lambda c: reporting.export.memo._method(c.report),
    # the deck's speaker notes
    "reporting.export.deck.notes._first_ask": lambda c: [
        speaker._first_ask(c.report),
        speaker._first_ask(_nothing_outside(c.report)),
    ],
    "reporting.export.deck.notes._outside_sentence": lambda c: [
        speaker._outside_sentence(c.report),
        speaker._outside_sentence(_nothing_outside(c.report)),
    ],
    "reporting.export.deck.notes._owners_sentence": lambda c: speaker._owners_sentence(
        _with_owner(c.report, c.owner)
    ),
    "reporting.export.deck.notes.title": _notes(speaker.title),
    "reporting.export.deck.notes.summary": lambda c: [
        speaker.summary(
            c.report.model_copy(
                update={
                    "summary": c.report.summary.model_copy(update={"posture": p, "direction": d})
                }
            )
        )
        for p in words.POSTURES
        for d in ("improving", "worsening", "stable", "new")
    ],
    "reporting.export.deck.notes.top_risks": _paged(speaker.top_risks),
    "reporting.export.deck.notes.heatmap": _notes(speaker.heatmap),
    "reporting.export.deck.notes.change": _notes(speaker.change),
    "reporting.export.deck.notes.losses": _notes(speaker.losses),
    "reporting.export.deck.notes.materiality": _notes(speaker.materiality),
    "reporting.export.deck.notes.compliance": _notes(speaker.compliance),
    "reporting.export.deck.notes.trends": _paged(speaker.trends),
    "reporting.export.deck.notes.budget": _notes(speaker.budget),
    "reporting.export.deck.notes.caveats": _notes(speaker.caveats),
    "reporting.export.deck.notes.follow_ups": _notes(speaker.follow_ups),
    "reporting.export.deck.notes.appendix": lambda c: speaker.appendix(
        c.report, "every metric", 1, 2
    ),
    "reporting.export.deck.slides.decisions._cost_sentence": lambda c: [
        _DECISIONS._cost_sentence(chosen, costed, "$120k", "$30k")
        for chosen in (0, 1, c.n)
        for costed in range(chosen + 1)
    ],
    "reporting.export.deck.slides.decisions._notes": lambda c: _DECISIONS._notes(
        c.report,
        c.report.summary.decisions,
        {o.name: o for o in c.report.budget.options},
        1,
        1,
    ),
    "reporting.export.deck.slides.movers._notes": lambda c: [
        reporting.export.deck.slides.movers._notes(
            c.report, c.report.change.movers, "Q4 FY26", worse, better
        )
        for worse, better in ((1, 0), (0, 1), (c.n, c.n))
    ],
    "reporting.export.deck.slides.risks._risk_notes": _risk_notes,
}


def test_every_sentence_function_is_rendered():
    assert set(SENTENCES) == set(RENDERERS), (
        "A function marked @sentence needs a renderer here (or a renderer names a function "
        f"no longer marked): {sorted(set(SENTENCES) ^ set(RENDERERS))}"
    )


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_every_sentence_reads_as_board_english(cases, case, name):
    texts = [t for t in _said(RENDERERS[name](cases[case])) if t]
    assert texts, f"{name} said nothing for {case}"
    assert_board_english(texts, f"{name} ({case})")


def test_several_owners_name_one_accountable_owner(cases):
    several = cases["several owners"].report
    said = " ".join(r.response for r in several.risks)
    assert "the Head of Payments, with the Chief Digital Officer and the CIO, brings it" in said
    assert "Head of Payments and Chief Digital Officer" not in said
    missing = cases["missing owner"].report
    assert all(r.owner == words.DEFAULT_OWNER for r in missing.risks)
    assert "by which the CISO brings it back" in " ".join(r.response for r in missing.risks)


# --- the whole pack --------------------------------------------------------------------------


def pack_text(report: BoardReport) -> list[str]:
    """Every text a reader meets: the deck (text, tables and notes), the workbook's cells,
    the memo and the report JSON's texts (not the observations read from the files)."""
    deck = Presentation(io.BytesIO(build_deck(report)))
    out = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            elif shape.has_table:
                out += [cell.text for row in shape.table.rows for cell in row.cells]
        out.append(slide.notes_slide.notes_text_frame.text)
    book = load_workbook(io.BytesIO(build_workbook(report)))
    out += [
        str(c)
        for sheet in book
        if sheet.title != "Data"
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if c
    ]
    out.append(memo_markdown(report))
    data = json.loads(report.model_dump_json(exclude={"observations", "unmapped", "warnings"}))
    out += _said(data)
    return out


def test_the_sample_pack_leaves_nothing_for_the_reader(sample_report):
    assert_board_english(pack_text(sample_report), "the sample pack")


@pytest.mark.parametrize("case", CASES)
def test_the_pack_reads_as_board_english_in_every_case(cases, case):
    report = cases[case].report
    assert_board_english(pack_text(report), case)
    assert_board_english(pack_text(_nothing_outside(report)), f"{case}, nothing outside")


def test_a_pack_with_gaps_in_its_data_reads_as_board_english(cases):
    for case in ("singular", "plural"):
        report = build_report(cases[case].gaps, BusinessContext(), trials=TRIALS)
        assert_board_english(pack_text(report), f"gaps, {case}")
