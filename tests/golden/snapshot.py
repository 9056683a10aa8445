"""The sample company's board pack as plain data, to hold refactoring to identical output.

`board_pack()` builds the sample's BoardReport and every export from it; the `*_content`
functions reduce each file to what a reader sees (texts, numbers, chart series, notes).
The stored snapshot beside this file is compared by `test_golden.py`. When a change means
to alter what the pack says, write a new snapshot and review its diff:

    .venv/bin/python -m tests.golden.snapshot
"""

from __future__ import annotations

import io
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SNAPSHOT = HERE / "sample_pack.json"
TRIALS = 5000


def board_pack() -> dict:
    from openpyxl import load_workbook
    from pptx import Presentation

    from reporting.context import load_context
    from reporting.export.deck import build_deck
    from reporting.export.memo import memo_markdown
    from reporting.export.xlsx import build_workbook
    from reporting.ingest import ingest_paths
    from reporting.translate import build_report

    sample = HERE.parent.parent / "sample_data"
    context = load_context((sample / "context.yaml").read_bytes())
    files = sorted(p for p in sample.iterdir() if p.suffix in (".xlsx", ".csv"))
    result = ingest_paths(files, fiscal_year_start_month=7, mappings=context.mappings)
    report = build_report(result, context, trials=TRIALS)
    deck = Presentation(io.BytesIO(build_deck(report)))
    book = load_workbook(io.BytesIO(build_workbook(report)), read_only=True)
    return {
        "report": json.loads(report.model_dump_json()),
        "deck": deck_content(deck),
        "workbook": workbook_content(book),
        "memo": memo_markdown(report).splitlines(),
    }


def deck_content(deck) -> list[dict]:
    slides = []
    for slide in deck.slides:
        shapes = []
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                shapes.append({"text": shape.text_frame.text})
            elif shape.has_table:
                shapes.append(
                    {"table": [[cell.text for cell in row.cells] for row in shape.table.rows]}
                )
            elif shape.has_chart:
                chart = shape.chart
                plot = chart.plots[0]
                shapes.append(
                    {
                        "chart": str(chart.chart_type),
                        "categories": [str(c) for c in plot.categories],
                        "series": {s.name: list(s.values) for p in chart.plots for s in p.series},
                    }
                )
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append({"shapes": shapes, "notes": notes})
    return slides


def workbook_content(book) -> dict[str, list[list]]:
    return {
        sheet.title: [
            [cell for cell in row] for row in sheet.iter_rows(values_only=True) if any(row)
        ]
        for sheet in book.worksheets
    }


def write() -> None:
    SNAPSHOT.write_text(json.dumps(board_pack(), indent=1, default=str, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write()
    print(f"wrote {SNAPSHOT} ({SNAPSHOT.stat().st_size:,} bytes)")
