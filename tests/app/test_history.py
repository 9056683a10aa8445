"""Quarter history from the Data page: add, ask before replacing, restore; survives restarts."""

from tests.app.conftest import metric, open_page


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
