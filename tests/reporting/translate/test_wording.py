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


def test_a_decision_says_which_of_its_units_call_for_it(sample_report):
    said = 0
    for decision in sample_report.summary.decisions:
        risk = next(r for r in sample_report.risks if r.id == decision.risk_id)
        outside = [
            u
            for u in sample_report.unit_risks
            if u.scenario == risk.scenario and not u.within_appetite
        ]
        if outside and len(outside) < len(risk.units or []):
            assert f"({len(outside)} of the {len(risk.units)} units it was assessed in)" in (
                decision.ask
            )
            said += 1
    assert said  # the sample has a risk outside appetite in only some of its units


def test_each_risk_is_recommended_the_option_drafted_for_it_before_another_risks():
    from tests.companies import many_units_report

    _, _, report = many_units_report(units=6)
    drafted = {o.name: o for o in report.budget.options if o.default}
    checked = 0
    for decision in report.summary.decisions:
        risk = next(r for r in report.risks if r.id == decision.risk_id)
        own = [
            o
            for o in drafted.values()
            if risk.title.casefold() in o.name.casefold()
            and risk.scenario in o.brought_within
            and o.horizon_cost is None
        ]
        if own and decision.recommendation in drafted:
            assert risk.title.casefold() in decision.recommendation.casefold(), (
                risk.title,
                decision.recommendation,
            )
            checked += 1
    assert checked
