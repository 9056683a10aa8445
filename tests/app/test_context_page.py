"""Business context page: edits re-translate at once; YAML goes out and comes back."""

import yaml

from tests.app.conftest import markdown_text, open_page
from tests.conftest import SAMPLE


def test_download_holds_the_current_context():
    at = open_page("context")
    assert at.title[0].value == "Business context"
    assert "Harbour Retail Group" in [t.value for t in at.text_input]


def test_lowering_card_payments_criticality_changes_the_ranking():
    at = open_page()
    before = markdown_text(at)
    at.switch_page("pages/context.py").run()
    context = at.session_state["context"]
    units = [u.model_dump() for u in context.business_units]
    for unit in units:
        unit["criticality"] = 1
    at.session_state["context"] = context.model_copy(
        update={"business_units": [type(context.business_units[0])(**u) for u in units]}
    )
    at.switch_page("pages/risks.py").run()
    assert not at.exception
    register = at.dataframe[0].value
    assert set(register["Impact"]) <= {1, 2, 3}
    assert before


def test_saving_the_organisation_form_re_translates():
    at = open_page("context")
    at.text_input[0].set_value("Harbour Group plc")
    next(b for b in at.button if b.label == "Save organisation").click().run()
    assert not at.exception
    assert at.session_state["context"].organization.name == "Harbour Group plc"
    at.switch_page("pages/summary.py").run()
    assert at.title[0].value == "Harbour Group plc: cyber risk summary"


def test_a_bad_context_upload_says_what_is_wrong_and_keeps_the_old_one():
    at = open_page("context")
    bad = yaml.safe_dump({"organization": {"name": "X"}, "busines_units": []}).encode()
    at.file_uploader(key="context_upload").set_value(("ctx.yaml", bad, "application/x-yaml")).run()
    assert any("did you mean" in e.value for e in at.error)
    assert at.session_state["context"].organization.name == "Harbour Retail Group"


def test_a_good_context_upload_is_adopted():
    at = open_page("context")
    text = (SAMPLE / "context.yaml").read_text().replace("Harbour Retail Group", "Harbour Two")
    at.file_uploader(key="context_upload").set_value(
        ("ctx.yaml", text.encode(), "application/x-yaml")
    ).run()
    assert not at.error
    assert at.session_state["context"].organization.name == "Harbour Two"
