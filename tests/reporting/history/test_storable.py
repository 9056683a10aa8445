"""Text no database can hold (NUL, lone surrogates) is stored as U+FFFD with a warning saying
where, on SQLite and PostgreSQL, never a crash; the files' bytes are stored as they came."""

from __future__ import annotations

import pytest

from reporting.context import load_context
from reporting.history import HistoryError
from reporting.history.text import storable, unstorable
from reporting.ingest import InputFile
from reporting.observations import Source
from reporting.translate import build_report
from tests.conftest import make_xlsx
from tests.reporting.history.helpers import CONTEXT, FFFD, add, nul_upload, quarter_csv


def test_nul_and_lone_surrogates_become_fffd_and_a_surrogate_pair_its_character():
    assert not unstorable("plain é ✓") and storable("plain é ✓") == "plain é ✓"
    assert unstorable("a\x00b") and storable("a\x00b") == f"a{FFFD}b"
    assert unstorable("odd\udcff.csv") and storable("odd\udcff.csv") == f"odd{FFFD}.csv"
    assert storable("\ud83d\ude00") == "\U0001f600"  # a pair that encodes one character


def test_nul_and_lone_surrogates_anywhere_are_stored_as_fffd_with_a_warning_saying_where(store):
    files, handed = nul_upload()
    outcome = store.add(files, handed, CONTEXT)

    result = store.observations()
    stored = {o.metric_id: o for o in result.observations}
    mfa = stored["mfa_coverage_pct"]
    assert mfa.label == f"MFA{FFFD} coverage"
    assert mfa.note == f"checked{FFFD} by audit"
    assert (mfa.owner, mfa.business_unit, mfa.period_label) == (
        f"CISO{FFFD}",
        f"Retail{FFFD}",
        f"Q3{FFFD} 2026",
    )
    assert mfa.source == Source(file=f"kpis{FFFD}_2026-Q3.csv", sheet=f"Sheet{FFFD}One", cell="C2")
    assert stored["edr_coverage_pct"].source.file == f"odd{FFFD}.csv"
    assert [u.label for u in result.unmapped] == [f"Coffee{FFFD} uptime"]
    assert result.warnings[0].message == f"Bad{FFFD} value"
    assert [(f.name, f.data) for f in store.files(outcome.upload_id)] == [
        (f"kpis{FFFD}_2026-Q3.csv", b"Quarter,Metric,Value\x00\n"),
        (f"odd{FFFD}.csv", b"x"),
    ]
    assert [q.files for q in store.quarters()] == [[f"kpis{FFFD}_2026-Q3.csv", f"odd{FFFD}.csv"]]

    said = [w for w in result.warnings if "the history cannot store" in w.message]
    cell = next(w for w in said if w.source and w.source.cell == "C2")
    assert cell.source.sheet == f"Sheet{FFFD}One"
    assert cell.message.startswith(
        "The label, quarter label, business unit, owner, note and warning text held a NUL "
        "character (code 0), which the history cannot store; it is stored with \ufffd"
    )
    assert any(w.source and w.source.sheet and "sheet name" in w.message for w in said)
    assert any("not valid Unicode" in w.message for w in said)  # the lone surrogate
    for warning in result.warnings:
        assert "\x00" not in warning.message
    # What the store hands back was cleaned the same way, so the caller shows the same text.
    assert outcome.result.observations[0].label == f"MFA{FFFD} coverage"


def test_a_real_workbook_with_nul_in_its_name_sheet_and_cells_is_stored(store):
    # .xlsx text can carry NUL (written as _x0000_); so can a file name handed by a browser.
    data = make_xlsx(
        {
            "KPI\x00s": [
                ["Quarter", "Metric", "Value", "Note"],
                ["2026-Q3", "MFA coverage", 95, "seen\x00 twice"],
                ["2026-Q3", "Coffee\x00 uptime", 3, None],
            ]
        }
    )
    try:
        outcome = add(store, [InputFile("kpis\x00.xlsx", data)], CONTEXT)
    except HistoryError as problem:  # ingest may refuse such a file: a sentence, not a crash
        assert "\x00" not in str(problem)
        return
    assert outcome.added == ["2026-Q3"]
    assert store.files(outcome.upload_id) == [InputFile(f"kpis{FFFD}.xlsx", data)]
    result = store.observations()
    [mfa] = result.observations
    assert (mfa.source.file, mfa.source.sheet) == (f"kpis{FFFD}.xlsx", f"KPI{FFFD}s")
    stored = [mfa.label, mfa.note or "", mfa.source.sheet, mfa.source.file]
    stored += [w.message for w in result.warnings] + [str(w.source) for w in result.warnings]
    stored += [u.label for u in result.unmapped] + [str(u.source) for u in result.unmapped]
    assert not [t for t in stored if "\x00" in t]
    said = {(str(w.source), w.message.split(",")[0]) for w in result.warnings}
    assert (f"kpis{FFFD}.xlsx", "The file name held a NUL character (code 0)") in said
    assert (
        f"kpis{FFFD}.xlsx, sheet 'KPI{FFFD}s'",
        "The sheet name held a NUL character (code 0)",
    ) in said


def test_nul_in_the_context_and_a_published_pack_is_stored(store):
    context = load_context(
        b'organization:\n  name: "Harbour\\0 Retail"\n  fiscal_year_start_month: 7\n'
    )
    add(store, [quarter_csv("2026-Q3", 95)], context)
    assert store.save_context(context)
    assert store.latest_context().organization.name == "Harbour\x00 Retail"  # YAML escapes it
    report = build_report(store.observations(), context, trials=200)
    pack_id = store.publish(report, deck=b"PK\x00deck")
    assert store.packs()[0].title.startswith(f"Harbour{FFFD} Retail, ")
    saved, deck = store.pack(pack_id)
    assert saved.organization == "Harbour\x00 Retail" and deck == b"PK\x00deck"  # JSON escapes
    with pytest.raises(HistoryError, match="is not in the history"):
        store.delete("2026\x00Q3")  # a NUL in what is looked up is no crash either
