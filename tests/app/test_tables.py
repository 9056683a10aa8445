"""Tables and charts that show themselves: no cell reads "None" or "nan", the register's
columns are configured (width and help, headers whole), a table longer than a screen is
paged, and a target that is the catalog's default says so."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from reporting.board.targets import DEFAULT_MARK, DEFAULT_NOTE
from tests.app.conftest import open_page
from ui.components import tables

PAGES = ["summary", "risks", "budget", "compliance", "trends", "data", "context", "export"]

# A quarter as a CISO might first send it: blank units and values, "n/a", a label the
# catalog does not know, and no targets at all (so every target is the catalog's).
MESSY = (
    b"Quarter,Business Unit,Metric,Value,Owner\n"
    b"2026-Q2,,MFA coverage,91,\n"
    b"2026-Q3,,MFA coverage,95,\n"
    b"2026-Q2,Retail,Patch compliance,80,\n"
    b"2026-Q3,Retail,Patch compliance,88,IT ops\n"
    b"2026-Q3,Retail,EDR coverage %,n/a,\n"
    b"2026-Q3,,Critical vulnerabilities open,,\n"
    b"2026-Q3,Retail,Vendors assessed,60,\n"
    b"2026-Q3,,Coffee machine uptime,99,\n"
)


def messy() -> AppTest:
    at = open_page("data")
    at.file_uploader(key="uploads").set_value([("messy.csv", MESSY, "text/csv")]).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _empty_reads_as_words(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().lower() in {"none", "nan", "nat", "null"}


def assert_no_none_or_nan(at: AppTest, page: str) -> None:
    for frame in at.dataframe:
        data = frame.value
        placeholder = frame.proto.placeholder
        for name in data.columns:
            column = data[name]
            if pd.api.types.is_numeric_dtype(column) and column.isna().any():
                # A missing number is drawn with the grid's placeholder: it must be empty.
                assert placeholder == "", f"{page}: {frame.key} {name}"
                continue
            shown = [v for v in column if _empty_reads_as_words(v)]
            assert not shown, f"{page}: {frame.key} column {name!r} shows {shown[:3]}"
    for table in at.table:
        for name, column in table.value.items():
            shown = [v for v in column if _empty_reads_as_words(v)]
            assert not shown, f"{page}: table column {name!r} shows {shown[:3]}"


@pytest.mark.parametrize("page", PAGES)
def test_no_table_on_the_sample_shows_none_or_nan(page):
    at = open_page(page)
    assert_no_none_or_nan(at, page)


def test_no_table_after_a_messy_upload_shows_none_or_nan():
    at = messy()
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert_no_none_or_nan(at, page)


def test_an_empty_targets_table_has_no_row_reading_none():
    at = open_page("context")
    targets = next(d for d in at.dataframe if d.key == "targets_editor")
    assert targets.value.empty  # no target set: no row at all, + adds one
    assert targets.proto.placeholder == ""


def _columns(frame) -> dict:
    """Each shown column's config (the hidden index left out)."""
    return {k: v for k, v in json.loads(frame.proto.columns).items() if not k.startswith("_")}


def test_the_register_columns_are_sized_with_help_and_whole_headers():
    at = open_page("risks")
    register = at.dataframe[0]  # the register, first on the page
    config = _columns(register)
    assert set(config) == set(register.value.columns)
    for name, column in config.items():
        assert isinstance(column.get("width"), int), name
        assert column.get("help"), name
        label = column.get("label") or name
        # The header is never cut: 14px Source Sans measures about 6.4px a character.
        assert column["width"] >= len(label) * 6.4 + 16, name
    # Together they fit the page, so Owner and the money columns are not scrolled away.
    assert sum(c["width"] for c in config.values()) <= tables.PAGE_WIDTH
    # The longest risk and place wrap in taller rows rather than being cut.
    assert register.proto.row_height >= tables.WRAPPED_ROW


def test_the_drivers_and_controls_show_whole_columns():
    at = open_page("risks")
    drivers = at.dataframe[1]  # what drives the risk shown, under the register
    config = _columns(drivers)
    assert config["Source"]["width"] >= len("Source") * 6.4 + 16
    assert sum(c["width"] for c in config.values()) <= tables.PAGE_WIDTH
    at = open_page("compliance")
    # Controls are read, not sorted: static tables, each row as tall as its evidence.
    assert len(at.table) == 5
    assert "Source cells" in at.table[0].value.columns


def test_a_table_longer_than_a_screen_is_paged_and_edits_survive_turning_the_page():
    at = open_page("data")  # the sample's labels: more than three pages
    page = at.selectbox(key="mapping_editor_page")
    assert page.label == "Page"
    first = next(d for d in at.dataframe if d.key == "mapping_editor")
    assert len(first.value) == tables.PAGE_ROWS
    total = len(page.options)
    assert total >= 3 and page.options[0].startswith("Rows 1–25 of ")
    label = first.value.iloc[0]["Label in the workbook"]
    where = first.value.iloc[0]["Where"]
    at.session_state["mapping_editor"] = {
        "edited_rows": {0: {"Understood as": "Sensitive data stores encrypted"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    page.select(tables.PAGE_ROWS).run()
    second = next(d for d in at.dataframe if d.key == f"mapping_editor_from_{tables.PAGE_ROWS}")
    assert len(second.value) == tables.PAGE_ROWS
    assert where not in set(second.value["Where"])  # the next rows, not the first again
    apply = next(b for b in at.button if b.label == "Apply mapping changes")
    assert not apply.proto.disabled  # the first page's edit is still pending
    apply.click().run()
    assert not at.exception
    assert at.session_state["context"].mappings[label] == "encryption_coverage_pct"


def _paged_app(rows: int):
    def script(rows: int):
        import pandas as pd

        from ui.components import tables

        tables.show(
            pd.DataFrame({"Metric": [f"metric {i}" for i in range(rows)], "Value": range(rows)}),
            key="long",
        )

    return AppTest.from_function(script, kwargs={"rows": rows}, default_timeout=30).run()


def test_a_report_of_sixty_metrics_pages_its_table_instead_of_scrolling_inside_it():
    at = _paged_app(64)
    assert not at.exception
    page = at.selectbox(key="long_page")
    assert page.options == [
        "Rows 1–25 of 64",
        "Rows 26–50 of 64",
        "Rows 51–64 of 64",
    ]
    assert at.dataframe[0].value["Metric"].iloc[0] == "metric 0"
    page.select(50).run()
    assert list(at.dataframe[0].value["Metric"]) == [f"metric {i}" for i in range(50, 64)]
    short = _paged_app(12)
    assert not short.selectbox and len(short.dataframe[0].value) == 12


def test_a_default_target_says_it_is_a_default():
    at = messy()
    at.switch_page("pages/risks.py").run()
    assert not at.exception
    drivers = at.dataframe[1]  # what drives the risk shown, under the register
    assert all(t.endswith(DEFAULT_MARK) for t in drivers.value["Target"])
    assert DEFAULT_NOTE in [c.value for c in at.caption]
    at.switch_page("pages/trends.py").run()
    assert not at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    targets = [t["name"] for s in specs for t in s["data"] if t["name"].startswith("Target ")]
    assert targets and all(t.endswith(DEFAULT_MARK) for t in targets)
    assert DEFAULT_NOTE in [c.value for c in at.caption]


def test_a_target_from_the_workbook_is_not_marked_a_default():
    at = open_page("risks")  # the sample writes its targets beside the values
    drivers = at.dataframe[1]  # what drives the risk shown, under the register
    assert not any(t.endswith(DEFAULT_MARK) for t in drivers.value["Target"])
    assert DEFAULT_NOTE not in [c.value for c in at.caption]


def test_the_layout_keeps_every_header_and_wraps_only_plain_text():
    frame = pd.DataFrame(
        {
            "Needs a look": [True, False],
            "A long text column": ["word " * 60, "short"],
            "Choice": ["Some rather long choice from a list", "x"],
        }
    )
    config, row_height = tables.layout(
        frame,
        {"Choice": {"type_config": {"type": "selectbox"}}},
        page_width=500,
    )
    assert config["Needs a look"]["width"] >= len("Needs a look") * 6.4 + 16
    assert config["Choice"]["width"] >= len("Some rather long choice from a list") * 6.4
    assert config["A long text column"]["width"] < 300 and row_height >= tables.WRAPPED_ROW
    assert tables.cell(None) == "" and tables.cell(float("nan")) == "" and tables.cell(0) == 0
