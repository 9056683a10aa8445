"""Data page: upload, see what was understood, fix a mapping."""

from tests.app.conftest import XLSX, metric, open_page
from tests.conftest import make_xlsx


def test_the_sample_company_is_loaded_with_a_banner_and_every_label_mapped():
    at = open_page("data")
    assert "sample company" in at.info[0].value
    assert metric(at, "Values understood") == "350"
    assert metric(at, "Quarters") == "4"
    assert "Quarters from Q2 FY26 (2025-Q4) to Q1 FY27 (2026-Q3)." in [c.value for c in at.caption]
    assert metric(at, "Labels not mapped") == "0"


def test_uploading_replaces_the_sample_and_a_bad_file_does_not_stop_the_good_one():
    at = open_page("data")
    good = make_xlsx(
        {"KPIs": [["Metric", "Q3 2026"], ["MFA coverage", 95], ["Coffee machine uptime", 99]]}
    )
    at.file_uploader(key="uploads").set_value(
        [("ours.xlsx", good, XLSX), ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(32), XLSX)]
    ).run()
    assert not at.exception
    assert not at.info  # the sample banner is gone
    assert metric(at, "Values understood") == "1"
    assert metric(at, "Labels not mapped") == "1"
    assert any("photo\\.xlsx is a PNG image, not a spreadsheet\\." in e.value for e in at.error)


def test_a_doubtful_label_is_fixed_from_the_review_table_and_kept_in_the_context():
    at = open_page("data")
    data = make_xlsx(
        {"KPIs": [["Metric", "Q3 2026"], ["Laptops with CrowdStrike", 93], ["MFA coverage", 95]]}
    )
    at.file_uploader(key="uploads").set_value([("ours.xlsx", data, XLSX)]).run()
    assert metric(at, "Labels not mapped") == "1"
    # The review table lists the doubtful label first; drive the state the editor writes.
    at.session_state["mapping_editor"] = {
        "edited_rows": {
            0: {"Understood as": "Devices protected by endpoint detection and response"}
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    next(b for b in at.button if b.label == "Apply mapping changes").click().run()
    assert not at.exception
    assert at.session_state["context"].mappings["Laptops with CrowdStrike"] == "edr_coverage_pct"
    assert metric(at, "Labels not mapped") == "0"
    assert metric(at, "Values understood") == "2"
    # The rows are in another order now: the edit must not carry over to another label.
    assert not at.session_state["mapping_editor"]["edited_rows"]
    assert next(b for b in at.button if b.label == "Apply mapping changes").proto.disabled


def test_back_to_the_sample_company():
    at = open_page("data")
    at.file_uploader(key="uploads").set_value(
        [("ours.csv", b"Quarter,Metric,Value\n2026-Q3,MFA coverage,95\n", "text/csv")]
    ).run()
    assert metric(at, "Values understood") == "1"
    next(b for b in at.button if b.label == "Back to the sample company").click().run()
    assert metric(at, "Values understood") == "350"
