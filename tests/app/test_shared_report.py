"""The report is built once and shared: the numbers a page shows are those of a report built
directly, whatever was visited, simulated or asked before."""

from __future__ import annotations

from reporting.ingest import ingest
from reporting.translate import build_report, exposure
from tests.app.conftest import markdown_text, open_page
from tests.companies import many_units

PAGES = ("summary", "risks", "budget", "compliance", "trends", "data", "context", "export")


def _shared(at):
    """The report the pages used, from the same shared cache, and how it was made."""
    from ui import session

    files = at.session_state["files"]
    context = at.session_state["context"]
    given = at.session_state["context_given"]
    reading = tuple(
        (name, tuple(sorted(value.items())) if isinstance(value, dict) else value)
        for name, value in context.ingest_options().items()
    )
    key = ("files", at.session_state["_files_digest"][1])
    period = session._ingest_shared(key, reading, files).periods[-1]
    report = session._report_shared(key, reading, context.to_yaml(), given, period, files)
    return report, files, context, given


def _direct(files, context, given):
    """The same report built from scratch, with nothing simulated before."""
    exposure.forget()
    options = context.ingest_options()
    if not given:
        options["fiscal_year_start_month"] = None
    return build_report(ingest(files, **options), context, context_given=given)


def test_pages_show_the_numbers_of_a_report_built_directly():
    at = open_page()
    # Every page, twice, and a what-if (which prices changed risks in the same process).
    for _ in range(2):
        for page in PAGES:
            at.switch_page(f"pages/{page}.py").run()
            assert not at.exception, (page, [e.message for e in at.exception])
    at.switch_page("pages/risks.py").run()
    at.selectbox(key="risk_detail").select("data_breach:card-payments").run()
    for box in at.number_input:
        if box.key and box.key.startswith("wi_"):
            box.set_value(100.0 if "pct" in box.key else 0.0)
    next(b for b in at.button if b.label == "Show the change in exposure").click().run()
    assert "After the change" in markdown_text(at)
    shared, files, context, given = _shared(at)
    direct = _direct(files, context, given)
    assert shared.model_dump(exclude={"generated_at"}) == direct.model_dump(
        exclude={"generated_at"}
    )
    at.switch_page("pages/summary.py").run()
    text = markdown_text(at)
    assert f"1. {direct.risks[0].title}" in text
    assert direct.summary.answers.material_impact.split(". ")[0] in text


def test_two_sessions_share_one_report_and_an_upload_gets_its_own():
    first, second = open_page(), open_page()
    assert _shared(first)[0] is _shared(second)[0]  # one object, not a copy per session
    files, context_yaml = many_units(units=6)
    from reporting.context import load_context

    second.session_state["source"] = "uploads"
    second.session_state["files"] = files
    second.session_state["context"] = load_context(context_yaml)
    second.session_state["context_given"] = True
    second.switch_page("pages/summary.py").run()
    assert not second.exception
    uploaded, files, context, given = _shared(second)
    assert uploaded is not _shared(first)[0]
    assert uploaded.organization == "Many Units Ltd"
    direct = _direct(files, context, given)
    assert uploaded.model_dump(exclude={"generated_at"}) == direct.model_dump(
        exclude={"generated_at"}
    )
