"""The budget page: what a budget buys, a price for an option that has none, the losses
against the tolerance and the insurance, and the materiality worksheet."""

from tests.app.conftest import markdown_text, open_page


def test_the_budget_page_shows_what_the_budget_buys_and_the_losses():
    at = open_page("budget")
    text = markdown_text(at)
    assert "With $400k this year, 3 options remove about" in text
    options = at.dataframe[0].value
    assert list(options["Funded"]).count("Yes") == 3
    assert "cost not given" in set(options.iloc[:, 5])
    assert "insurance pays" in text and "the company keeps" in text
    worksheet = at.table[0].value
    assert "Materiality threshold" in worksheet.index


def test_a_new_budget_chooses_again():
    at = open_page("budget")
    at.number_input[0].set_value(150_000.0)
    next(b for b in at.button if b.label == "Choose the options for this budget").click().run()
    assert not at.exception
    assert at.session_state["context"].budget == 150_000
    assert "With $150k this year" in markdown_text(at)


def test_pricing_an_option_makes_it_an_initiative_the_board_can_fund():
    at = open_page("budget")
    before = len(at.session_state["context"].initiatives)
    form = 0
    boxes = [b for b in at.number_input if b.label.startswith("One-off")]
    boxes[form].set_value(50_000.0)
    next(b for b in at.button if b.label == "Add as an initiative").click().run()
    assert not at.exception
    context = at.session_state["context"]
    assert len(context.initiatives) == before + 1
    added = context.initiatives[-1]
    assert added.cost.one_off == 50_000 and added.effect
    options = at.dataframe[0].value
    row = options[options["Option"] == added.name].iloc[0]
    assert row.iloc[5] != "cost not given"
