"""The `board-brief` command as a user or a script calls it."""

import json
import subprocess
import sys

import openpyxl
import pytest

from reporting.catalog import load_catalog
from reporting.cli import main
from tests.conftest import SAMPLE


def sample_files():
    return sorted(str(p) for p in SAMPLE.iterdir())


def test_validate_sample_maps_every_label_and_reads_the_context(capsys):
    assert main(["validate", *sample_files()]) == 0
    out = capsys.readouterr().out
    assert "Business context read from" in out
    assert "0 labels not mapped" in out
    assert "across 4 quarters (2025-Q4 to 2026-Q3) and 4 business units" in out
    assert "'Phish-prone %' -> phishing_click_rate_pct (alias, 100%)" in out


def test_validate_json_carries_the_design_keys(capsys):
    assert main(["validate", "--json", *sample_files()]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"observations", "unmapped", "warnings", "files"} <= set(data)
    assert data["unmapped"] == []
    first = data["observations"][0]
    assert {
        "metric_id",
        "label",
        "period",
        "period_label",
        "business_unit",
        "value",
        "unit",
        "status",
        "source",
    } <= set(first)
    assert set(first["source"]) == {"file", "sheet", "cell"}
    ids = {o["metric_id"] for o in data["observations"]}
    assert ids <= set(load_catalog().metrics)
    workbook = next(f for f in data["files"] if f["name"] == "harbour_security_kpis.xlsx")
    assert workbook["sheets"][0]["layout"] == "wide"
    assert all(m["confidence"] == 1.0 for m in workbook["sheets"][0]["mappings"])
    # The fiscal labels were read with the sample's July fiscal year.
    mfa = [
        o
        for o in data["observations"]
        if o["metric_id"] == "mfa_coverage_pct" and o["business_unit"] is None
    ]
    assert {(o["period_label"], o["period"]) for o in mfa} >= {("Q1 FY27", "2026-Q3")}


def test_validate_without_usable_data_exits_1_with_one_sentence(tmp_path, capsys):
    bad = tmp_path / "board.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "board.xlsx: NOT READ - board.xlsx is a PNG image, not a spreadsheet." in out
    assert "No usable data was found." in out


def test_a_missing_file_is_reported_not_raised(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.xlsx")]) == 1
    assert "nope.xlsx was not found." in capsys.readouterr().out


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2


def test_a_bad_context_file_is_one_clear_message_and_exit_2(tmp_path, capsys):
    context = tmp_path / "context.yaml"
    context.write_text("organisation: {name: X}\nbusines_units: []\n")
    code = main(["validate", str(SAMPLE / "bu_ecommerce.csv"), "--context", str(context)])
    assert code == 2
    err = capsys.readouterr().err
    assert "unknown key 'busines_units'; did you mean 'business_units'?" in err
    assert "Traceback" not in err


def test_fiscal_labels_without_a_context_are_read_as_calendar_and_said_so(tmp_path, capsys):
    path = tmp_path / "fy.csv"
    path.write_text("Quarter,Metric,Value\nQ1 FY26,MFA coverage,91\n")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "were read as if the fiscal year started in January" in out
    # The sample workbook says when its fiscal year starts, in its 'Read me' sheet.
    assert main(["validate", str(SAMPLE / "harbour_security_kpis.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "The fiscal year was read as starting in July, as the workbook states" in out
    assert "sheet 'Read me', cell A4" in out


def test_validate_uses_a_fiscal_year_start_the_workbook_states(tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "KPIs"
    sheet.append(["Information security KPIs (fiscal year starts 1 July)"])
    sheet.append([])
    sheet.append(["Metric", "Q1 FY26", "Q2 FY26"])
    sheet.append(["MFA coverage (%)", 91, 93])
    path = tmp_path / "kpis.xlsx"
    book.save(path)
    assert main(["validate", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sorted({o["period"] for o in data["observations"]}) == ["2025-Q3", "2025-Q4"]
    assert data["fiscal_year_start_month"] == 7
    assert data["fiscal_year_stated_in"] == {"file": "kpis.xlsx", "sheet": "KPIs", "cell": "A1"}


def test_template_lists_every_catalog_metric_and_reads_back(tmp_path, capsys):
    out = tmp_path / "metrics_template.xlsx"
    assert main(["template", "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:2] == ["Metrics", "Catalog"]
    sheet = book["Metrics"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Quarter", "Business Unit", "Metric", "Value"]
    names = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {m.name for m in load_catalog()}


def test_python_dash_m_runs_the_same_command():
    done = subprocess.run(
        [sys.executable, "-m", "reporting", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert "validate" in done.stdout and "template" in done.stdout


def test_build_writes_the_report_json_and_prints_the_headline(tmp_path, capsys):
    out = tmp_path / "report.json"
    assert main(["build", *sample_files(), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Harbour Retail Group, Q1 FY27 (calendar 2026-Q3):" in printed
    data = json.loads(out.read_text())
    assert data["period"] == "2026-Q3" and data["previous_period"] == "2026-Q2"
    assert data["risks"][0]["rank"] == 1


def test_build_for_an_earlier_quarter_and_a_bad_one(tmp_path, capsys):
    out = tmp_path / "q2.json"
    assert main(["build", *sample_files(), "--period", "2026-Q2", "--json", str(out)]) == 0
    assert json.loads(out.read_text())["period"] == "2026-Q2"
    assert main(["build", *sample_files(), "--period", "2019-Q1"]) == 1
    assert "There is no data for 2019-Q1" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["build", *sample_files(), "--period", "Q3"])
    assert exit_info.value.code == 2


def test_history_add_list_replace_and_build_from_history(tmp_path, capsys):
    assert main(["history"]) == 0
    assert "The history is empty" in capsys.readouterr().out
    assert main(["history", "add", *sample_files()]) == 0
    assert "Added 2025-Q4, 2026-Q1, 2026-Q2, 2026-Q3 as upload 1." in capsys.readouterr().out
    assert main(["history", "add", str(SAMPLE / "bu_ecommerce.csv")]) == 1
    err = capsys.readouterr().err
    assert "Already in the history: 2025-Q4, 2026-Q1, 2026-Q2 and 2026-Q3 (from" in err
    assert "Run again with --replace" in err
    assert main(["history"]) == 0
    listed = capsys.readouterr().out
    assert "2026-Q3: bu_card_payments.csv" in listed and "versions" not in listed
    out = tmp_path / "from_history.json"
    assert main(["build", "--from-history", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["organization"] == "Harbour Retail Group"  # the stored context was used
    assert len(data["observations"]) == 350
    assert main(["history", "add", str(SAMPLE / "bu_ecommerce.csv"), "--replace"]) == 0
    assert "(kept as earlier versions)" in capsys.readouterr().out
    assert main(["build"]) == 2
    assert "give either files or --from-history" in capsys.readouterr().err


def test_build_names_the_metric_a_label_not_used_may_mean(tmp_path, capsys):
    path = tmp_path / "kpis.csv"
    path.write_text(
        "Quarter,Metric,Value\n2026-Q3,EDR rollout progress (stores),93\n2026-Q3,MFA coverage,95\n"
    )
    assert main(["build", str(path), "--json", str(tmp_path / "r.json")]) == 0
    err = capsys.readouterr().err
    assert (
        "'EDR rollout progress (stores)' at kpis.csv, cell B2 was not used (not mapped to a "
        "metric; closest is edr_coverage_pct"
    ) in err


def test_history_never_prints_the_database_password():
    from reporting.cli.history import shown_url

    assert shown_url("postgresql+psycopg://bb:s3cret@db.internal/history") == (
        "postgresql+psycopg://bb:***@db.internal/history"
    )
    assert shown_url("sqlite:////home/me/.board-brief/history.sqlite") == (
        "sqlite:////home/me/.board-brief/history.sqlite"
    )
