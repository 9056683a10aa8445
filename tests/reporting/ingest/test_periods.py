import datetime as dt

import pytest

from reporting.ingest.periods import (
    fiscal_to_calendar,
    parse_period,
    period_from_date,
)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2026-Q3", "2026-Q3"),
        ("Q3 2026", "2026-Q3"),
        ("Q3-26", "2026-Q3"),
        ("2026 Q3", "2026-Q3"),
        ("2026Q3", "2026-Q3"),
        ("q3 '26", "2026-Q3"),
        ("3Q26", "2026-Q3"),
        ("Sep 2026", "2026-Q3"),
        ("September 2026", "2026-Q3"),
        ("Sep-26", "2026-Q3"),
        ("2026-09", "2026-Q3"),
        ("2026-09-30", "2026-Q3"),
        ("30/09/2026", "2026-Q3"),
        ("12/31/2025", "2025-Q4"),
        ("Security KPIs - Q1 2026", "2026-Q1"),
        ("metrics_2026_Q2.xlsx", "2026-Q2"),
    ],
)
def test_calendar_forms_become_yyyy_qn(label, expected):
    assert parse_period(label) == expected


@pytest.mark.parametrize(
    ("label", "start", "expected"),
    [
        ("Q1 FY27", 7, "2026-Q3"),  # July-September 2026
        ("Q3 FY26", 7, "2026-Q1"),
        ("FY26 Q2", 7, "2025-Q4"),
        ("Q4 FY2026", 7, "2026-Q2"),
        ("Q3 FY26", 1, "2026-Q3"),  # calendar fiscal year
        ("Q1 FY27", 10, "2026-Q4"),  # US federal style: FY27 starts October 2026
        ("Q1 FY27", 4, "2026-Q2"),  # UK style: April start
    ],
)
def test_fiscal_quarters_use_the_fiscal_year_start(label, start, expected):
    assert parse_period(label, start) == expected


def test_a_fiscal_quarter_straddling_calendar_quarters_lands_on_its_last_month():
    # February start: Q1 FY26 is Feb-Apr 2025, ending in the second calendar quarter.
    assert fiscal_to_calendar(2026, 1, 2) == "2025-Q2"


@pytest.mark.parametrize(
    "label", ["", "Notes", "H1 2026", "FY2026", "Target", "Metric", "13/13/2026"]
)
def test_text_that_names_no_quarter_is_none(label):
    assert parse_period(label) is None


def test_dates_become_calendar_quarters():
    assert period_from_date(dt.date(2026, 3, 31)) == "2026-Q1"
    assert period_from_date(dt.datetime(2026, 10, 1, 12)) == "2026-Q4"
