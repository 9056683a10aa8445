"""Data read but not used is said beside the board figures, in every view and export."""

import io

from pptx import Presentation

from reporting.context import BusinessContext
from reporting.export.deck import build_deck
from reporting.export.memo import memo_markdown
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
        "first was used and 1 file could not be read."
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
