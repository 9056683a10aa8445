"""Quarters: order, the one before, and the name each goes by."""

from reporting import quarters
from reporting.observations import Observation, Source


def _obs(period: str, label: str) -> Observation:
    return Observation(
        metric_id="mfa_coverage_pct",
        label="MFA",
        period=period,
        period_label=label,
        value=90,
        unit="percent",
        source=Source(file="a.csv"),
    )


def test_quarters_are_named_as_the_workbooks_named_them_most():
    labels = quarters.labels(
        [
            _obs("2026-Q3", "Q1 FY27"),
            _obs("2026-Q3", "Q1 FY27"),
            _obs("2026-Q3", "Q3 2026"),
            _obs("2026-Q3", "2026-Q3"),
            _obs("2026-Q2", "2026-Q2"),
        ]
    )
    assert labels == {"2026-Q3": "Q1 FY27", "2026-Q2": "2026-Q2"}


def test_quarters_are_ordered_by_year_then_quarter():
    assert quarters.in_order(["2026-Q1", "2025-Q4", "2026-Q1", "2025-Q1"]) == [
        "2025-Q1",
        "2025-Q4",
        "2026-Q1",
    ]


def test_the_quarter_before_is_calendar_arithmetic_or_the_last_one_reported():
    assert quarters.previous_quarter("2026-Q1") == "2025-Q4"
    assert quarters.previous_quarter("2026-Q3") == "2026-Q2"
    reported = ["2025-Q2", "2025-Q4", "2026-Q2"]
    assert quarters.previous_reported(reported, "2026-Q2") == "2025-Q4"
    assert quarters.previous_reported(reported, "2025-Q2") is None
