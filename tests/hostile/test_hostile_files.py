"""Hostile files end in one sentence each, quickly, within memory, and never take us down."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

import pytest

from reporting.ingest import ingest_paths
from reporting.ingest.limits import Limits
from tests.conftest import ROOT, SAMPLE, error_of, make_xlsx
from tests.hostile import corpus

SECONDS = 30
MEMORY_BYTES = 1.5 * 1024**3

EXPECTED = {
    "corners.xlsx": "its used range spans 17 billion cells (1,048,576 rows by 16,384 columns)",
    "fanout.xlsx": "its cells would hold 1 billion characters of text once opened",
    "fanout3000.xlsx": "its cells would hold 3 billion characters of text once opened",
    "repeats.ods": "its used range spans 16 million cells (1,000,000 rows by 16 columns)",
    "padded.xlsx": "part 'xl/worksheets/sheet9.xml' would expand",
    "sheets.xlsx": "has 4,990 sheets, more than the 250 a workbook may have here",
    "doctype.xlsx": "part 'xl/workbook.xml' declares XML entities",
    "late_nul.csv": "contains binary data, not text",
    "long_cell.csv": "line 3 has a cell longer than 1,000,000 characters",
}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def written(hostile_dir):
    return corpus.write(hostile_dir)


def test_every_case_of_the_probe_is_in_the_corpus():
    assert set(EXPECTED) == set(corpus.CORPUS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_is_refused_with_its_sentence_beside_a_good_one(written, name):
    path = next(p for p in written if p.name == name)
    started = time.monotonic()
    result = ingest_paths([path, SAMPLE / "harbour_security_kpis.xlsx"])
    assert time.monotonic() - started < SECONDS
    assert EXPECTED[name] in error_of(result, name)
    assert error_of(result, name).startswith(name)
    assert result.usable  # the good workbook beside it was read


def test_the_command_line_refuses_the_whole_corpus_in_time_and_memory(written):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "reporting", "validate", *map(str, written)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    elapsed = time.monotonic() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    for name, sentence in EXPECTED.items():
        assert f"{name}: NOT READ" in run.stdout
        assert sentence in run.stdout
    assert elapsed < SECONDS
    # The largest of this process's children so far, the command and its reader workers.
    assert max(before, peak_kib) * 1024 < MEMORY_BYTES


def test_a_two_gigabyte_file_is_refused_on_its_size_without_being_read(tmp_path):
    path = tmp_path / "export.csv"
    with path.open("wb") as sparse:
        sparse.truncate(2 * 1024**3)
    started = time.monotonic()
    result = ingest_paths([path])
    assert time.monotonic() - started < 2
    assert error_of(result, "export.csv") == (
        "export.csv is 2 GB, above the 128 MB limit for one file; split it or remove unused sheets."
    )


def test_a_merge_over_the_whole_sheet_is_filled_only_inside_the_table(read):
    started = time.monotonic()
    result = read(("merged.xlsx", corpus.merged_everything()))
    assert time.monotonic() - started < 5
    assert [(o.metric_id, o.value) for o in result.observations] == [("mfa_coverage_pct", 95)]


def test_control_characters_in_a_label_are_replaced_and_the_cell_named(read):
    result = read(("kpis.csv", "Metric,2026-Q3\nMFA\x1b[31m coverage,95\nEDR coverage,90\n"))
    assert result.files[0].ok
    note = next(w for w in result.warnings if "control characters" in w.message)
    assert note.source.cell == "A2"
    assert "1 cell held control characters (such as NUL), shown as \ufffd: A2" in note.message
    labels = {m.label for s in result.files[0].sheets for m in s.mappings}
    assert "MFA\ufffd[31m coverage" in labels


def test_a_nul_in_a_workbook_cell_is_replaced_and_the_cell_named(read):
    # xlsx escapes a NUL as _x0000_, which readers turn back into the character.
    data = make_xlsx({"KPIs": [["Metric", "Q3 2026"], ["MFA\x00 coverage", 95]]})
    result = read(("kpis.xlsx", data))
    note = next(w for w in result.warnings if "control characters" in w.message)
    assert (note.source.sheet, note.source.cell) == ("KPIs", "A2")
    assert all("\x00" not in o.label for o in result.observations)


def test_utf16_without_a_byte_order_mark_is_read_as_text(read):
    result = read(("kpis.csv", corpus.utf16_without_bom()))
    assert [(o.metric_id, o.value) for o in result.observations] == [("mfa_coverage_pct", 95)]


def test_a_long_cell_under_the_limit_is_read_not_refused(read):
    result = read(("kpis.csv", corpus.long_cell_csv(200 * 1024)))
    assert result.files[0].ok
    assert [(o.metric_id, o.value) for o in result.observations] == [("mfa_coverage_pct", 95)]
    assert result.unmapped and len(result.unmapped[0].label) == 200 * 1024


def _sparse(path, nbytes: int = 2 * 1024**3):
    with path.open("wb") as handle:
        handle.truncate(nbytes)
    return path


def test_a_two_gigabyte_context_or_template_is_refused_on_its_size(tmp_path, capsys):
    from reporting.cli import main

    context = _sparse(tmp_path / "context.yaml")
    started = time.monotonic()
    code = main(["validate", str(SAMPLE / "harbour_security_kpis.xlsx"), "--context", str(context)])
    assert code != 0
    assert "context.yaml: is 2 GB, more than the 1 MB" in capsys.readouterr().err
    template = _sparse(tmp_path / "corp.pptx")
    workbook, deck = str(SAMPLE / "harbour_security_kpis.xlsx"), str(tmp_path / "d.pptx")
    code = main(["build", workbook, "--out", deck, "--template", str(template)])
    assert code == 1
    assert "corp.pptx is 2 GB, above the 50 MB limit" in capsys.readouterr().err
    assert time.monotonic() - started < 10
    assert not (tmp_path / "d.pptx").exists()


# --- what a red-team run against the command line found --------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "sentence"),
    [
        ("wide.csv", corpus.wide_line_csv, "line 1 has 1,100,002 columns, more than the 16,384"),
        ("quote.csv", corpus.unclosed_quote_csv, "the quote opened on line 2 is never closed"),
    ],
)
def test_a_text_file_too_wide_or_with_an_open_quote_is_refused_quickly(read, name, make, sentence):
    started = time.monotonic()
    result = read((name, make()), ("good.csv", "Quarter,Metric,Value\n2026-Q3,MFA coverage,95\n"))
    assert time.monotonic() - started < 5
    assert sentence in error_of(result, name)
    assert len(result.observations) == 1


def test_a_text_file_of_more_cells_than_a_sheet_may_have_is_refused_before_parsing(read):
    rows = "".join(f"2026-Q{i % 4 + 1},BU{i},MFA coverage,{i % 100}\n" for i in range(3000))
    result = read(
        ("long.csv", "Quarter,Unit,Metric,Value\n" + rows), limits=Limits(text_cells=5000)
    )
    assert error_of(result, "long.csv").startswith(
        "long.csv holds about 12,005 cells (rows times columns), above the 5,000 a sheet may have"
    )


@pytest.mark.parametrize("kind", ["device", "pipe"])
def test_a_device_or_a_pipe_is_refused_without_being_read(tmp_path, kind):
    path = tmp_path / "kpis.csv"
    if kind == "device":
        path.symlink_to("/dev/zero")
    else:
        os.mkfifo(path)
    started = time.monotonic()
    result = ingest_paths([path, SAMPLE / "harbour_security_kpis.xlsx"])
    assert time.monotonic() - started < 10
    assert "is not a regular file (a device, pipe or socket)" in error_of(result, "kpis.csv")
    assert result.usable


def test_a_byte_order_mark_on_windows_text_does_not_hide_the_header(read):
    result = read(("kpis.csv", corpus.bom_then_windows_text()))
    assert [(o.business_unit, o.value) for o in result.observations] == [("Café", 93)]


def test_a_sheet_a_reader_cannot_open_names_the_cell_that_stops_it(read):
    result = read(("kpis.xlsx", corpus.bad_shared_string()))
    note = next(w for w in result.warnings if w.kind == "sheet")
    assert note.message.startswith(
        "Not read: this sheet could not be read because cell B3 holds a reference to a "
        "shared text that does not exist, so none of its values were used"
    )
    assert note.source.sheet == "Metrics"


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (corpus.template_without_layouts, "its slide masters or layouts are damaged"),
        (corpus.template_of_impossible_size, "has a slide size PowerPoint cannot show"),
        (lambda: make_xlsx({"S": [["a"]]}), "is not a PowerPoint presentation or template"),
    ],
)
def test_a_template_that_breaks_while_used_is_one_sentence(sample_report, make, sentence):
    from reporting.export.deck import TemplateError, build_deck

    with pytest.raises(TemplateError) as refused:
        build_deck(sample_report, template=make())
    assert sentence in str(refused.value)
    assert "BytesIO" not in str(refused.value) and "line 1" not in str(refused.value)
