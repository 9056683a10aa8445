"""Compliance per framework: a control's state follows its evidence."""

import pytest

from reporting.translate.compliance import control_state


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
