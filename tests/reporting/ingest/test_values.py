import math

import pytest

from reporting.ingest.values import check_range, parse_target, parse_value, scale_fractions


@pytest.mark.parametrize(
    ("raw", "number", "percent"),
    [
        (87, 87.0, False),
        (0.87, 0.87, False),
        ("87%", 87.0, True),
        ("87 %", 87.0, True),
        ("1,234", 1234.0, False),
        ("1 234", 1234.0, False),
        ("12.5", 12.5, False),
        ("87,5", 87.5, False),
        ("1.234,5", 1234.5, False),
        ("12 days", 12.0, False),
        ("36h", 36.0, False),
        ("-3", -3.0, False),
    ],
)
def test_numbers_in_their_usual_written_forms(raw, number, percent):
    value = parse_value(raw)
    assert value.error is None and not value.missing
    assert value.number == pytest.approx(number)
    assert value.percent_sign is percent


@pytest.mark.parametrize(
    "raw", [None, "", "N/A", "n/a", "-", "—", "NA", "tbd", "  ", "not measured"]
)
def test_not_available_markers_are_missing_never_zero(raw):
    value = parse_value(raw)
    assert value.missing and value.number is None


def test_decimal_comma_files_read_thousands_dots():
    assert parse_value("1.234", decimal_comma=True).number == 1234
    assert parse_value("87,5", decimal_comma=True).number == 87.5


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (math.nan, "not a finite number"),
        (math.inf, "not a finite number"),
        ("inf", "not a finite number"),
        ("about ninety", "'about ninety' is not a number"),
        (True, "TRUE is not a number"),
    ],
)
def test_values_that_are_not_numbers_say_why(raw, fragment):
    value = parse_value(raw)
    assert value.number is None and not value.missing
    assert fragment in value.error


def test_a_series_of_fractions_is_read_as_percentages_but_a_mixed_one_is_not():
    assert scale_fractions([0.81, 0.87, 0.9], [False, False, False])
    assert not scale_fractions([0.5, 87.0], [False, False])
    assert not scale_fractions([0.0, 0.0], [False, False])
    # Values written with a % sign do not count towards the decision.
    assert scale_fractions([0.9, 95.0], [False, True])


def test_impossible_values_are_named():
    assert check_range(250, "percent") == "250 % is outside 0-100 %"
    assert "negative" in check_range(-2, "count")
    assert check_range(99.5, "percent") is None
    assert check_range(0, "count") is None


@pytest.mark.parametrize(
    ("raw", "number", "percent"),
    [
        ("<=4", 4, False),
        (">=98", 98, False),
        ("<100", 100, False),
        ("<5%", 5, True),
        ("≥ 95 %", 95, True),
        ("at least 98", 98, False),
        ("max 10", 10, False),
        ("100%", 100, True),
        (0.95, 0.95, False),
    ],
)
def test_a_target_written_as_a_bound_reads_as_its_number(raw, number, percent):
    value = parse_target(raw)
    assert (value.number, value.percent_sign, value.error) == (number, percent, None)


def test_a_bound_without_a_number_is_named_whole():
    assert parse_target("< five").error == "'< five' is not a number"
    assert parse_target("n/a").missing
