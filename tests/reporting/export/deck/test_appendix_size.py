"""A company of many business units gets a summarised appendix, not dozens of pages."""

import pytest

from reporting.export.deck import build_deck
from reporting.export.deck.slides.appendix import APPENDIX_ROWS
from tests.companies import many_units_report
from tests.reporting.export.deck.reading import reopen, title_of


@pytest.fixture(scope="module")
def big():
    _, _, report = many_units_report(units=24)
    assert len(report.metrics) > APPENDIX_ROWS and len(report.unit_risks) > APPENDIX_ROWS
    return report


def _table(slide) -> list[list[str]]:
    shape = next(s for s in slide.shapes if s.has_table)
    return [[cell.text for cell in row.cells] for row in shape.table.rows]


def test_many_units_summarise_the_appendix_by_risk_and_by_measure(big):
    deck = reopen(build_deck(big))
    appendix = [s for s in deck.slides if title_of(s).startswith("Appendix")]
    titles = [title_of(s) for s in appendix]
    assert titles == [
        "Appendix: risks across 24 business units (every unit: the workbook)",
        "Appendix: metrics across 24 business units (every unit: the workbook)",
    ]
    risks, metrics = (_table(s) for s in appendix)
    # A row per risk of the register, counting its units by rating and appetite.
    assert len(risks) - 1 == len({r.scenario for r in big.unit_risks})
    for row in risks[1:]:
        rank = int(row[0].split(".")[0])
        units = [r for r in big.unit_risks if r.scenario == big.risks[rank - 1].scenario]
        assert row[1] == str(len(units))
        assert row[2] == str(sum(not r.within_appetite for r in units))
        counted = sum(int(part.split()[0]) for part in row[3].split(", "))
        assert counted == len(units), row
    # A row per measure, its units split by status.
    assert len(metrics) - 1 == len({m.metric_id for m in big.metrics})
    for row in metrics[1:]:
        found = [m for m in big.metrics if m.name == row[0]]
        assert int(row[1]) == len(found) == sum(int(n) for n in row[2:5])
    notes = appendix[1].notes_slide.notes_text_frame.text
    assert "Metrics sheet" in notes and "source cell" in notes


def test_a_small_company_keeps_every_row_in_the_appendix(report):
    deck = reopen(build_deck(report))
    titles = [title_of(s) for s in deck.slides if title_of(s).startswith("Appendix")]
    assert any(t.startswith("Appendix: metrics for") for t in titles)
    assert any(t.startswith("Appendix: risks by business unit") for t in titles)
