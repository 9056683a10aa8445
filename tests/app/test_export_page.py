"""Board pack page: files are built when asked, and packs are published to the history."""

import io

from pptx import Presentation

from tests.app.conftest import markdown_text, open_page


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_the_deck_and_workbook_are_built_only_when_asked():
    at = open_page("export")
    assert at.title[0].value == "Board pack"
    assert not [d for d in at.get("download_button") if "deck" in d.proto.label]
    button(at, "Build the deck").click().run()
    assert not at.exception
    deck_button = next(d for d in at.get("download_button") if d.proto.label == "Download the deck")
    assert deck_button is not None
    deck = Presentation(io.BytesIO(at.session_state["built_files"]["deck"]))
    assert len(deck.slides) > 8
    button(at, "Build the workbook").click().run()
    assert at.session_state["built_files"]["xlsx"][:2] == b"PK"
    assert "sample company" in markdown_text(at)  # publishing is for the user's own data


def test_a_published_pack_shows_on_the_next_quarters_summary():
    at = open_page("data")
    q2 = b"Quarter,Metric,Value\n2026-Q2,MFA coverage,91\n2026-Q2,EDR coverage,80\n"
    at.file_uploader(key="uploads").set_value([("q2.csv", q2, "text/csv")]).run()
    button(at, "Add these files to the history").click().run()
    at.switch_page("pages/export.py").run()
    button(at, "Publish this pack").click().run()
    assert not at.exception
    assert any("Published" in s.value for s in at.success)
    # The board's decision on the pack, recorded after the meeting.
    outcome = next(s for s in at.selectbox if s.key and s.key.startswith("outcome_"))
    decided = outcome.label
    outcome.select("approved")  # inside a form: applied on submit
    button(at, "Record the board's decisions").click().run()
    assert not at.exception

    at.switch_page("pages/data.py").run()
    q3 = b"Quarter,Metric,Value\n2026-Q3,MFA coverage,60\n2026-Q3,EDR coverage,50\n"
    at.file_uploader(key="uploads").set_value([("q3.csv", q3, "text/csv")]).run()
    button(at, "Add these files to the history").click().run()
    at.switch_page("pages/summary.py").run()
    text = markdown_text(at)
    assert "Since the last pack the board saw" in text
    assert "2026-Q2" in text
    assert "What we decided last time" in text
    assert f"{decided}: approved" in text
