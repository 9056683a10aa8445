"""Data page: upload, see what was understood, fix a mapping."""

from tests.app.conftest import XLSX, metric, open_page
from tests.conftest import make_xlsx


def test_the_sample_company_is_loaded_with_a_banner_and_every_label_mapped():
    at = open_page("data")
    assert "sample company" in at.info[0].value
    assert metric(at, "Values understood") == "350"
    assert metric(at, "Quarters") == "4"
    assert "Quarters from Q2 FY26 to Q1 FY27 (calendar 2025-Q4 to 2026-Q3)." in [
        c.value for c in at.caption
    ]
    assert metric(at, "Labels not mapped") == "0"


def test_uploading_replaces_the_sample_and_a_bad_file_does_not_stop_the_good_one():
    at = open_page("data")
    good = make_xlsx(
        {"KPIs": [["Metric", "Q3 2026"], ["MFA coverage", 95], ["Coffee machine uptime", 99]]}
    )
    at.file_uploader(key="uploads").set_value(
        [("ours.xlsx", good, XLSX), ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(32), XLSX)]
    ).run()
    assert not at.exception
    assert not at.info  # the sample banner is gone
    assert metric(at, "Values understood") == "1"
    assert metric(at, "Labels not mapped") == "1"
    assert any("photo\\.xlsx is a PNG image, not a spreadsheet\\." in e.value for e in at.error)


def test_a_doubtful_label_is_fixed_from_the_review_table_and_kept_in_the_context():
    at = open_page("data")
    data = make_xlsx(
        {
            "KPIs": [
                ["Metric", "Q3 2026"],
                ["EDR rollout progress (stores)", 93],
                ["MFA coverage", 95],
            ]
        }
    )
    at.file_uploader(key="uploads").set_value([("ours.xlsx", data, XLSX)]).run()
    assert metric(at, "Labels not mapped") == "1"
    # The review table lists the doubtful label first; drive the state the editor writes.
    at.session_state["mapping_editor"] = {
        "edited_rows": {
            0: {"Understood as": "Devices protected by endpoint detection and response"}
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    next(b for b in at.button if b.label == "Apply mapping changes").click().run()
    assert not at.exception
    assert (
        at.session_state["context"].mappings["EDR rollout progress (stores)"] == "edr_coverage_pct"
    )
    assert metric(at, "Labels not mapped") == "0"
    assert metric(at, "Values understood") == "2"
    # The rows are in another order now: the edit must not carry over to another label.
    assert not at.session_state["mapping_editor"]["edited_rows"]
    assert next(b for b in at.button if b.label == "Apply mapping changes").proto.disabled


def test_back_to_the_sample_company():
    at = open_page("data")
    at.file_uploader(key="uploads").set_value(
        [("ours.csv", b"Quarter,Metric,Value\n2026-Q3,MFA coverage,95\n", "text/csv")]
    ).run()
    assert metric(at, "Values understood") == "1"
    next(b for b in at.button if b.label == "Back to the sample company").click().run()
    assert metric(at, "Values understood") == "350"


def _quarter_csv(quarter: str, scale: int) -> bytes:
    """A long export with a unit column under a header nobody names a unit, and two labels
    in console wording the catalog does not carry."""
    rows = ["reporting_period,Ledger,kpi_name,kpi_value,Analyst remarks"]
    for unit, base in (("Retail", 90), ("Payments", 80)):
        rows += [
            f"{quarter},{unit},EDR rollout progress (stores),{base + scale},agent refresh",
            f"{quarter},{unit},Staff through the yearly infosec module,{base - 5 + scale},",
            f"{quarter},{unit},MFA coverage,{base + 2},",
        ]
    return ("\n".join(rows) + "\n").encode()


def _edit(at, key: str, edits: dict[int, dict[str, str]]) -> None:
    at.session_state[key] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.run()


MEANT = {
    "EDR rollout progress (stores)": "Devices protected by endpoint detection and response",
    "Staff through the yearly infosec module": "Security awareness training completion",
}


def confirm_the_two_console_labels(at) -> None:
    """Choose what the two labels not understood mean (they come first in the review)."""
    doubtful = [r["Label in the workbook"] for r in _rows(at, "mapping_editor")[:2]]
    _edit(
        at,
        "mapping_editor",
        {i: {"Understood as": MEANT[label]} for i, label in enumerate(doubtful)},
    )
    next(b for b in at.button if b.label == "Apply mapping changes").click().run()


def session_result(at):
    """What the page read, through the same cache the page used."""
    from ui import session

    files = at.session_state["files"]
    key = ("files", at.session_state["_files_digest"][1])
    options = at.session_state["context"].ingest_options()
    reading = tuple(
        (name, tuple(sorted(value.items())) if isinstance(value, dict) else value)
        for name, value in options.items()
    )
    return session._ingest_shared(key, reading, files)


def _rows(at, key: str) -> list[dict]:
    return next(df for df in at.dataframe if df.key == key).value.to_dict("records")


def test_confirmed_labels_and_column_roles_carry_to_the_next_quarter():
    at = open_page("data")
    at.file_uploader(key="uploads").set_value(
        [("q2.csv", _quarter_csv("2026-Q2", 0), "text/csv")]
    ).run()
    assert metric(at, "Labels not mapped") == "2"
    # Each column is listed with what it was read as and why; the unit column was
    # recognised by its values, and the user confirms it.
    ledger = next(r for r in _rows(at, "column_editor") if r["Header"] == "Ledger")
    assert (ledger["Column"], ledger["Read as"], ledger["Decided by"]) == (
        "B",
        "Business unit",
        "From its values",
    )
    remarks = next(r for r in _rows(at, "column_editor") if r["Header"] == "Analyst remarks")
    assert (remarks["Read as"], remarks["Decided by"]) == ("Not used", "From its header")
    _edit(at, "column_editor", {4: {"Read as": "Notes"}})
    next(b for b in at.button if b.label == "Apply column changes").click().run()
    assert at.session_state["context"].columns == {"Analyst remarks": "notes"}
    remarks = next(r for r in _rows(at, "column_editor") if r["Header"] == "Analyst remarks")
    assert remarks["Read as"] == "Notes"
    assert remarks["Decided by"].startswith("Your choice, ")
    confirm_the_two_console_labels(at)
    assert not at.exception
    assert metric(at, "Labels not mapped") == "0"
    assert set(at.session_state["context"].confirmed.mappings) == {
        "EDR rollout progress (stores)",
        "Staff through the yearly infosec module",
    }
    # Next quarter's export, same labels and headers: nothing to confirm.
    at.file_uploader(key="uploads").set_value(
        [("q3.csv", _quarter_csv("2026-Q3", 2), "text/csv")]
    ).run()
    assert not at.exception
    assert metric(at, "Labels not mapped") == "0"
    assert metric(at, "Business units") == "2"
    assert metric(at, "Values understood") == "6"
    labels = _rows(at, "mapping_editor")
    assert not [r for r in labels if r["Needs a look"]]
    chosen = [r for r in labels if r["Label in the workbook"] in MEANT]
    assert {r["Decided by"].split(",")[0] for r in chosen} == {"Your choice"}
    assert not [w for w in at.session_state["context"].columns if w != "Analyst remarks"]
    notes = [o.note for o in session_result(at).observations if o.note]
    assert notes == ["agent refresh", "agent refresh"]


FISCAL_CSV = b"Quarter,Metric,Value\nQ1 FY26,MFA coverage,91\nQ2 FY26,MFA coverage,93\n"


def test_fiscal_quarters_without_a_start_ask_for_the_month_before_the_history():
    at = open_page("data")
    at.file_uploader(key="uploads").set_value([("fy.csv", FISCAL_CSV, "text/csv")]).run()
    assert any("fiscal quarters" in w.value for w in at.warning)
    add = next(b for b in at.button if b.label == "Add these files to the history")
    assert add.proto.disabled
    at.selectbox(key="fiscal_month_choice").set_value(7).run()
    assert not at.exception
    assert at.session_state["context"].fiscal_start_month == 7
    assert "Quarters from Q1 FY26 to Q2 FY26 (calendar 2025-Q3 to 2025-Q4)." in [
        c.value for c in at.caption
    ]
    add = next(b for b in at.button if b.label == "Add these files to the history")
    assert not add.proto.disabled
    assert not any("fiscal quarters" in w.value for w in at.warning)


def test_a_start_the_workbook_states_is_shown_with_its_cell_and_can_be_kept():
    at = open_page("data")
    book = make_xlsx(
        {
            "KPIs": [
                ["KPIs – fiscal year starts 1 April"],
                [],
                ["Metric", "Q1 FY27"],
                ["MFA coverage", 95],
            ]
        }
    )
    at.file_uploader(key="uploads").set_value([("kpis.xlsx", book, XLSX)]).run()
    (info,) = [i.value for i in at.info if "fiscal year" in i.value]
    assert "**April**" in info and "cell A1" in info
    next(b for b in at.button if b.label == "Keep it for this company").click().run()
    assert at.session_state["context"].fiscal_start_month == 4
    assert not [i for i in at.info if "fiscal year" in i.value]


def test_a_confirmed_label_is_remembered_after_a_restart_without_adding_the_quarter():
    at = open_page("data")
    at.file_uploader(key="uploads").set_value(
        [("q2.csv", _quarter_csv("2026-Q2", 0), "text/csv")]
    ).run()
    confirm_the_two_console_labels(at)
    # A new session, as after a restart: the sample company, then next quarter's upload.
    again = open_page("data")
    assert "sample company" in again.info[0].value
    again.file_uploader(key="uploads").set_value(
        [("q3.csv", _quarter_csv("2026-Q3", 2), "text/csv")]
    ).run()
    assert not again.exception
    assert metric(again, "Labels not mapped") == "0"
    assert set(again.session_state["context"].mappings) == set(MEANT)
