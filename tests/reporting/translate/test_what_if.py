"""The what-if: what an improvement would do to the exposure, from what ingest read."""

import pytest

from reporting.translate import ReportError, build_report, what_if
from tests.reporting.translate.conftest import obs, result_of

TRIALS = 2000


@pytest.fixture(scope="module")
def report(sample_result, sample_context):
    return build_report(sample_result, sample_context, trials=TRIALS)


def test_mfa_at_target_lowers_exposure_and_worse_raises_it(sample_result, sample_context):
    # A bad year (p90) moves little for one metric: measured at the report's full trials.
    report = build_report(sample_result, sample_context)
    better = what_if(
        sample_result, sample_context, report, {"mfa_coverage_pct": 99.0}, cost=250_000
    )
    assert better.after_p90 <= better.before_p90
    assert better.reduction_per_unit_cost is not None and better.reduction_per_unit_cost > 0
    worse = what_if(sample_result, sample_context, report, {"mfa_coverage_pct": 60.0})
    assert worse.after_p90 >= worse.before_p90
    assert worse.reduction_per_unit_cost is None
    assert sum(r.after_mean for r in worse.risks) > sum(r.before_mean or 0 for r in worse.risks)


def test_no_change_shows_no_change(sample_result, sample_context, report):
    # Each risk is seeded by its id and quarter: before and after are the same years.
    same = what_if(sample_result, sample_context, report, {}, trials=TRIALS)
    assert (same.after_p50, same.after_p90) == (same.before_p50, same.before_p90)
    assert all(r.after_mean == r.before_mean for r in same.risks)
    assert [r.risk_id for r in same.risks] == [r.id for r in report.risks]


def test_neither_what_ingest_read_nor_the_report_is_changed(sample_result, sample_context, report):
    read, shown = sample_result.model_dump(), report.model_dump()
    what_if(sample_result, sample_context, report, {"mfa_coverage_pct": 99.0}, trials=TRIALS)
    assert sample_result.model_dump() == read
    assert report.model_dump() == shown


def test_a_metric_without_a_value_this_quarter_is_added():
    result = result_of(obs("mfa_coverage_pct", 90))
    report = build_report(result, trials=500)
    assert all(r.scenario != "cloud_exposure" for r in report.risks)
    added = what_if(result, None, report, {"cloud_critical_misconfig": 12.0}, trials=500)
    cloud = next(r for r in added.risks if r.risk_id == "cloud_exposure")
    assert cloud.before_mean is None and cloud.before_rating is None
    assert cloud.after_mean > 0
    assert added.after_p50 >= added.before_p50


def test_unknown_metrics_free_money_and_foreign_reports_are_refused(sample_result, report):
    with pytest.raises(ReportError, match="Unknown metric"):
        what_if(sample_result, None, report, {"coffee": 1})
    with pytest.raises(ReportError, match="above zero"):
        what_if(sample_result, None, report, {"mfa_coverage_pct": 99}, cost=0)
    other = result_of(obs("mfa_coverage_pct", 90, period="2025-Q1"))
    with pytest.raises(ReportError, match="the data the report was built from"):
        what_if(other, None, report, {"mfa_coverage_pct": 99})
