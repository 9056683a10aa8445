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
