"""Editing a context on screen: the same loader as a file, and the named regulations list."""

from __future__ import annotations

import pytest

from reporting.context import (
    FRAMEWORKS,
    REGULATIONS,
    BusinessContext,
    ContextError,
    edited,
    load_context,
)
from tests.conftest import SAMPLE


def test_an_edit_replaces_the_key_and_keeps_the_rest():
    context = load_context((SAMPLE / "context.yaml").read_bytes())
    updated = edited(context, organization={"name": "Harbour Two", "currency": "GBP"})
    assert updated.organization.name == "Harbour Two"
    assert updated.organization.currency == "GBP"
    assert updated.business_units == context.business_units
    assert updated.risk_appetite == context.risk_appetite
    assert context.organization.name == "Harbour Retail Group"  # the original is untouched


def test_an_assumed_default_does_not_become_a_stated_fact():
    updated = edited(BusinessContext(), frameworks=["pci"])
    assert updated.frameworks == ["PCI DSS 4.0"]
    assert "organization" not in updated.model_fields_set
    assert updated.fiscal_start_month is None


def test_a_bad_edit_reads_like_a_bad_file():
    with pytest.raises(ContextError) as raised:
        edited(BusinessContext(), organization={"currency": "pounds"})
    assert raised.value.source == "Your change"
    assert "organization.currency" in str(raised.value)
    with pytest.raises(ContextError, match="listed twice"):
        edited(BusinessContext(), business_units=[{"name": "A"}, {"name": "a"}])


def test_regulations_hold_the_frameworks_and_the_laws_sorted():
    assert set(FRAMEWORKS) <= set(REGULATIONS)
    assert {"GDPR", "HIPAA", "SOX", "NIS2", "DORA", "CCPA", "GLBA"} <= set(REGULATIONS)
    assert list(REGULATIONS) == sorted(REGULATIONS)
