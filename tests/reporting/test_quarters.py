from reporting.observations import Observation, Source, period_labels


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
    labels = period_labels(
        [
            _obs("2026-Q3", "Q1 FY27"),
            _obs("2026-Q3", "Q1 FY27"),
            _obs("2026-Q3", "Q3 2026"),
            _obs("2026-Q3", "2026-Q3"),
            _obs("2026-Q2", "2026-Q2"),
        ]
    )
    assert labels == {"2026-Q3": "Q1 FY27", "2026-Q2": "2026-Q2"}
