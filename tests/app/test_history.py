"""Quarter history from the Data page: add, ask before replacing, restore; survives restarts."""

import re

from tests.app.conftest import markdown_text, metric, open_page


def q(period: str, mfa: float) -> tuple[str, bytes, str]:
    return (
        f"kpis_{period}.csv",
        f"Quarter,Metric,Value\n{period},MFA coverage,{mfa}\n".encode(),
        "text/csv",
    )


def shown(elements) -> list[str]:
    """Element texts with markdown escapes removed."""
    return [e.value.replace("\\", "") for e in elements]


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_quarters_added_one_at_a_time_build_a_history_that_a_new_session_shows():
    at = open_page("data")
    at.file_uploader(key="uploads").set_value([q("2026-Q2", 91)]).run()
    button(at, "Add these files to the history").click().run()
    assert any("Added 2026-Q2 to the history" in s for s in shown(at.success))
    at.file_uploader(key="uploads").set_value([q("2026-Q3", 95)]).run()
    button(at, "Add these files to the history").click().run()
    assert metric(at, "Quarters") == "2"  # merged with the stored quarter

    fresh = open_page("data")  # a new session, as after a restart
    assert "stored quarter history" in fresh.info[0].value
    assert metric(fresh, "Quarters") == "2"
    table = fresh.dataframe[0].value
    assert list(table["Quarter"]) == ["2026-Q2", "2026-Q3"]


def test_a_quarter_already_stored_is_replaced_only_after_confirmation():
    at = open_page("data")
    at.file_uploader(key="uploads").set_value([q("2026-Q3", 95)]).run()
    button(at, "Add these files to the history").click().run()
    at.file_uploader(key="uploads").set_value([q("2026-Q3", 97)]).run()
    button(at, "Add these files to the history").click().run()
    assert any("Already in the history: 2026-Q3" in w for w in shown(at.warning))
    button(at, "Replace them").click().run()
    assert any("replacing 2026-Q3; the old version is kept" in s for s in shown(at.success))
    stored = at.session_state["source"]
    assert stored == "history"
    table = at.dataframe[0].value
    assert list(table["Versions"]) == [2]


def measured(text: str) -> int:
    """How many security measurements the summary says it judged."""
    return int(re.search(r"of (\d+) security measurement", text).group(1))


def stored_uploads(at):
    return next(df.value for df in at.dataframe if "Upload" in df.value.columns)


def test_a_stored_quarter_is_reviewed_after_a_restart_fixed_and_its_old_version_kept():
    from tests.app.test_data_page import _quarter_csv, confirm_the_two_console_labels

    at = open_page("data")
    at.file_uploader(key="uploads").set_value(
        [("q3.csv", _quarter_csv("2026-Q3", 0), "text/csv")]
    ).run()
    button(at, "Add these files to the history").click().run()
    assert any("Added 2026-Q3 to the history" in s for s in shown(at.success))

    fresh = open_page("data")  # after a restart: the upload is listed with how it was read
    uploads = stored_uploads(fresh)
    first = uploads.to_dict("records")[0]
    assert (first["Values read"], first["Labels not understood"]) == (2, 2)
    assert first["Files"] == "q3.csv" and "2026-Q3 (in use)" in first["Quarters"]
    before_text = markdown_text(open_page("summary"))

    button(fresh, "Open it for review").click().run()
    assert any("Reviewing stored upload" in i for i in shown(fresh.info))
    assert metric(fresh, "Labels not mapped") == "2"  # the stored bytes, read again
    confirm_the_two_console_labels(fresh)
    assert metric(fresh, "Labels not mapped") == "0"
    button(fresh, "Update the stored quarter").click().run()
    assert not fresh.exception
    assert any("the version stored before is kept" in s for s in shown(fresh.success))
    assert fresh.session_state["source"] == "history"
    assert metric(fresh, "Values understood") == "6"

    # The board pages read the corrected quarter: the two metrics now count.
    after_text = markdown_text(open_page("summary"))
    assert measured(after_text) > measured(before_text)
    again = open_page("data")
    states = stored_uploads(again)
    assert list(states["Quarters"]) == ["2026-Q3 (in use)", "2026-Q3 (replaced)"]
    assert list(again.dataframe[0].value["Versions"]) == [2]


def test_a_first_session_is_greeted_with_the_steps_until_a_quarter_is_stored():
    from ui.components.first_quarter import STEPS

    at = open_page()
    guide = [e for e in at.expander if e.label == "Your first quarter, step by step"]
    assert guide, "the summary greets an empty history with the steps"
    said = markdown_text(at)
    for number, (step, _, _) in enumerate(STEPS, start=1):
        assert f"{number}. {step}" in said.replace("**", "")
    data = open_page("data")
    data.file_uploader(key="uploads").set_value([q("2026-Q3", 95)]).run()
    button(data, "Add these files to the history").click().run()
    again = open_page()
    assert not [e for e in again.expander if e.label == "Your first quarter, step by step"]
