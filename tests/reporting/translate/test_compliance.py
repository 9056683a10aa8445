"""Compliance per framework: a control's state follows its evidence."""

import pytest

from reporting.context import load_context
from reporting.translate import build_report
from reporting.translate.compliance import control_state, framework_verdict
from tests.reporting.translate.conftest import obs, result_of


@pytest.mark.parametrize(
    ("statuses", "state"),
    [
        ([], "no_evidence"),
        (["green"], "met"),
        (["green", "amber"], "met"),
        (["green", "amber", "amber"], "partial"),
        (["green", "green", "red"], "partial"),
        (["amber"], "partial"),
        (["red", "red", "green"], "not_met"),
        (["red"], "not_met"),
    ],
)
def test_a_control_state_follows_its_evidence(statuses, state):
    assert control_state(statuses) == state


@pytest.mark.parametrize(
    ("counts", "verdict"),
    [
        ((5, 0, 0, 18), "not_evidenced"),  # 5 of 23 evidenced, all met: too little to claim
        ((0, 0, 0, 23), "not_evidenced"),
        ((19, 0, 0, 4), "met"),
        ((17, 1, 0, 5), "partly_met"),
        ((3, 2, 7, 11), "not_met"),  # what evidence there is shows it failing
        ((2, 1, 1, 19), "not_evidenced"),
    ],
)
def test_a_framework_verdict_claims_only_what_its_evidence_covers(counts, verdict):
    assert framework_verdict(*counts) == verdict


def test_a_framework_with_few_evidenced_controls_is_never_met():
    context = load_context("frameworks: [PCI DSS 4.0]")
    healthy = [obs(m, 100) for m in ("mfa_coverage_pct", "edr_coverage_pct")]
    report = build_report(result_of(*healthy), context, trials=500)
    (pci,) = report.compliance
    evidenced = pci.met + pci.partial + pci.not_met
    assert 0 < evidenced < (evidenced + pci.no_evidence) / 2
    assert pci.verdict == "not_evidenced"
    assert (
        f"PCI DSS 4.0: not enough evidence to judge, evidence for {evidenced} of 23 controls"
        in report.summary.answers.obligations
    )


def test_a_framework_without_a_control_mapping_is_said_and_skipped():
    context = load_context("frameworks: [HITRUST CSF, pci]")
    assert context.frameworks == ["HITRUST CSF", "PCI DSS 4.0"]
    report = build_report(result_of(obs("mfa_coverage_pct", 90)), context, trials=500)
    assert [f.framework for f in report.compliance] == ["PCI DSS 4.0"]
    assert any("HITRUST CSF" in a and "no control mapping" in a for a in report.assumptions)


def test_the_obligations_answer_leads_with_what_applies_to_the_business():
    context = load_context(
        """
business_units:
  - {name: Payments, data: [payment_card], regulations: [GDPR]}
  - {name: Clinics, data: [health], regulations: [HIPAA, GDPR]}
frameworks: [ISO 27001]
"""
    )
    report = build_report(result_of(obs("mfa_coverage_pct", 90)), context, trials=500)
    assert report.summary.answers.obligations.startswith(
        "Obligations that apply to us: GDPR (Payments, Clinics); PCI DSS 4.0 (Payments); "
        "HIPAA (Clinics). ISO 27001:2022: "
    )
