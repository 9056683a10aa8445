"""Metrics judged against their targets, beside last quarter's figure."""

from reporting.catalog import load_catalog
from reporting.context import BusinessContext
from reporting.translate.metrics import definition, metric_statuses
from tests.reporting.translate.conftest import obs

CATALOG = load_catalog()


def _rows(observations, context=None):
    return metric_statuses(observations, context or BusinessContext(), CATALOG)[1]


def test_the_report_gets_judged_copies_and_ingest_keeps_what_it_read():
    read = [obs("mfa_coverage_pct", 90), obs("mfa_coverage_pct", 99, period="2026-Q2")]
    before = [o.model_dump() for o in read]
    judged, _ = metric_statuses(read, BusinessContext(), CATALOG)
    assert [o.model_dump() for o in read] == before
    assert [(o.status, o.applied_target) for o in judged] == [("red", 98), ("green", 98)]
    assert judged[0].name == "Multi-factor authentication coverage"
    assert judged[0].source == read[0].source


def test_last_quarter_is_the_latest_earlier_quarter_with_data():
    rows = _rows([obs("mfa_coverage_pct", 90), obs("mfa_coverage_pct", 80, period="2026-Q1")])
    (now,) = rows["2026-Q3"]
    assert (now.previous, now.change, now.movement) == (80, 10, "improving")
    assert rows["2026-Q1"][0].previous is None


def test_a_unit_figure_is_never_compared_with_a_company_wide_one():
    rows = _rows(
        [
            obs("vuln_high_overdue", 4, unit="Payments"),
            obs("vuln_high_overdue", 12, period="2026-Q2"),
        ]
    )
    (now,) = rows["2026-Q3"]
    assert now.business_unit == "Payments" and now.previous is None


def test_the_sheet_target_wins_then_the_context_then_the_catalog():
    context = BusinessContext(targets={"mfa_coverage_pct": 95})
    given = obs("mfa_coverage_pct", 96).model_copy(update={"target": 99})
    rows = _rows([given, obs("mfa_coverage_pct", 96, unit="Payments")], context)
    assert [(r.target, r.status) for r in rows["2026-Q3"]] == [(99, "amber"), (95, "green")]
    assert definition(CATALOG["mfa_coverage_pct"], context).target == 95
    assert definition(CATALOG["mfa_coverage_pct"], BusinessContext()).target == 98


def test_each_target_says_where_it_came_from():
    # The board is told when a target is the catalog's default rather than one it set.
    context = BusinessContext(targets={"mfa_coverage_pct": 95})
    given = obs("mfa_coverage_pct", 96).model_copy(update={"target": 99})
    rows = _rows(
        [given, obs("mfa_coverage_pct", 96, unit="Payments"), obs("patch_compliance_pct", 90)],
        context,
    )
    assert [(r.metric_id, r.target, r.target_source) for r in rows["2026-Q3"]] == [
        ("mfa_coverage_pct", 99, "sheet"),
        ("mfa_coverage_pct", 95, "context"),
        ("patch_compliance_pct", CATALOG["patch_compliance_pct"].target, "catalog"),
    ]
    assert definition(CATALOG["mfa_coverage_pct"], context).target_source == "context"
    assert definition(CATALOG["mfa_coverage_pct"], BusinessContext()).target_source == "catalog"


def test_a_report_written_before_target_sources_were_carried_reads_as_catalog_targets():
    from reporting.report import MetricDefinition, MetricStatus

    (row,) = _rows([obs("mfa_coverage_pct", 96)])["2026-Q3"]
    old = row.model_dump(mode="json", exclude={"target_source"})
    assert MetricStatus.model_validate(old).target_source == "catalog"
    defined = definition(CATALOG["mfa_coverage_pct"], BusinessContext()).model_dump()
    del defined["target_source"]
    assert MetricDefinition.model_validate(defined).target_source == "catalog"
