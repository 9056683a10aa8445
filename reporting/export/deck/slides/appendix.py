"""The appendix: every metric behind the report with its target, status and the file,
sheet and cell it came from, so any number in the pack can be traced to its source.

A company of many business units would need dozens of appendix pages nobody turns; past
`APPENDIX_ROWS` rows a table is summarised instead (a row per risk, or per measure, across
the units) and the workbook, which holds every unit's row with its source, is named."""

from __future__ import annotations

from pptx.enum.text import PP_ALIGN

from reporting.board.palette import RATING_COLOURS, STATUS_COLOURS
from reporting.board.targets import target_text
from reporting.board.words import (
    STATUS_WORDS,
    event_range,
    format_value,
    money,
    rating_word,
    report_quarter,
    where,
)
from reporting.export.deck import notes as speaker
from reporting.export.deck.builder import Deck
from reporting.export.deck.canvas import Cell, Column, Notes, Paragraph
from reporting.report import RATING_ORDER, BoardReport

# More rows than this (about ten appendix pages) and the table is summarised.
APPENDIX_ROWS = 120


def appendix_slides(deck: Deck, report: BoardReport) -> None:
    if len(report.unit_risks) > APPENDIX_ROWS:
        _unit_risk_summary(deck, report)
    else:
        _unit_risk_slides(deck, report)
    if len(report.metrics) > APPENDIX_ROWS:
        _metric_summary(deck, report)
    else:
        _metric_slides(deck, report)


def _unit_risk_summary(deck: Deck, report: BoardReport) -> None:
    """Each risk assessed by business unit, summarised across its units."""
    columns = [
        Column("Risk", 3.0),
        Column("Units", 0.8, PP_ALIGN.RIGHT),
        Column("Outside appetite", 1.3, PP_ALIGN.RIGHT),
        Column("Units by rating", 2.4),
        Column("Worst unit", 2.0),
        Column("Expected loss a year, all units", 1.9, PP_ALIGN.RIGHT),
    ]
    rows = []
    for risk in report.risks:
        units = [r for r in report.unit_risks if r.scenario == risk.scenario]
        if not units:
            continue
        worst = min(units, key=lambda r: r.rank)
        ratings = ", ".join(
            f"{n} {rating}"
            for rating in sorted(RATING_ORDER, key=RATING_ORDER.get, reverse=True)
            if (n := sum(1 for r in units if r.rating == rating))
        )
        rows.append(
            [
                Cell(f"{risk.rank}. {risk.title}"),
                Cell(str(len(units))),
                Cell(str(sum(1 for r in units if not r.within_appetite))),
                Cell(ratings),
                Cell(f"{worst.business_unit} ({rating_word(worst).lower()})"),
                Cell(money(sum(r.exposure.mean for r in units), risk.exposure.currency)),
            ]
        )
    count = len({r.business_unit for r in report.unit_risks})
    what = (
        f"each risk assessed by business unit, summarised across its units "
        f"({len(report.unit_risks)} unit risks in {count} units); the workbook's "
        "'Risks by unit' sheet lists every one"
    )
    _summary_table(deck, report, f"risks across {count} business units", what, columns, rows)


def _metric_summary(deck: Deck, report: BoardReport) -> None:
    """Each measure summarised across the business units that report it."""
    columns = [
        Column("Metric", 3.0),
        Column("Units", 0.8, PP_ALIGN.RIGHT),
        Column("On target", 1.1, PP_ALIGN.RIGHT),
        Column("Near target", 1.1, PP_ALIGN.RIGHT),
        Column("Off target", 1.1, PP_ALIGN.RIGHT),
        Column("Furthest off", 2.6),
        Column("Target", 1.4, PP_ALIGN.RIGHT),
    ]
    by_metric: dict[str, list] = {}
    for m in sorted(report.metrics, key=lambda m: (m.domain, m.name)):
        by_metric.setdefault(m.metric_id, []).append(m)
    rows = []
    for found in by_metric.values():
        first = found[0]
        worst = max(found, key=lambda m: m.weakness)
        targets = {target_text(m.target, m.unit, m.target_source) for m in found}
        rows.append(
            [
                Cell(first.name),
                Cell(str(len(found))),
                *(
                    Cell(str(sum(1 for m in found if m.status == status)))
                    for status in ("green", "amber", "red")
                ),
                Cell(
                    f"{where(worst.business_unit)}: {format_value(worst.value, worst.unit)}"
                    if worst.status != "green"
                    else "All on target"
                ),
                Cell(targets.pop() if len(targets) == 1 else "Varies by unit"),
            ]
        )
    count = len({m.business_unit for m in report.metrics if m.business_unit})
    what = (
        f"each measurement for {report_quarter(report)} summarised across the units that "
        f"report it ({len(report.metrics)} values); the workbook's Metrics sheet gives "
        "every unit's value, target and source cell"
    )
    _summary_table(deck, report, f"metrics across {count} business units", what, columns, rows)


def _summary_table(
    deck: Deck, report: BoardReport, subject: str, what: str, columns: list, rows: list
) -> None:
    """A summary across the units, saying that the workbook holds every unit's rows."""

    def notes(page: int, pages: int) -> Notes:
        return speaker.appendix(report, what, page, pages)

    deck.paged_table(
        f"Appendix: {subject} (every unit: the workbook)",
        notes,
        columns,
        rows,
        largest=12,
        smallest=10,
        appendix=True,
    )


def _unit_risk_slides(deck: Deck, report: BoardReport) -> None:
    """Each scenario assessed per business unit, in each unit: the drill-down the ranked
    register rolls up."""
    if not report.unit_risks:
        return
    columns = [
        Column("Risk", 3.0),
        Column("Business unit", 1.9),
        Column("Rating", 1.1, PP_ALIGN.CENTER),
        Column("Appetite", 1.3, PP_ALIGN.CENTER),
        Column("Expected loss a year", 1.6, PP_ALIGN.RIGHT),
        Column("One event could cost", 2.2),
        Column("Owner", 1.5),
    ]
    by_scenario = {r.scenario: r.rank for r in report.risks}
    ordered = sorted(report.unit_risks, key=lambda r: (by_scenario.get(r.scenario, 0), r.rank))
    rows = [
        [
            Cell(f"{by_scenario.get(r.scenario, '')}. {r.title}"),
            Cell(r.business_unit or ""),
            Cell(rating_word(r), fill=RATING_COLOURS[r.rating], bold=True),
            Cell("Within" if r.within_appetite else "Outside"),
            Cell(money(r.exposure.mean, r.exposure.currency)),
            Cell(event_range(r.exposure)),
            Cell(r.owner),
        ]
        for r in ordered
    ]

    def notes(page: int, pages: int) -> Notes:
        what = "each scenario's risk in every business unit it was assessed for, worst first"
        return speaker.appendix(report, what, page, pages)

    deck.paged_table(
        "Appendix: risks by business unit",
        notes,
        columns,
        rows,
        largest=11,
        smallest=10,
        appendix=True,
    )


def _metric_slides(deck: Deck, report: BoardReport) -> None:
    metrics = sorted(report.metrics, key=lambda m: (m.domain, m.name, m.business_unit or ""))
    columns = [
        Column("Metric", 3.3),
        Column("Business unit", 1.6),
        Column("Value", 1.0, PP_ALIGN.RIGHT),
        Column("Target", 1.4, PP_ALIGN.RIGHT),
        Column("Status", 1.2, PP_ALIGN.CENTER),
        Column("Source (file, sheet, cell)", 4.0),
    ]
    rows = [
        [
            Cell(m.name),
            Cell(where(m.business_unit)),
            Cell(format_value(m.value, m.unit)),
            Cell(target_text(m.target, m.unit, m.target_source)),
            Cell(STATUS_WORDS[m.status], fill=STATUS_COLOURS[m.status], bold=True),
            Cell(str(m.source)),
        ]
        for m in metrics
    ]
    if not rows:
        slide = deck.slide(
            "Appendix: metrics", "No metric was reported for this quarter.", appendix=True
        )
        deck.text(slide, deck.body, [Paragraph("No metric was reported for this quarter.")], 20, 12)
        return

    def notes(page: int, pages: int) -> Notes:
        what = f"every measurement behind this report for {report_quarter(report)}"
        return speaker.appendix(report, what, page, pages)

    deck.paged_table(
        f"Appendix: metrics for {report_quarter(report)}",
        notes,
        columns,
        rows,
        largest=10,
        smallest=10,
        appendix=True,
    )
