"""The report for the sample company: the story the board should hear, traceable to cells."""

import json

import pytest

from reporting.context import BusinessContext
from reporting.translate import ReportError, build_report, risks
from tests.reporting.translate.conftest import obs, result_of


@pytest.fixture(scope="session")
def report(sample_report):
    return sample_report


def test_the_latest_quarter_is_reported_against_the_one_before(report):
    assert (report.period, report.period_label, report.previous_period) == (
        "2026-Q3",
        "Q1 FY27",
        "2026-Q2",
    )
    assert report.periods == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]


def test_json_carries_the_design_contract(report):
    data = json.loads(report.model_dump_json())
    assert {
        "period",
        "previous_period",
        "observations",
        "unmapped",
        "warnings",
        "risks",
        "compliance",
        "summary",
    } <= set(data)
    risk = data["risks"][0]
    assert {
        "scenario",
        "title",
        "business_unit",
        "likelihood",
        "impact",
        "rating",
        "trend",
        "within_appetite",
        "statement",
        "exposure",
        "drivers",
    } <= set(risk)
    assert {"p10", "p50", "p90", "currency"} <= set(risk["exposure"])
    assert {"metric_id", "value", "target", "status", "source"} <= set(risk["drivers"][0])
    assert {"framework", "met", "partial", "not_met", "no_evidence", "controls"} <= set(
        data["compliance"][0]
    )
    assert set(data["summary"]["answers"]) == {
        "protected",
        "top_risks",
        "obligations",
        "material_impact",
    }
    assert all(o["status"] in ("green", "amber", "red") for o in data["observations"])


def test_every_number_behind_a_risk_or_control_points_to_a_cell(report):
    for risk in report.risks:
        assert risk.drivers
        for driver in risk.drivers:
            assert driver.source.file and driver.source.cell
    for framework in report.compliance:
        for control in framework.controls:
            for evidence in control.metrics:
                assert evidence.source.cell
    for metric in report.metrics:
        assert metric.source.cell


def test_risks_are_ranked_by_rating_then_money_and_name_the_business(report):
    order = [(risks.RATING_ORDER[r.rating], -r.exposure.mean) for r in report.risks]
    assert order == sorted(order)
    assert [r.rank for r in report.risks] == list(range(1, len(report.risks) + 1))
    # One row per scenario; the units are the drill-down.
    assert len({r.scenario for r in report.risks}) == len(report.risks)
    units = {r.business_unit for r in report.unit_risks}
    assert {"Card Payments", "R&D Sandbox"} <= units
    # The sandbox's many critical vulnerabilities never outrank card payments' risks.
    sandbox = min(r.rank for r in report.unit_risks if r.business_unit == "R&D Sandbox")
    payments = min(r.rank for r in report.unit_risks if r.business_unit == "Card Payments")
    assert payments < sandbox
    assert all(r.within_appetite for r in report.unit_risks if r.business_unit == "R&D Sandbox")
    for risk in report.risks:
        if risk.units:
            assert risk.units[-1] == "R&D Sandbox" or "R&D Sandbox" not in risk.units


def test_golden_statement_for_card_payments_data_breach(report):
    risk = report.risk("data_breach:card-payments")
    assert risk.rating == "high" and risk.impact == 5 and risk.trend == "stable"
    assert risk.owner == "CISO" and not risk.within_appetite and risk.appetite == "low"
    assert (
        risk.statement.startswith("Someone outside the company")
        or "Card Payments" in risk.what_could_happen
    )
    assert (
        "14 high-severity vulnerabilities open past their fix-by date in Card Payments, "
        "against a target of 0, up from 11 last quarter" in risk.statement
    )
    assert "22 medium-severity vulnerabilities" in risk.statement
    assert "the board is asked to accept it, to fund work to" in risk.statement
    assert "In money: one such event would probably cost $750k to $15.0M" in risk.statement


def test_golden_summary_answers(report):
    answers = report.summary.answers
    assert report.summary.posture == "weak"
    assert answers.protected.startswith("Not yet. 22 of 88 security measurements meet their target")
    assert answers.top_risks.startswith(
        "Ranked by rating, then by expected yearly loss, the most significant are compromise "
        "through a supplier (critical, stable)"
    )
    assert answers.obligations.startswith(
        "Obligations that apply to us: PCI DSS 4.0 (Card Payments); GDPR (Card Payments, "
        "E-commerce); SOX (Corporate IT)."
    )
    assert "PCI DSS 4.0: partly met, evidence for 23 of 23 controls" in answers.obligations
    assert "not an audit opinion" in answers.obligations
    assert answers.material_impact.startswith("Yes.")
    assert "above the board's tolerance of $5.0M" in answers.material_impact
    worse = [m.metric_id for m in report.summary.deteriorations]
    assert "restore_test_success_pct" in worse
    better = [m.metric_id for m in report.summary.improvements]
    assert "unsupported_os_count" in better


def test_decisions_cover_every_scenario_outside_appetite(report):
    outside = {r.scenario for r in report.risks if not r.within_appetite}
    assert {d.risk_id.split(":")[0] for d in report.summary.decisions} == outside
    for decision in report.summary.decisions:
        # A recommendation a board could approve, alternatives, and acceptance with a date.
        assert decision.recommendation
        assert decision.options[0] == f"Approve: {decision.recommendation}"
        assert decision.options[-1].startswith("Accept the risk as it stands")
        assert f"{decision.review_by:%-d %B %Y}" in decision.options[-1]
        assert "We recommend: " + decision.recommendation in decision.ask


def test_compliance_is_scoped_to_the_units_under_the_regulation(report):
    pci = next(f for f in report.compliance if f.framework == "PCI DSS 4.0")
    assert pci.scope == ["Card Payments"]
    units = {e.business_unit for c in pci.controls for e in c.metrics}
    assert "R&D Sandbox" not in units and "Card Payments" in units
    assert pci.met + pci.partial + pci.not_met + pci.no_evidence == len(pci.controls)
    assert set(pci.history) == set(report.periods)
    assert "audit opinion" in pci.basis


def test_a_context_without_frameworks_reports_none_and_unknown_units_are_said(sample_result):
    context = BusinessContext(
        frameworks=[], business_units=[{"name": "Card Payments", "criticality": 5}]
    )
    report = build_report(sample_result, context, trials=2000)
    assert report.compliance == []
    assert any(
        "'E-commerce' is not described in the business context" in a for a in report.assumptions
    )


def test_without_context_the_defaults_are_said(sample_result):
    report = build_report(sample_result, trials=2000)
    assert "No business context file was given" in report.assumptions[0]
    assert report.currency == "USD"


def test_a_period_without_data_is_one_clear_sentence(sample_result):
    with pytest.raises(ReportError, match="There is no data for 2024-Q1; the files cover 2025-Q4"):
        build_report(sample_result, period="2024-Q1")
    with pytest.raises(ReportError, match="No usable metric values"):
        build_report(result_of())


def test_an_earlier_period_can_be_reported(sample_result, sample_context):
    report = build_report(sample_result, sample_context, period="2026-Q1", trials=2000)
    assert report.previous_period == "2025-Q4"
    assert all(m.source.cell for m in report.metrics)


def test_a_context_naming_no_known_scenario_is_said_not_refused():
    context = BusinessContext(
        owners={"data_breach": "Head of Data", "alien_invasion": "Head of Defence"},
        risk_appetite={"per_scenario": {"ransomware_attack": "low"}},
    )
    report = build_report(result_of(obs("mfa_coverage_pct", 90)), context, trials=500)
    said = " ".join(report.assumptions)
    assert "'ransomware_attack' under risk_appetite.per_scenario, which is not a risk" in said
    assert "'alien_invasion' under owners, which is not a risk scenario" in said
    assert "known scenarios are ransomware, data_breach" in said


def test_building_leaves_what_ingest_read_as_it_was(sample_result, sample_context):
    read = sample_result.model_dump()
    report = build_report(sample_result, sample_context, trials=2000)
    assert sample_result.model_dump() == read
    assert all(o.status is None for o in sample_result.observations)
    assert all(o.status is not None for o in report.observations)


def test_no_sentence_pairs_a_likelihood_word_with_a_yearly_chance(report):
    # The 1-5 score is the control gap; the chance in a year is said only as a chance.
    for risk in (*report.risks, *report.unit_risks):
        assert "likelihood" not in risk.statement.casefold()
        assert "control gap" in risk.statement


def test_rank_the_most_significant_and_the_deck_agree_when_rating_and_money_disagree():
    import io

    from pptx import Presentation

    from reporting.board.words import RANKING_WORDS
    from reporting.export.deck import build_deck

    # A critical supplier risk that costs little beside a high ransomware risk that costs
    # much more: one order (rating, then money) everywhere, and the money said as money.
    context = BusinessContext.model_validate(
        {
            "organization": {"annual_revenue": 2_000_000_000},
            "risk_appetite": {"default": "low"},
            "frameworks": [],
        }
    )
    report = build_report(
        result_of(
            obs("vendors_assessed_pct", 10),
            obs("vendor_high_risk_findings_open", 60),
            obs("restore_test_success_pct", 92),
            obs("edr_coverage_pct", 93),
        ),
        context,
        trials=4000,
    )
    ranked = [(risks.RATING_ORDER[r.rating], -r.exposure.mean) for r in report.risks]
    assert ranked == sorted(ranked)
    first = report.risks[0]
    costlier = [r for r in report.risks if r.exposure.mean > first.exposure.mean]
    assert costlier, "the fixture must have a lower-ranked risk that costs more"
    material = report.summary.answers.material_impact
    assert f"the most significant is {first.title.lower()}" in material
    assert "largest single exposure" not in material
    assert report.summary.answers.top_risks.startswith(RANKING_WORDS.capitalize())
    deck = Presentation(io.BytesIO(build_deck(report)))
    table = next(
        shape.table
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table and slide.shapes.title.text_frame.text.startswith("Our top")
    )
    assert table.cell(1, 1).text_frame.text == first.title
    assert [table.cell(i, 0).text_frame.text for i in range(1, len(report.risks) + 1)] == [
        str(r.rank) for r in report.risks
    ]
