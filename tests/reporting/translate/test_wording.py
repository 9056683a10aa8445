"""How risks are worded: one unit or several, and the verbs that agree with them."""

from reporting.board.words import risk_where
from reporting.catalog.scenarios import load_scenarios
from reporting.translate.wording import what_could_happen


def test_where_a_scenario_lies_agrees_with_one_unit_or_several():
    supplier = load_scenarios().get("third_party").what_could_happen
    regulator = load_scenarios().get("regulatory_penalty").what_could_happen
    assert "that Card Payments relies on" in what_could_happen(supplier, ["Card Payments"])
    assert "that the company relies on" in what_could_happen(supplier, [None])
    several = what_could_happen(supplier, ["A", "B", "C", "D"])
    assert "that A, B and 2 other business units rely on" in several
    assert "A and B do not meet their security obligations" in what_could_happen(
        regulator, ["A", "B"]
    )
    assert "Retail does not meet its security obligations" in what_could_happen(
        regulator, ["Retail"]
    )
    # No template is left with a choice unmade or a placeholder.
    for scenario in load_scenarios().scenarios:
        for units in ([None], ["A"], ["A", "B", "C", "D", "E"]):
            text = what_could_happen(scenario.what_could_happen, units)
            assert "{" not in text and "|" not in text, (scenario.id, text)


def test_a_risk_of_many_units_says_where_it_lies_as_its_register_row_does(sample_report):
    rolled = [r for r in sample_report.risks if r.units and len(r.units) > 1]
    assert rolled
    for risk in rolled:
        assert risk_where(risk) in risk.what_could_happen, risk.id
