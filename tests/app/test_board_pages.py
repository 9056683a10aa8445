"""The board pages, as a board member would see them on the sample company."""

from tests.app.conftest import XLSX, markdown_text, open_page


def test_executive_summary_answers_the_four_questions_and_names_the_top_risk():
    at = open_page()
    assert at.title[0].value == "Harbour Retail Group: cyber risk summary"
    assert "Q1 FY27 (calendar 2026-Q3), compared with Q4 FY26" in at.caption[0].value
    text = markdown_text(at)
    for question in (
        "Are we adequately protected?",
        "What are our most significant risks?",
        "Are we meeting our regulatory obligations?",
        "Could an incident materially affect the business?",
    ):
        assert question in text
    assert "1. Compromise through a supplier" in text
    # A scenario assessed in several units says where it lies, worst unit first.
    assert "Where: <b>E-commerce, Card Payments and 2 other business units</b>" in text
    assert "Decisions requested" in [h.value for h in at.subheader]
    assert "Traceback" not in text


def test_the_period_selector_changes_the_quarter_and_its_comparison():
    at = open_page()
    next(s for s in at.selectbox if s.label == "Quarter reported").select("2026-Q1").run()
    assert not at.exception
    assert "Q3 FY26 (calendar 2026-Q1), compared with Q2 FY26" in at.caption[0].value
    at.switch_page("pages/risks.py").run()
    assert "Q3 FY26 (calendar 2026-Q1)" in at.caption[0].value  # kept across pages


def test_risks_page_filters_the_register_and_opens_a_risk():
    at = open_page("risks")
    register = at.dataframe[0].value
    assert list(register["Rank"])[:3] == [1, 2, 3]
    at.multiselect[0].select("R&D Sandbox").run()
    filtered = at.dataframe[0].value
    assert set(filtered["Business unit"]) == {"R&D Sandbox"}
    assert set(filtered["Appetite"]) == {"Within"}
    at.selectbox(key="risk_detail").select("data_breach:card-payments").run()
    assert not at.exception
    text = markdown_text(at)
    assert "14 high-severity vulnerabilities open past their fix-by date in Card Payments" in text
    drivers = at.dataframe[1].value
    assert "bu_card_payments.csv" in " ".join(drivers["Source"])


def test_the_what_if_shows_the_exposure_change():
    at = open_page("risks")
    at.selectbox(key="risk_detail").select("data_breach:card-payments").run()
    picked = at.multiselect[-1].value
    assert picked  # the heaviest driver is proposed
    for box in at.number_input:
        if box.key and box.key.startswith("wi_"):
            box.set_value(0.0 if "overdue" in box.key else 100.0)
    next(b for b in at.button if b.label == "Show the change in exposure").click().run()
    assert not at.exception
    text = markdown_text(at)
    assert "After the change" in text and "less" in text


def test_compliance_page_shows_each_framework_with_its_evidence():
    at = open_page("compliance")
    assert [t.label for t in at.tabs] == [
        "NIST CSF 2.0",
        "CIS v8.1",
        "ISO 27001:2022",
        "PCI DSS 4.0",
        "SOC 2",
    ]
    assert "not an audit opinion" in at.caption[0].value
    text = markdown_text(at)
    assert "Card Payments, the business units under this framework" in text
    controls = at.table[3].value
    assert {"Control", "What it protects", "Status", "Evidence", "Source cells"} <= set(
        controls.columns
    )


def test_trends_page_lists_movers_and_draws_any_metric():
    at = open_page("trends")
    text = markdown_text(at)
    assert "Backup restore tests passed: 85% to 77.8%" in text
    at.selectbox(key="trend_metric").select("mfa_coverage_pct").run()
    at.selectbox(key="trend_unit").select("Card Payments").run()
    assert not at.exception


def test_pages_say_so_when_there_is_nothing_to_report():
    at = open_page("data")
    at.file_uploader(key="uploads").set_value([("empty.xlsx", b"\x89PNG\r\n\x1a\n", XLSX)]).run()
    for page in ("summary", "risks", "compliance", "trends"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception
        assert "no data to report" in at.info[0].value


def test_user_text_is_shown_as_written_never_as_markup():
    at = open_page()
    context = at.session_state["context"]
    hostile = "**bold** <b>x</b> [link](http://x)"
    units = [u.model_copy(update={"owner": hostile}) for u in context.business_units]
    at.session_state["context"] = context.model_copy(update={"business_units": units, "owners": {}})
    at.run()
    assert not at.exception
    raw = "\n".join(m.value for m in at.markdown)
    assert "<b>x</b>" not in raw and "[link](http" not in raw and "**bold**" not in raw
    assert hostile in markdown_text(at)  # what the reader sees is the text as typed


def test_the_summary_says_when_not_all_data_could_be_used():
    at = open_page("data")
    text = (
        b"Quarter,Metric,Value\n2026-Q3,MFA coverage,95\n2026-Q3,Coffee machine uptime,99\n"
        b"2026-Q3,Critical vulns open,30\n"
    )
    at.file_uploader(key="uploads").set_value([("gaps.csv", text, "text/csv")]).run()
    at.switch_page("pages/summary.py").run()
    assert not at.exception
    # Beside the first answer, next to the figures it qualifies.
    assert (
        "This rests on incomplete data: 1 label in the workbooks was not understood, so 1 value "
        "is not counted."
    ) in markdown_text(at)
    # And above everything, as a banner with the detail behind it.
    banner = at.warning[0].value.replace("\\", "")
    assert banner.startswith(
        "Not all data could be used: 1 label in the workbooks was not understood"
    )
    assert "Coffee machine uptime: 1 value, gaps.csv" in markdown_text(at)


def test_the_sample_summary_needs_no_completeness_warning():
    at = open_page("summary")
    assert not at.exception
    assert not [w for w in at.warning if w.value.startswith("Not all data could be used")]
