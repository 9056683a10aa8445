"""Workbooks written the way vendor consoles, GRC exports and CISOs produce them, by a
helper who had not read the code (tests/data/heldout, with its answer key): what they
showed up is pinned here."""

from pathlib import Path

import pytest
import yaml

from reporting.ingest import ingest_paths

HERE = Path(__file__).resolve().parents[2] / "data" / "heldout"
KEY = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))["files"]


def _mappings(name: str) -> dict[str, str]:
    return {
        m["label"]: m["metric"] if m["metric"] != "none" else "ignore" for m in KEY[name]["metrics"]
    }


@pytest.mark.parametrize("name", sorted(KEY))
def test_no_label_is_taken_for_the_wrong_metric(name):
    result = ingest_paths(
        [HERE / name], fiscal_year_start_month=KEY[name]["fiscal_year_start_month"]
    )
    expected = {m["label"]: m["metric"] for m in KEY[name]["metrics"]}
    used = {
        m.label: m.metric_id
        for f in result.files
        for s in f.sheets
        for m in s.mappings
        if m.metric_id
    }
    assert {label: metric for label, metric in used.items() if expected[label] != metric} == {}
    # And most are used without asking.
    assert len(used) >= 0.6 * sum(m != "none" for m in expected.values())


@pytest.mark.parametrize("name", sorted(KEY))
def test_quarters_units_and_cells_read_as_the_answer_key_says(name):
    key = KEY[name]
    # As a CISO would after a first quarter: the fiscal year given where the file does not
    # state it, and the labels confirmed.
    fiscal = None if key["fiscal_year_start_stated_in_file"] else key["fiscal_year_start_month"]
    result = ingest_paths([HERE / name], fiscal_year_start_month=fiscal, mappings=_mappings(name))
    assert result.periods == sorted(p["quarter"] for p in key["periods"])
    assert result.business_units == sorted(key["business_units"])
    for cell in key["cells"]:
        found = {
            o.value
            for o in result.observations
            if o.metric_id == cell["metric"]
            and o.period == cell["period"]
            and o.business_unit == cell["unit"]
            and o.label == cell["label"]
        }
        assert found == ({cell["value"]} if cell["value"] is not None else set()), cell


def test_targets_written_as_bounds_are_read_not_refused():
    result = ingest_paths([HERE / "soc_export_long.csv"], fiscal_year_start_month=7)
    assert not [w for w in result.warnings if w.message.startswith("Target of")]
    targets = {o.target for o in result.observations if o.label == "Avg isolation time (hrs)"}
    assert targets == {4.0}  # written '<=4'
