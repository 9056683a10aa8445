"""A plain export, split without the csv module, reads exactly as the csv module reads it."""

from __future__ import annotations

import pytest

from reporting.ingest import text
from reporting.ingest.limits import DEFAULT_LIMITS


@pytest.mark.parametrize(
    "written",
    [
        "Quarter,Metric,Value\r\n2026-Q3,MFA coverage,95\r\n2026-Q3,EDR,90\r\n",
        'Quarter,Metric,Value,Notes\n2026-Q3,MFA,95,"checked, twice"\n2026-Q2,"EDR ""x""",9,\n',
        "Quarter;Metric;Value\n2026-Q3;MFA;95,5\n2026-Q3;EDR; 90 \n\n\n",
        'Quarter,Metric,Notes\n2026-Q3,MFA,"two\nlines"\n2026-Q2,EDR,x\n',
        "Metric,Q3\rMFA,95\rEDR,\r",
        'a,b\n"open,1\nc,d\n',
        "Metric,Q3\nMFA,95,extra\nEDR\n",
    ],
)
def test_a_plain_export_split_in_c_reads_as_the_csv_module_reads_it(written, monkeypatch):
    data = written.encode("utf-8")
    fast = text.read_text("k.csv", data, DEFAULT_LIMITS)
    monkeypatch.setattr(text, "_split_plain", lambda *args: None)
    exact = text.read_text("k.csv", data, DEFAULT_LIMITS)
    assert [list(row) for row in fast.rows] == [list(row) for row in exact.rows]
    assert (fast.height, fast.decimal_comma) == (exact.height, exact.decimal_comma)


def test_a_metric_column_of_countless_different_names_is_refused_as_one(read):
    from reporting.ingest.limits import Limits

    rows = "".join(f"2026-Q3,label {i},1\n" for i in range(60))
    result = read(("many.csv", "Quarter,Metric,Value\n" + rows), limits=Limits(labels_per_sheet=50))
    assert not result.observations and not result.unmapped
    assert any(
        "Not read: column B holds 60 different metric names" in w.message for w in result.warnings
    )


def test_carriage_returns_count_as_line_ends_for_the_cell_limit(read):
    from reporting.ingest.limits import Limits

    text = "Quarter,Metric,Value\r" + "2026-Q3,MFA coverage,95\r" * 5
    result = read(("cr.csv", text), limits=Limits(text_cells=12))
    assert result.files[0].error and "cells" in result.files[0].error


def test_a_text_too_large_for_memory_once_decoded_is_refused_with_a_true_sentence():
    import pytest

    from reporting.ingest.limits import Limits
    from reporting.ingest.safety import UnreadableFile
    from reporting.ingest.text import read_text

    data = ("Quarter,Metric,Value\n" + "2026-Q3,MFA coverage \U0001f600,95\n" * 2000).encode()
    with pytest.raises(UnreadableFile, match="such as emoji, take four bytes each"):
        read_text("wide.csv", data, Limits(worker_memory_bytes=500_000))
    assert read_text("wide.csv", data, Limits()).height == 2001
