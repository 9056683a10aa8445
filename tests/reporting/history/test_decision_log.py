"""Decisions across quarters: what the board decided on a published pack, and where each
decision stands in the next quarter's report and deck."""

import pytest

from reporting.compare import with_follow_ups
from reporting.export.deck import build_deck
from reporting.history import HistoryError, HistoryStore
from reporting.translate import build_report
from tests.reporting.export.deck.reading import reopen, title_of


@pytest.fixture
def store(tmp_path):
    history = HistoryStore(f"sqlite:///{tmp_path / 'history.sqlite'}")
    yield history
    history.close()


def test_a_decision_recorded_one_quarter_is_followed_up_the_next(
    store, sample_result, sample_context
):
    last = build_report(sample_result, sample_context, period="2026-Q2", trials=2000)
    pack_id = store.publish(last)
    decision = last.summary.decisions[0]
    store.record_outcome(pack_id, decision.risk_id, "approved", "Funded in the budget round")
    report = build_report(sample_result, sample_context, period="2026-Q3", trials=2000)
    followed = with_follow_ups(report, store)
    assert report.follow_ups == []  # the report given is not changed
    assert [f.risk_id for f in followed.follow_ups] == [d.risk_id for d in last.summary.decisions]
    first = followed.follow_ups[0]
    assert first.status == "approved" and first.note == "Funded in the budget round"
    assert first.text.startswith(f"{decision.title}: approved")
    if decision.recommendation:
        assert first.recommendation == decision.recommendation
        assert first.progress  # measured by the metrics the option was to move
    others = followed.follow_ups[1:]
    assert all(f.status == "open" for f in others)
    assert all("no decision recorded" in f.text for f in others)
    deck = reopen(build_deck(followed))
    titles = [title_of(s) for s in deck.slides]
    assert titles[2] == "What we decided last time, and where it stands"
    text = " ".join(s.text_frame.text for s in deck.slides[2].shapes if s.has_text_frame)
    assert first.text in text


def test_an_outcome_can_be_changed_and_a_wrong_one_is_refused(store, sample_result, sample_context):
    last = build_report(sample_result, sample_context, period="2026-Q2", trials=1000)
    pack_id = store.publish(last)
    risk_id = last.summary.decisions[0].risk_id
    store.record_outcome(pack_id, risk_id, "deferred")
    store.record_outcome(pack_id, risk_id, "done", "Closed in March")
    assert store.outcomes(pack_id)[risk_id][:2] == ("done", "Closed in March")
    with pytest.raises(HistoryError, match="'maybe' is not an outcome"):
        store.record_outcome(pack_id, risk_id, "maybe")
    with pytest.raises(HistoryError, match="no published pack number 99"):
        store.record_outcome(99, risk_id, "done")


def test_no_earlier_pack_means_no_follow_ups(store, sample_report):
    assert with_follow_ups(sample_report, store) is sample_report
