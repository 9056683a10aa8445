from reporting.compare import changes_since
from reporting.translate import build_report


def test_changes_since_the_last_pack(sample_result, sample_context):
    latest = build_report(sample_result, sample_context, trials=2000)
    assert changes_since(latest, latest) == []
    published = latest.model_copy(deep=True)
    moved = published.risks[0]
    moved.rating, moved.within_appetite = "moderate", True
    published.summary.posture = "adequate"
    published.risks = published.risks[:-1]
    dropped = latest.risks[-1]
    lines = changes_since(published, latest)
    assert lines[0].startswith("Our security posture has worsened: it ")
    assert lines[0].endswith(", where last quarter it was adequate.")
    assert f"{moved.title} is now outside appetite (was within)." in lines
    assert f"{moved.title} moved up from moderate to {latest.risks[0].rating}." in lines
    assert any(dropped.title in line for line in lines) or dropped.within_appetite


def test_an_earlier_quarter_compared_with_the_latest_reads_as_sentences(
    sample_result, sample_context
):
    earlier = build_report(sample_result, sample_context, period="2026-Q1", trials=2000)
    latest = build_report(sample_result, sample_context, trials=2000)
    lines = changes_since(earlier, latest)
    assert lines and all(line.endswith(".") for line in lines)
