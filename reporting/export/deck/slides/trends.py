"""Key metric trends: the measures that moved most or drive the top risks, up to four to a
slide, each a native line chart against its target with its status beneath; a measure
reported only by business unit is its units on, near and off target each quarter."""

from __future__ import annotations

import math

from pptx.enum.text import MSO_ANCHOR
from pptx.util import Inches

from reporting.board.palette import MUTED, STATUS_COLOURS
from reporting.board.words import STATUS_WORDS, count, format_value
from reporting.export.deck import notes as speaker
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Box, Paragraph
from reporting.export.deck.charts import trend_chart, units_chart
from reporting.report import BoardReport, MetricStatus

TRENDS_PER_SLIDE = 4


def trend_slides(deck: Deck, report: BoardReport) -> None:
    metric_ids = report.key_metrics
    if not metric_ids:
        slide = deck.slide("Key metric trends", "There is no metric to trend yet.")
        deck.text(slide, deck.body, [Paragraph("No metric to trend yet.")], 20, 12)
        return
    current = {m.metric_id: m for m in report.metrics if m.business_unit is None}
    # As many to a slide as keep each chart readable (about 3.8 inches wide each in a row).
    across = max(1, min(3, int(deck.body.width / Inches(3.8))))
    per_slide = min(TRENDS_PER_SLIDE, across if deck.body.height < Inches(6) else across * 2)
    count = math.ceil(len(metric_ids) / per_slide)
    per_page = math.ceil(len(metric_ids) / count)
    pages = [metric_ids[i : i + per_page] for i in range(0, len(metric_ids), per_page)]
    labels = report.period_labels
    for n, page in enumerate(pages, start=1):
        notes = speaker.trends(report, n, len(pages))
        title = "Key metric trends" + (f" ({n} of {len(pages)})" if len(pages) > 1 else "")
        slide = deck.slide(title, notes)
        gap = Inches(0.2)
        if len(page) > across:
            top, bottom = deck.body.rows(1, 1, gap=gap)
            n = math.ceil(len(page) / 2)
            boxes = [*top.cols(*[1] * n, gap=gap), *bottom.cols(*[1] * n, gap=gap)]
        else:  # one row, no taller than a chart reads well
            row = Box(
                deck.body.left, deck.body.top, deck.body.width, min(deck.body.height, Inches(4.8))
            )
            boxes = row.cols(*[1] * len(page), gap=gap)
        for metric_id, box in zip(page, boxes, strict=False):
            if metric_id in current:
                _trend(deck, slide, box, report, metric_id, current[metric_id], labels)
            else:
                _units_trend(deck, slide, box, report, metric_id, labels)


def _units_trend(
    deck: Deck, slide, box: Box, report: BoardReport, metric_id: str, labels: dict[str, str]
) -> None:
    """A measure of many business units: its units by status each quarter, and where the
    units stand now beneath."""
    chart_box, status_box = box.rows(box.height - Inches(0.42), Inches(0.42), gap=Inches(0.04))
    units_chart(slide, chart_box, report, metric_id, labels)
    now = [m for m in report.metrics if m.metric_id == metric_id and m.business_unit]
    off = sum(1 for m in now if m.status == "red")
    near = sum(1 for m in now if m.status == "amber")
    worst = "red" if off else "amber" if near else "green"
    chip_w = min(Inches(1.25), status_box.width // 3)
    chip, words = status_box.cols(chip_w, status_box.width - chip_w - Inches(0.1), gap=Inches(0.1))
    deck.chip(slide, chip, STATUS_WORDS[worst], STATUS_COLOURS[worst], largest=10)
    deck.text(
        slide,
        words,
        [Paragraph(f"{off} of {count(len(now), 'unit', 'units')} off, {near} near", colour=MUTED)],
        10,
        8,
        anchor=MSO_ANCHOR.MIDDLE,
    )


def _trend(
    deck: Deck,
    slide,
    box: Box,
    report: BoardReport,
    metric_id: str,
    metric: MetricStatus,
    labels: dict[str, str],
) -> None:
    """One metric's chart, with its status chip and where it stands beneath."""
    chart_box, status_box = box.rows(box.height - Inches(0.42), Inches(0.42), gap=Inches(0.04))
    trend_chart(slide, chart_box, report, metric_id, metric, labels)
    chip_w = min(Inches(1.25), status_box.width // 3)
    chip, words = status_box.cols(chip_w, status_box.width - chip_w - Inches(0.1), gap=Inches(0.1))
    deck.chip(slide, chip, STATUS_WORDS[metric.status], STATUS_COLOURS[metric.status], largest=10)
    deck.text(
        slide,
        words,
        [
            Paragraph(
                f"Now {format_value(metric.value, metric.unit)}, target "
                f"{format_value(metric.target, metric.unit)}"
                + (f", {metric.movement}" if metric.previous is not None else ""),
                colour=MUTED,
            )
        ],
        10,
        8,
        anchor=MSO_ANCHOR.MIDDLE,
    )
