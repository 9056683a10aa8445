import itertools

import pytest

from reporting.catalog import load_catalog
from reporting.translate import status

CATALOG = load_catalog()


@pytest.mark.parametrize(
    ("metric_id", "value", "expected"),
    [
        ("mfa_coverage_pct", 99, "green"),  # target 98, higher is better
        ("mfa_coverage_pct", 96, "amber"),
        ("mfa_coverage_pct", 90, "red"),
        ("vuln_critical_overdue", 0, "green"),  # target 0, lower is better
        ("vuln_critical_overdue", 2, "amber"),
        ("vuln_critical_overdue", 9, "red"),
    ],
)
def test_status_is_direction_aware(metric_id, value, expected):
    metric = CATALOG[metric_id]
    assert status.status(metric, value, metric.target) == expected


def test_the_target_comes_from_the_sheet_then_the_context_then_the_catalog():
    mfa = CATALOG["mfa_coverage_pct"]
    assert status.resolve_target(mfa, 95.0, {"mfa_coverage_pct": 99}) == 95.0
    assert status.resolve_target(mfa, None, {"mfa_coverage_pct": 99}) == 99
    assert status.resolve_target(mfa, None, {}) == mfa.target


def test_weakness_keeps_rising_past_red_and_reaches_the_top_only_at_extremes():
    mfa = CATALOG["mfa_coverage_pct"]
    values = [100, 98, 97, 95, 92, 80, 50, 10, 0]
    weak = [status.weakness(mfa, v, 98) for v in values]
    assert weak[0] == weak[1] == 0
    assert all(b > a for a, b in itertools.pairwise(weak[1:]))  # strictly, every step
    assert status.weakness(mfa, 98 - mfa.tolerance, 98) == pytest.approx(0.5)
    assert weak[-1] < 1
    overdue = CATALOG["vuln_critical_overdue"]
    assert status.weakness(overdue, 110, 0) > status.weakness(overdue, 22, 0) + 0.02


def test_movement_knows_which_way_is_better():
    vulns = CATALOG["vuln_high_overdue"]
    assert status.movement(vulns, 14, 6, 0) == "worsening"
    assert status.movement(vulns, 6, 14, 0) == "improving"
    assert status.movement(vulns, 14, 14, 0) == "stable"
    assert status.movement(vulns, 14, None, 0) == "new"
