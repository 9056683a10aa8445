"""Board words: money, chances, quarter and risk names, said the same on every view."""

import pytest

from reporting.board.words import chance, event_range, money, quarter_in_full, quarter_name


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (0, "USD", "$0"),
        (750, "USD", "$750"),
        (12_400, "EUR", "€12k"),
        (999_790, "USD", "$1.0M"),  # never "$1000k"
        (1_249_999, "GBP", "£1.2M"),
        (999_960_000, "USD", "$1.0bn"),
        (3_400_000, "CHF", "CHF 3.4M"),
        (-1_500_000, "USD", "-$1.5M"),
    ],
)
def test_money_reads_at_a_glance(amount, currency, text):
    assert money(amount, currency) == text


@pytest.mark.parametrize(
    ("probability", "text"),
    [
        (0.97, "near certain"),
        (0.6, "about 60% likely"),
        (0.25, "about a 1 in 4 chance"),
        (0.004, "less than a 1 in 100 chance"),
    ],
)
def test_chance_in_words(probability, text):
    assert chance(probability) == text


def test_a_quarter_has_one_name_with_the_calendar_said_once_where_it_helps():
    assert quarter_name("Q1 FY27", "2026-Q3") == "Q1 FY27"
    assert quarter_in_full("Q1 FY27", "2026-Q3") == "Q1 FY27 (calendar 2026-Q3)"
    # A calendar-only company never reads "2026-Q2 (2026-Q2)".
    assert quarter_name("2026-Q3", "2026-Q3") == quarter_in_full("2026-Q3", "2026-Q3") == "2026-Q3"
    assert quarter_name(None, "2026-Q3") == "2026-Q3"


def test_a_date_or_a_month_written_for_a_quarter_is_no_name_for_it():
    from reporting.quarters import labels_counted

    written = [
        ("2026-Q2", "2026-06-30", 5),  # a BI tool's date
        ("2026-Q1", "Mar 2026", 3),
        ("2026-Q3", "FY26 Q3", 2),
        ("2026-Q4", "Fourth quarter 2026", 1),
    ]
    assert labels_counted(written) == {
        "2026-Q2": "2026-Q2",
        "2026-Q1": "2026-Q1",
        "2026-Q3": "FY26 Q3",
        "2026-Q4": "Fourth quarter 2026",
    }


def test_one_event_range_is_said_one_way_with_the_annual_range_when_no_event_range():
    from reporting.report import Exposure

    event = Exposure(
        p10=0,
        p50=1e5,
        p90=2e6,
        mean=3e5,
        currency="USD",
        annual_probability=0.2,
        event_p10=375_000,
        event_p90=6_000_000,
    )
    assert event_range(event) == "$375k–$6.0M"
    annual = event.model_copy(update={"event_p10": None, "event_p90": None})
    assert event_range(annual) == "$0–$2.0M a year"
