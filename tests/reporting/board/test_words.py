import pytest

from reporting.translate.wording import chance, money


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
