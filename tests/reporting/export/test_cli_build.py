"""`board-brief build` writing the board pack: deck, workbook, memo, charts, template."""

from __future__ import annotations

import openpyxl
import pytest
from pptx import Presentation

from reporting.cli import main
from reporting.export import images
from tests.conftest import SAMPLE


def sample_files() -> list[str]:
    return sorted(str(p) for p in SAMPLE.iterdir())


def test_build_writes_the_deck_workbook_and_markdown_memo(tmp_path, capsys):
    deck, book, memo = tmp_path / "deck.pptx", tmp_path / "book.xlsx", tmp_path / "memo.md"
    code = main(
        ["build", *sample_files(), "--out", str(deck), "--xlsx", str(book), "--memo", str(memo)]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert f"Wrote {deck}, {book}, {memo}" in out
    slides = Presentation(str(deck)).slides
    assert slides[0].shapes.title.text_frame.text == "Cyber risk report to the board"
    assert "Harbour Retail Group" in slides[0].placeholders[1].text_frame.text
    assert openpyxl.load_workbook(book).sheetnames[0] == "Summary"
    assert memo.read_text(encoding="utf-8").startswith("# Cyber risk report to the board")


def test_a_memo_ending_in_html_is_written_as_html(tmp_path):
    memo = tmp_path / "memo.html"
    assert main(["build", *sample_files(), "--memo", str(memo)]) == 0
    assert memo.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_memo_of_another_kind_is_a_usage_error(tmp_path, capsys):
    assert main(["build", *sample_files(), "--memo", str(tmp_path / "memo.docx")]) == 2
    assert "written as .md (Markdown) or .html" in capsys.readouterr().err


def test_a_bad_template_is_one_sentence_naming_it_and_nothing_is_written(tmp_path, capsys):
    template = tmp_path / "corp.pptx"
    template.write_bytes(b"this is not a presentation")
    deck, book = tmp_path / "deck.pptx", tmp_path / "book.xlsx"
    outputs = ["--out", str(deck), "--xlsx", str(book), "--template", str(template)]
    code = main(["build", *sample_files(), *outputs])
    assert code == 1
    err = capsys.readouterr().err
    assert f"{template}: is not a PowerPoint presentation or template" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not deck.exists() and not book.exists()


def test_a_missing_template_is_one_sentence(tmp_path, capsys):
    outputs = ["--out", str(tmp_path / "d.pptx"), "--template", str(tmp_path / "nope.pptx")]
    code = main(["build", *sample_files(), *outputs])
    assert code == 1
    assert "nope.pptx" in capsys.readouterr().err


def test_a_template_needs_a_deck_to_build(tmp_path, capsys):
    assert main(["build", *sample_files(), "--template", str(tmp_path / "corp.pptx")]) == 2
    assert "--template needs --out" in capsys.readouterr().err


def test_charts_without_a_browser_exit_1_and_write_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    charts, deck = tmp_path / "charts", tmp_path / "deck.pptx"
    code = main(["build", *sample_files(), "--charts", str(charts), "--out", str(deck)])
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("board-brief: chart images need a Chrome or Chromium browser")
    assert len(err.splitlines()) == 1
    assert not charts.exists() and not deck.exists()


def test_charts_are_written_into_the_directory(tmp_path, capsys, monkeypatch):
    # The rendering itself is tested in test_images; here only what the command does with it.
    seen = {}

    def fake_images(report, formats=images.FORMATS, *, tolerance=None):
        seen["tolerance"] = tolerance
        return {"risk_heatmap.png": b"\x89PNG", "risk_heatmap.svg": b"<svg/>"}

    monkeypatch.setattr(images, "images_available", lambda: True)
    monkeypatch.setattr(images, "chart_images", fake_images)
    charts = tmp_path / "pack" / "charts"
    assert main(["build", *sample_files(), "--charts", str(charts)]) == 0
    assert sorted(p.name for p in charts.iterdir()) == ["risk_heatmap.png", "risk_heatmap.svg"]
    assert seen["tolerance"] == 5_000_000  # the sample context's loss tolerance
    assert f"2 chart images in {charts}" in capsys.readouterr().out


@pytest.mark.parametrize("flag", ["--out", "--xlsx"])
def test_outputs_go_where_asked_even_in_new_folders(tmp_path, flag):
    target = tmp_path / "new" / ("deck.pptx" if flag == "--out" else "book.xlsx")
    assert main(["build", *sample_files(), flag, str(target)]) == 0
    assert target.stat().st_size > 10_000
