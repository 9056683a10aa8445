"""The business context file: a contract users keep under version control."""

import pytest

from reporting.context import BusinessContext, ContextError, describe_defaults, load_context
from tests.conftest import SAMPLE


def problems(text: str) -> list[str]:
    with pytest.raises(ContextError) as info:
        load_context(text, source="ctx.yaml")
    assert str(info.value).startswith("ctx.yaml: ")
    return info.value.problems


def test_the_sample_context_loads_with_every_key():
    context = load_context((SAMPLE / "context.yaml").read_text())
    assert context.organization.name == "Harbour Retail Group"
    assert context.organization.fiscal_year_start_month == 7
    payments = context.unit("card payments")
    assert payments.criticality == 5 and payments.data == ["payment_card", "personal"]
    assert context.risk_appetite.per_scenario["ransomware"] == "low"
    assert "PCI DSS 4.0" in context.frameworks


def test_british_spelling_is_accepted_and_written_back_american():
    context = load_context("organisation: {name: Acme, currency: GBP}")
    assert context.organization.currency == "GBP"
    assert context.to_yaml().startswith("organization:")
    assert load_context(context.to_yaml()) == context


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("busines_units: []", "unknown key 'busines_units'; did you mean 'business_units'?"),
        (
            "organization: {nmae: X}",
            "unknown key 'nmae' under 'organization'; did you mean 'name'?",
        ),
        ("business_units: [{criticality: 2}]", "'business_units[0].name' is required."),
        (
            "business_units: [{name: Pay, criticality: 7}]",
            "business unit 'Pay', criticality should be less than or equal to 5 (got 7).",
        ),
        ("business_units: [{name: Pay, data: [cards]}]", "'cards' is not a known kind of data"),
        ("business_units: [{name: Pay, data: [payment-card]}]", None),
        ("business_units: [{name: A}, {name: a}]", "business unit 'A' is listed twice"),
        (
            "risk_appetite: {default: medium}",
            "'risk_appetite.default' should be 'low', 'moderate' or 'high' (got 'medium').",
        ),
        ("risk_appetite: {tolerance: -5}", "'risk_appetite.tolerance' should be greater than 0"),
        ("organization: {fiscal_year_start_month: 13}", "should be less than or equal to 12"),
        ("organization: {currency: dollars}", "'organization.currency'"),
        ("organization: {}\norganisation: {}", "give either 'organization' or 'organisation'"),
        ("a: [", "is not valid YAML at line 1"),
        ("- just a list", "must be a mapping"),
    ],
)
def test_each_kind_of_mistake_gets_one_clear_sentence(text, expected):
    if expected is None:
        assert load_context(text).business_units[0].data == ["payment_card"]
        return
    found = problems(text)
    assert any(expected in problem for problem in found), found


def test_framework_names_are_normalised():
    context = load_context("frameworks: [ISO 27001, pci dss, CIS Controls, nist csf, SOC2]")
    assert context.frameworks == [
        "ISO 27001:2022",
        "PCI DSS 4.0",
        "CIS v8.1",
        "NIST CSF 2.0",
        "SOC 2",
    ]


def test_without_a_file_the_defaults_are_said():
    notes = describe_defaults(BusinessContext(), given=False)
    assert "medium criticality" in notes[0] and "moderate" in notes[0]
    assert load_context("") == BusinessContext()


def test_column_roles_are_checked_and_kept_by_id():
    context = load_context("columns: {Entity: Business unit, Memo: ignore}\n")
    assert context.columns == {"Entity": "business_unit", "Memo": "ignore"}
    with pytest.raises(
        ContextError, match="column 'Entity' is given the role 'bizunit'; use one of metric"
    ):
        load_context("columns: {Entity: bizunit}\n")
