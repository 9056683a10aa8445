"""Data read but not used is said beside the board figures, in every view and export."""

import io

from openpyxl import load_workbook
from pptx import Presentation

from reporting.board.words import CAVEATS_TITLE, doubted, rating_word
from reporting.context import BusinessContext, load_context
from reporting.export.deck import build_deck
from reporting.export.memo import memo_markdown
from reporting.export.xlsx import build_workbook
from reporting.translate import build_report
from reporting.translate.caveats import data_caveat

GAPS = (
    "Quarter,Metric,Value\n"
    "2026-Q3,MFA coverage,95\n"
    "2026-Q3,MFA coverage,91\n"  # given twice
    "2026-Q3,Coffee machine uptime,99\n"
    "2026-Q2,Coffee machine uptime,98\n"
    "2026-Q3,Critical vulns open,30\n"
)


def test_the_sentence_counts_what_was_left_out(read):
    result = read(("gaps.csv", GAPS), ("photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(40)))
    assert data_caveat(result, fiscal_start_known=True) == (
        "This rests on incomplete data: 1 label in the workbooks was not understood, so 2 "
        "values are not counted, 1 value was given twice with different figures and only the "
        "first was used and 1 file gave no value that could be used."
    )


def test_nothing_left_out_says_nothing(read):
    result = read(("ok.csv", "Quarter,Metric,Value\n2026-Q3,MFA coverage,95\n"))
    assert data_caveat(result, fiscal_start_known=True) is None


def test_fiscal_quarters_read_as_calendar_ones_are_a_caveat_until_the_start_is_known(read):
    result = read(("fy.csv", "Quarter,Metric,Value\nQ1 FY27,MFA coverage,95\n"))
    assert "read as calendar quarters" in data_caveat(result, fiscal_start_known=False)
    assert data_caveat(result, fiscal_start_known=True) is None


def test_the_caveat_reaches_the_summary_the_deck_and_the_memo(read):
    result = read(("gaps.csv", GAPS))
    report = build_report(result, BusinessContext(), trials=2000)
    summary = report.summary
    assert summary.headline.endswith("; not all data could be used.")
    assert "This rests on incomplete data: 1 label" in summary.answers.protected
    deck = Presentation(io.BytesIO(build_deck(report)))
    text = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "This rests on incomplete data" in text and "not all data could be used" in text
    assert "This rests on incomplete data" in memo_markdown(report)


# A long export whose second unit's rows were read as repeats of the first's (its unit
# column dropped), with a label nobody understands: every view must say so, and none may
# say that nothing needs deciding.
DROPPED = (
    "Quarter,Metric,Value\n"
    "2026-Q3,MFA coverage,99.5\n"
    "2026-Q3,MFA coverage,70\n"
    "2026-Q3,Patch compliance,97\n"
    "2026-Q3,Vulnerabilities overdue (crit),0\n"
    "2026-Q3,Vulnerabilities overdue (crit),45\n"
    "2026-Q3,Quantum readiness index,12\n"
)


def _everything(report) -> str:
    deck = Presentation(io.BytesIO(build_deck(report)))
    slides = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    book = load_workbook(io.BytesIO(build_workbook(report)))
    cells = " ".join(
        str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c
    )
    return "\n".join((slides, cells, memo_markdown(report)))


def test_a_report_with_values_left_out_carries_caveats_and_never_says_no_decision(read):
    context = load_context("risk_appetite: {default: high}\norganization: {annual_revenue: 1e8}")
    report = build_report(read(("dropped.csv", DROPPED)), context, trials=2000)
    kinds = {c.kind for c in report.caveats}
    assert "data" in kinds
    unmapped = next(c for c in report.caveats if "not understood" in c.text)
    assert any(
        line.startswith("Quantum readiness index: 1 value, dropped.csv") for line in unmapped.detail
    )
    twice = next(c for c in report.caveats if "given twice" in c.text)
    assert len(twice.detail) == 2
    everywhere = _everything(report)
    assert "No decision is needed" not in everywhere
    assert CAVEATS_TITLE in everywhere  # the deck's slide, the workbook's sheet, the memo's part
    if not report.outside_appetite:
        assert "on the figures we could use" in everywhere


def test_only_a_report_without_doubt_says_no_decision_is_needed():
    from tests.reporting.translate.conftest import obs, result_of

    context = load_context(
        "organization: {annual_revenue: 100000000}\nrisk_appetite: {default: high}\n"
        "business_units: []"
    )
    healthy = [
        obs(m, 100) for m in ("mfa_coverage_pct", "edr_coverage_pct", "patch_compliance_pct")
    ]
    report = build_report(result_of(*healthy), context, trials=500)
    assert not report.outside_appetite
    assert not [c for c in report.caveats if c.kind == "data"]
    # Everything within appetite, but on thin evidence: not "no decision is needed".
    assert doubted(report) and "No decision is needed" not in _everything(report)
    # The same figures resting on everything they need: then it may be said.
    sure = report.model_copy(update={"caveats": [c for c in report.caveats if c.kind == "context"]})
    assert "No decision is needed" in _everything(sure)


def test_a_risk_on_too_little_evidence_is_never_shown_as_low():
    from tests.reporting.translate.conftest import obs, result_of

    # One small driver of the supplier scenario, on target: too little to call it low.
    report = build_report(result_of(obs("mfa_coverage_pct", 100)), BusinessContext(), trials=500)
    thin = [r for r in report.risks if not r.enough_evidence]
    assert thin
    for risk in thin:
        if risk.rating == "low":
            assert rating_word(risk) == "Not enough evidence"
    evidence = next(c for c in report.caveats if c.kind == "evidence")
    assert set(evidence.risk_ids) >= {r.id for r in thin}
    assert "No decision is needed" not in _everything(report)


def test_missing_quarters_and_assumed_context_are_caveats(read):
    csv = "Quarter,Metric,Value\n2025-Q4,MFA coverage,95\n2026-Q3,MFA coverage,96\n"
    report = build_report(read(("gap.csv", csv)), BusinessContext(), trials=500)
    quarters = next(c for c in report.caveats if c.kind == "quarters")
    assert quarters.text.startswith("No data for 2026-Q1 and 2026-Q2")
    assert any(c.kind == "context" for c in report.caveats)


# A phishing-tool export, one campaign a row with start dates: read, but no metric table in
# it was understood. The pack rests on the other file alone and must say so by name.
CAMPAIGNS = (
    "Campaign Name,Start Date,Recipients,Delivered,Clicked,Reported,Phish-prone %\n"
    "Q1 Baseline - Invoice Overdue,2026-01-08,412,409,41,88,10.0%\n"
    "Teams Voicemail,2026-06-25,415,414,22,131,5.3%\n"
)


def test_a_file_read_without_a_usable_value_is_named_in_every_view(read):
    result = read(
        ("kpis.csv", "Quarter,Metric,Value\n2026-Q3,MFA coverage,95\n"),
        ("knowbe4_phishing.csv", CAMPAIGNS),
    )
    assert all(f.ok for f in result.files)  # it opened; nothing in it was used
    assert "1 file gave no value that could be used" in data_caveat(result, fiscal_start_known=True)
    report = build_report(result, BusinessContext(), trials=500)
    (unused,) = [c for c in report.caveats if "gave no value" in c.text]
    assert unused.detail[0].startswith("knowbe4_phishing.csv")
    assert "1 file gave no value that could be used" in memo_markdown(report)
    sheets = load_workbook(io.BytesIO(build_workbook(report)))
    caveats = " ".join(str(c.value) for row in sheets["Caveats"].iter_rows() for c in row)
    assert "knowbe4_phishing.csv" in caveats


def test_thin_evidence_counts_the_boards_risks_apart_from_their_units():
    from reporting.translate.caveats import thin_evidence

    assert thin_evidence(3, 8, 120) == (
        "3 of 8 risks rest on too little evidence to call low (as do 120 assessments by "
        "business unit): the metrics reported carry less than half of what drives them."
    )
    assert thin_evidence(1, 8, 0).startswith("1 of 8 risks rests on too little evidence")
    assert thin_evidence(0, 8, 5).startswith(
        "5 assessments by business unit rest on too little evidence to call low:"
    )
