"""The blank metrics template: the long layout ingest reads best, listing every catalog metric."""

from __future__ import annotations

import io

import xlsxwriter

from reporting.board.palette import NAVY
from reporting.catalog import UNIT_SYMBOLS, Catalog, load_catalog

COLUMNS = ["Quarter", "Business Unit", "Metric", "Value", "Unit", "Target", "Owner", "Notes"]
_UNIT_WORDS = {"percent": "%", "count": "count", "days": "days", "hours": "hours", "ratio": "ratio"}


def metrics_template(catalog: Catalog | None = None) -> bytes:
    """An .xlsx with a row per catalog metric to fill in, the catalog, and instructions."""
    catalog = catalog or load_catalog()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": NAVY, "font_color": "white", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    title = book.add_format({"bold": True, "font_size": 14})

    sheet = book.add_worksheet("Metrics")
    sheet.write_row(0, 0, COLUMNS, head)
    metrics = sorted(catalog, key=lambda m: (m.domain, m.name))
    for row, metric in enumerate(metrics, start=1):
        sheet.write_blank(row, 0, None)
        sheet.write_string(row, 2, metric.name)
        sheet.write_string(row, 4, _UNIT_WORDS[metric.unit])
        sheet.write_number(row, 5, metric.target)
    last = len(metrics)
    sheet.data_validation(
        1,
        2,
        last + 500,
        2,
        {
            "validate": "list",
            "source": f"=Catalog!$B$2:$B${last + 1}",
            "error_type": "warning",
            "error_message": "Not a catalog metric: it may stay unmapped.",
        },
    )
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 2, 46)
    sheet.set_column(3, 6, 12)
    sheet.set_column(7, 7, 40)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last, len(COLUMNS) - 1)

    ref = book.add_worksheet("Catalog")
    ref.write_row(
        0,
        0,
        [
            "Id",
            "Metric",
            "Definition",
            "Unit",
            "Better when",
            "Default target",
            "Amber band",
            "Domain",
        ],
        head,
    )
    for row, metric in enumerate(metrics, start=1):
        ref.write_row(
            row,
            0,
            [
                metric.id,
                metric.name,
                metric.definition,
                _UNIT_WORDS[metric.unit] + ("" if metric.unit != "percent" else " (0-100)"),
                "higher" if metric.higher_is_better else "lower",
                metric.target,
                f"{metric.tolerance:g}{UNIT_SYMBOLS[metric.unit]}",
                metric.domain_name,
            ],
            wrap,
        )
    ref.set_column(0, 0, 30)
    ref.set_column(1, 1, 40)
    ref.set_column(2, 2, 70)
    ref.set_column(3, 7, 14)
    ref.freeze_panes(1, 0)

    howto = book.add_worksheet("How to fill")
    lines = [
        "One row per metric, quarter and (optionally) business unit.",
        "Quarter: 2026-Q3, Q3 2026, Q3 FY27 (fiscal, per your context file) or a quarter-end date.",
        "Business Unit: leave blank for company-wide figures.",
        "Value: a number; percentages as 87 or 87% (0.87 is read as 87 % too).",
        "Leave Value blank or write N/A when a metric was not measured: it is never read as zero.",
        "Target: optional; overrides the catalog target for that row.",
        "Copy rows to add quarters or business units. Labels other than the catalog names are "
        "matched too, and shown for confirmation when unsure.",
    ]
    howto.write(0, 0, "Board Brief metrics template", title)
    for row, line in enumerate(lines, start=2):
        howto.write(row, 0, line)
    howto.set_column(0, 0, 110)
    book.close()
    return buffer.getvalue()
