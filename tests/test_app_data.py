"""The Data page, driven as a user would through AppTest."""

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, make_xlsx


def run_app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_first_visit_shows_the_sample_company_with_a_banner():
    at = run_app()
    assert not at.exception
    assert "sample company" in at.info[0].value
    assert metric(at, "Values understood") == "350"
    assert metric(at, "Quarters") == "2025-Q4 to 2026-Q3"
    assert metric(at, "Labels not mapped") == "0"


def test_uploading_replaces_the_sample_and_a_bad_file_does_not_stop_the_good_one():
    at = run_app()
    good = make_xlsx(
        {"KPIs": [["Metric", "Q3 2026"], ["MFA coverage", 95], ["Coffee machine uptime", 99]]}
    )
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader(key="uploads").set_value(
        [("ours.xlsx", good, xlsx), ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(32), xlsx)]
    ).run()
    assert not at.exception
    assert not at.info  # the sample banner is gone
    assert metric(at, "Values understood") == "1"
    assert metric(at, "Labels not mapped") == "1"
    errors = [e.value for e in at.error]
    assert any("photo\\.xlsx is a PNG image, not a spreadsheet\\." in e for e in errors)
