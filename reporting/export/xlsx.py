"""The board workbook: the report's summary, risk register, compliance and every metric
observation, as an .xlsx formatted for print and for filtering.

Text that came from users' files or context (labels, file and sheet names, business units,
owners, notes, the organisation) is never trusted to stay text once a spreadsheet opens or
re-exports it: anything that starts like a formula (= + - @, tab, carriage return) is written
as a string with a leading apostrophe, so it can never run.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from reporting.board.palette import (
    CONTROL_COLOURS,
    NAVY,
    RATING_COLOURS,
    STATUS_COLOURS,
    ink_on,
)
from reporting.board.words import (
    CAVEATS_TITLE,
    CONTROL_WORDS,
    PACK_TITLE,
    QUESTIONS,
    STATUS_WORDS,
    caveat_lead,
    compliance_basis,
    event_range,
    format_value,
    money,
    no_decision,
    rating_word,
    report_quarter,
    risk_name,
    risk_where,
)
from reporting.report import BoardReport, Exposure

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

REGISTER_COLUMNS = (
    "ID",
    "Priority",
    "Description",
    "Category",
    "Control gap",
    "Impact",
    "Exposure rating",
    "Response",
    "Owner",
    "Status",
    "Where",
    "Trend",
    "Score",
    "Appetite",
    "Annual loss p10",
    "Annual loss p50",
    "Annual loss p90",
    "Expected annual loss",
    "Chance of an event in a year",
    "One event p10",
    "One event p90",
    "Event range (p10–p90)",
    "Driving metrics",
    "Public reference for one event",
)
COMPLIANCE_COLUMNS = (
    "Framework",
    "Control",
    "Title",
    "Status",
    "What it means for the business",
    "Evidence metrics",
    "Evidence sources",
)
METRIC_COLUMNS = (
    "Metric id",
    "Metric",
    "Label as written",
    "Period",
    "Period label",
    "Business unit",
    "Value",
    "Unit",
    "Target",
    "Status",
    "File",
    "Sheet",
    "Cell",
)


def safe_text(text: object) -> str:
    """`text` as a string that no spreadsheet will read as a formula."""
    value = "" if text is None else str(text)
    return "'" + value if value.startswith(_FORMULA_START) else value


def build_workbook(report: BoardReport) -> bytes:
    """The .xlsx bytes: Summary, Risk register, Compliance and Metrics sheets."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            # Defence in depth: never turn text into formulas, links or numbers.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            # The Normal style is the cells' own Arial 10 (Excel's 2003 default: 7 pixels a
            # width unit, as Calibri 11), so that column widths, and the scale a printed
            # sheet is fitted at, are the same where Calibri is missing (LibreOffice on
            # Linux measures them in a wider stand-in font and prints everything smaller).
            "default_format_properties": {"font_name": "Arial", "font_size": 10},
            "default_row_height": 20,  # 15 points, as before
            "default_column_width": 64,
        },
    )
    book.set_properties(
        {"title": safe_text(f"{report.organization}: cyber risk report, {report.period}")}
    )
    styles = _Styles(book)
    _summary(book.add_worksheet("Summary"), report, styles)
    _caveats(book.add_worksheet("Caveats"), report, styles)
    _register(book.add_worksheet("Risk register"), report, styles)
    if report.unit_risks:
        _register(book.add_worksheet("Risks by unit"), report, styles, report.unit_risks)
    if report.budget is not None and report.budget.options:
        _options(book.add_worksheet("Options"), report, styles)
    if report.materiality is not None:
        _materiality(book.add_worksheet("Materiality"), report, styles)
    _compliance(book.add_worksheet("Compliance"), report, styles)
    _metrics(book.add_worksheet("Metrics"), report, styles)
    book.close()
    return buffer.getvalue()


class _Styles:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        self.book = book
        self.base = base
        self.title = book.add_format({**base, "bold": True, "font_size": 16, "font_color": NAVY})
        self.subtitle = book.add_format({**base, "font_size": 11, "font_color": "#5B6573"})
        self.heading = book.add_format({**base, "bold": True, "font_size": 12, "font_color": NAVY})
        self.head = book.add_format(
            {
                **base,
                "bold": True,
                "bg_color": NAVY,
                "font_color": "#FFFFFF",
                "text_wrap": True,
                "border": 1,
                "border_color": "#D0D5DD",
            }
        )
        self.text = book.add_format({**base, "text_wrap": True})
        self.plain = book.add_format(base)
        self.bold = book.add_format({**base, "bold": True, "text_wrap": True})
        self.number = book.add_format({**base, "num_format": "General"})
        self.integer = book.add_format({**base, "num_format": "0", "align": "center"})
        self.money = book.add_format({**base, "num_format": "#,##0"})
        self.percent = book.add_format({**base, "num_format": "0%"})
        self.note = book.add_format({**base, "italic": True, "font_color": "#5B6573"})
        self._fills: dict[str, object] = {}

    def fill(self, colour: str):
        """A bold cell filled with a status colour, its word in a readable ink."""
        if colour not in self._fills:
            self._fills[colour] = self.book.add_format(
                {
                    **self.base,
                    "bold": True,
                    "bg_color": colour,
                    "font_color": ink_on(colour),
                    "align": "center",
                }
            )
        return self._fills[colour]


class _Sheet:
    """A worksheet that writes text safely and sets each row tall enough for the wrapped
    text it holds, and for text larger than 10 points (spreadsheet programs do not re-flow
    rows written by a library, and LibreOffice gives every other row the Normal style's
    height)."""

    def __init__(self, sheet: Worksheet, widths: Sequence[float], sized: int | None = None) -> None:
        """`sized`: how many leading columns set a row's height (the printed ones); text to
        their right wraps in the row they leave, whole in the cell, on screen."""
        self.sheet = sheet
        self.widths = list(widths)
        self.sized = len(self.widths) if sized is None else sized
        self.heights: dict[int, float] = {}  # points, where a row needs more than 15
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)

    def text(self, row: int, col: int, value: object, fmt=None, *, sized: bool = False) -> None:
        text = safe_text(value)
        if not text:
            self.sheet.write_blank(row, col, None, fmt)
            return
        self.sheet.write_string(row, col, text, fmt)
        lines = 1
        wraps = getattr(fmt, "text_wrap", 0) and col < len(self.widths)
        if wraps and (sized or col < self.sized):
            # About 1.2 characters of 10-point Arial per unit of column width.
            per_line = max(int(self.widths[col] * 1.2) - 1, 1)
            lines = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
        # 13 points a line of 10-point text, and as much more for larger text.
        height = max(13, 1.3 * (getattr(fmt, "font_size", None) or 10)) * lines + 2
        if height > 15:
            self.heights[row] = max(self.heights.get(row, 0), height)

    def number(self, row: int, col: int, value: float | None, fmt=None) -> None:
        if value is None:
            self.sheet.write_blank(row, col, None, fmt)
        else:
            self.sheet.write_number(row, col, value, fmt)

    def head(self, row: int, names: Sequence[str], styles: _Styles) -> None:
        for col, name in enumerate(names):
            self.text(row, col, name, styles.head, sized=True)

    def finish(self) -> None:
        for row, height in self.heights.items():
            # 409 points is the tallest row a spreadsheet keeps.
            self.sheet.set_row(row, min(round(height, 2), 409))

    def table(
        self,
        header_row: int,
        columns: Sequence[str],
        rows: int,
        styles: _Styles,
        *,
        frozen_cols: int = 0,
        printed_cols: int | None = None,
    ) -> None:
        """Header, frozen panes, autofilter, print set-up (landscape, fit to width,
        repeated header row); with `printed_cols`, only those leading columns print."""
        self.head(header_row, columns, styles)
        sheet = self.sheet
        sheet.freeze_panes(header_row + 1, frozen_cols)
        sheet.autofilter(header_row, 0, header_row + max(rows, 1), len(columns) - 1)
        _print_setup(sheet)
        sheet.repeat_rows(header_row)
        if printed_cols is not None:
            sheet.print_area(header_row, 0, header_row + rows, printed_cols - 1)
        self.finish()


def _print_setup(sheet: Worksheet) -> None:
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&L&8&A&R&8Page &P of &N")


OPTION_COLUMNS = (
    "Option",
    "Owner",
    "One-off cost",
    "Yearly cost",
    "Due",
    "What it achieves",
    "Expected loss removed a year",
    "1-in-10-year loss removed",
    "Loss removed per unit of cost (over the horizon)",
    "Brings within appetite",
    "Funded within the budget",
    "Built from failing metrics (no cost given)",
)


def _options(worksheet: Worksheet, report: BoardReport, styles: _Styles) -> None:
    """Every option, ranked by loss removed per unit of money, and what the budget funds."""
    budget = report.budget
    portfolio = budget.portfolio
    sheet = _Sheet(worksheet, [40, 22, 14, 14, 12, 60, 16, 16, 16, 30, 12, 14])
    sheet.text(0, 0, "Options the board could fund", styles.title)
    if portfolio is not None:
        given = (
            f"Budget {money(portfolio.budget, report.currency)}"
            if budget.budget_given
            else "No budget given: every costed option funded"
        )
        lead = (
            f"{given}; {len(portfolio.chosen)} options funded for "
            f"{money(portfolio.spend, report.currency)} in the first year remove "
            f"{money(portfolio.eal_removed, report.currency)} of expected loss a year, priced "
            f"together. Loss removed per unit of cost is over {budget.horizon_years} years."
        )
    else:
        lead = "No option has a cost yet."
    sheet.text(1, 0, lead, styles.note)
    funded = set(portfolio.chosen) if portfolio else set()
    names = {r.scenario: r.title for r in report.risks}
    for row, o in enumerate(budget.options, start=4):
        sheet.text(row, 0, o.name, styles.text)
        sheet.text(row, 1, o.owner or "", styles.text)
        sheet.number(row, 2, o.one_off, styles.money)
        sheet.number(row, 3, o.yearly, styles.money)
        sheet.text(row, 4, o.due.isoformat() if o.due else "", styles.text)
        sheet.text(row, 5, "; ".join(o.effects), styles.text)
        sheet.number(row, 6, o.eal_removed, styles.money)
        sheet.number(row, 7, o.p90_removed, styles.money)
        sheet.number(row, 8, o.per_money, styles.text)
        sheet.text(row, 9, ", ".join(names.get(s, s) for s in o.brought_within), styles.text)
        sheet.text(row, 10, "Yes" if o.name in funded else "", styles.text)
        sheet.text(row, 11, "Yes" if o.default else "", styles.text)
    sheet.table(3, OPTION_COLUMNS, len(budget.options), styles)


def _materiality(worksheet: Worksheet, report: BoardReport, styles: _Styles) -> None:
    """The materiality worksheet: the reasoning a disclosure committee needs."""
    material = report.materiality
    sheet = _Sheet(worksheet, [44, 100])
    sheet.text(0, 0, f"Materiality: {material.verdict}", styles.title)
    for row, (item, finding) in enumerate(material.lines, start=3):
        sheet.text(row, 0, item, styles.bold)
        sheet.text(row, 1, finding, styles.text)
    sheet.table(2, ("Item", "Finding"), len(material.lines), styles)


CAVEAT_COLUMNS = ("Kind", "What the figures do not rest on", "Detail", "Risks it touches")
CAVEAT_KINDS = {
    "data": "Data not used",
    "evidence": "Thin evidence",
    "quarters": "Quarters without data",
    "context": "Context assumed",
}


def _caveats(worksheet: Worksheet, report: BoardReport, styles: _Styles) -> None:
    """What this pack does not cover: one row per caveat detail (label, cell, risk), so
    every value left out can be found and filtered."""
    sheet = _Sheet(worksheet, [22, 60, 70, 40])
    sheet.text(0, 0, CAVEATS_TITLE, styles.title)
    sheet.text(1, 0, caveat_lead(report), styles.note)
    row = 3
    names = {r.id: risk_name(r) for r in (*report.risks, *report.unit_risks)}
    for caveat in report.caveats:
        touches = ", ".join(names.get(i, i) for i in caveat.risk_ids) or (
            "any" if caveat.kind == "data" else ""
        )
        for detail in caveat.detail or [""]:
            row += 1
            sheet.text(row, 0, CAVEAT_KINDS[caveat.kind], styles.text)
            sheet.text(row, 1, caveat.text, styles.text)
            sheet.text(row, 2, detail, styles.text)
            sheet.text(row, 3, touches, styles.text)
    sheet.table(3, CAVEAT_COLUMNS, row - 3, styles)


def _summary(worksheet: Worksheet, report: BoardReport, styles: _Styles) -> None:
    summary = report.summary
    sheet = _Sheet(worksheet, [36, 80, 60, 24])
    sheet.text(0, 0, report.organization, styles.title)
    subtitle = f"{PACK_TITLE}, {report_quarter(report)}"
    sheet.text(1, 0, subtitle, styles.subtitle)
    rows = [
        ("Posture", summary.posture.capitalize()),
        ("Direction", summary.direction.capitalize()),
        ("Headline", summary.headline),
    ]
    row = 3
    for name, value in rows:
        sheet.text(row, 0, name, styles.bold)
        sheet.text(row, 1, value, styles.text)
        row += 1
    row += 1
    sheet.text(row, 0, "The four questions", styles.heading)
    row += 1
    for key, question in QUESTIONS:
        sheet.text(row, 0, question, styles.bold)
        sheet.text(row, 1, getattr(summary.answers, key), styles.text)
        row += 1
    row += 1
    sheet.text(row, 0, "Decisions requested", styles.heading)
    row += 1
    sheet.head(row, ("Risk", "The board is asked", "Options", "Owner"), styles)
    row += 1
    if not summary.decisions:
        sheet.text(row, 0, no_decision(report), styles.note)
    for decision in summary.decisions:
        where = f" ({decision.business_unit})" if decision.business_unit else ""
        sheet.text(row, 0, decision.title + where, styles.bold)
        sheet.text(row, 1, decision.ask, styles.text)
        options = "\n".join(f"{i}. {o}" for i, o in enumerate(decision.options, start=1))
        sheet.text(row, 2, options, styles.text)
        sheet.text(row, 3, decision.owner, styles.text)
        row += 1
    _print_setup(worksheet)
    sheet.finish()


def _register(
    worksheet: Worksheet, report: BoardReport, styles: _Styles, risks: list | None = None
) -> None:
    """A NIST IR 8286-style risk register, with where each risk lies and the exposure
    ranges: the register (one row per scenario), or the given risks (each unit's)."""
    risks = report.risks if risks is None else risks
    currency = report.currency
    columns = list(REGISTER_COLUMNS)
    for i, name in enumerate(columns):
        if name.startswith(("Annual loss", "Expected", "One event p")):
            columns[i] = f"{name} ({currency})"
    widths = [26, 8, 70, 30, 10, 8, 12, 50, 22, 16, 18, 11, 7, 10]
    widths += [14, 14, 14, 14, 12, 14, 14, 20, 50, 60]
    sheet = _Sheet(worksheet, widths)
    for row, risk in enumerate(risks, start=1):
        exposure = risk.exposure
        sheet.text(row, 0, risk.id, styles.text)
        sheet.number(row, 1, risk.rank, styles.integer)
        sheet.text(row, 2, risk.statement, styles.text)
        sheet.text(row, 3, f"{risk.title} ({', '.join(risk.impact_types)})", styles.text)
        sheet.number(row, 4, risk.likelihood, styles.integer)
        sheet.number(row, 5, risk.impact, styles.integer)
        sheet.text(row, 6, rating_word(risk), styles.fill(RATING_COLOURS[risk.rating]))
        sheet.text(row, 7, risk.response, styles.text)
        sheet.text(row, 8, risk.owner, styles.text)
        status = "Within appetite" if risk.within_appetite else "Outside appetite"
        sheet.text(row, 9, status, styles.text)
        sheet.text(row, 10, risk_where(risk), styles.text)
        sheet.text(row, 11, risk.trend.capitalize(), styles.text)
        sheet.number(row, 12, risk.score, styles.integer)
        sheet.text(row, 13, risk.appetite.capitalize(), styles.text)
        for col, value in enumerate((exposure.p10, exposure.p50, exposure.p90, exposure.mean), 14):
            sheet.number(row, col, value, styles.money)
        sheet.number(row, 18, exposure.annual_probability, styles.percent)
        sheet.number(row, 19, exposure.event_p10, styles.money)
        sheet.number(row, 20, exposure.event_p90, styles.money)
        sheet.text(row, 21, _event_text(risk.exposure), styles.text)
        drivers = "; ".join(
            d.name + (f" ({d.business_unit})" if d.business_unit else "") for d in risk.drivers
        )
        sheet.text(row, 22, drivers, styles.text)
        sheet.text(row, 23, risk.benchmark.text if risk.benchmark else "", styles.text)
    sheet.table(0, columns, len(risks), styles)


def _event_text(exposure: Exposure) -> str:
    return "" if exposure.event_p10 is None or exposure.event_p90 is None else event_range(exposure)


def _compliance(worksheet: Worksheet, report: BoardReport, styles: _Styles) -> None:
    basis = compliance_basis(report)
    sheet = _Sheet(worksheet, [16, 10, 40, 13, 50, 55, 50])
    sheet.text(0, 0, basis, styles.note)
    header = 2
    row = header + 1
    for framework in report.compliance:
        for control in framework.controls:
            sheet.text(row, 0, framework.framework, styles.text)
            sheet.text(row, 1, control.id, styles.text)
            sheet.text(row, 2, control.title, styles.text)
            fill = styles.fill(CONTROL_COLOURS[control.status])
            sheet.text(row, 3, CONTROL_WORDS[control.status], fill)
            sheet.text(row, 4, control.business, styles.text)
            evidence, sources = [], []
            for m in control.metrics:
                where = f" ({m.business_unit})" if m.business_unit else ""
                evidence.append(
                    f"{m.name}{where}: {format_value(m.value, m.unit)}, "
                    f"{STATUS_WORDS[m.status].lower()}"
                )
                sources.append(str(m.source))
            sheet.text(row, 5, "\n".join(evidence) or "No evidence in the metrics", styles.text)
            sheet.text(row, 6, "\n".join(sources), styles.text)
            row += 1
    sheet.table(header, COMPLIANCE_COLUMNS, row - header - 1, styles)


def _metrics(worksheet: Worksheet, report: BoardReport, styles: _Styles) -> None:
    """Every observation read, with the cell it came from."""
    sheet = _Sheet(worksheet, [28, 40, 34, 10, 12, 18, 10, 8, 10, 12, 30, 24, 8])
    for row, obs in enumerate(report.observations, start=1):
        sheet.text(row, 0, obs.metric_id, styles.plain)
        sheet.text(row, 1, obs.name or obs.metric_id, styles.plain)
        sheet.text(row, 2, obs.label, styles.plain)
        sheet.text(row, 3, obs.period, styles.plain)
        sheet.text(row, 4, obs.period_label, styles.plain)
        sheet.text(row, 5, obs.business_unit or "", styles.plain)
        sheet.number(row, 6, obs.value, styles.number)
        sheet.text(row, 7, obs.unit, styles.plain)
        sheet.number(row, 8, obs.applied_target, styles.number)
        if obs.status:
            sheet.text(row, 9, STATUS_WORDS[obs.status], styles.fill(STATUS_COLOURS[obs.status]))
        else:
            sheet.number(row, 9, None, styles.plain)
        sheet.text(row, 10, obs.source.file, styles.plain)
        sheet.text(row, 11, obs.source.sheet or "", styles.plain)
        sheet.text(row, 12, obs.source.cell or "", styles.plain)
    sheet.table(0, METRIC_COLUMNS, len(report.observations), styles)
