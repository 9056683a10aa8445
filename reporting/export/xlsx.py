"""The board workbook: the report's summary, risk register, compliance and every metric
observation, as an .xlsx formatted for print and for filtering.

Text that came from users' files or context (labels, file and sheet names, business units,
owners, notes, the organisation) is never trusted to stay text once a spreadsheet opens or
re-exports it: anything that starts like a formula (= + - @, tab, carriage return) is written
as a string with a leading apostrophe, so it can never run.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Protocol

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from reporting.board.palette import (
    CONTROL_COLOURS,
    NAVY,
    RATING_COLOURS,
    STATUS_COLOURS,
    ink_on,
)
from reporting.board.targets import TARGET_SOURCE_WORDS
from reporting.board.words import (
    CAVEATS_TITLE,
    CONTROL_WORDS,
    PACK_TITLE,
    QUESTIONS,
    STATUS_WORDS,
    caveat_lead,
    compliance_basis,
    count,
    event_range,
    format_value,
    money,
    no_decision,
    rating_word,
    report_quarter,
    report_quarter_in_full,
    risk_name,
    risk_where,
)
from reporting.report import BoardReport, Exposure, OptionResult, Risk

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: The printed register: NIST IR 8286's columns in the order a board reads them, each with
#: its width. Landscape and fitted to one page wide, they must print legibly: 162 units are
#: 1,194 pixels (7 a unit and 5 of padding a column), 896 points, so the 784 points between
#: A4's 0.4-inch side margins print them at 87 % (10-point text at 8.7 points), and
#: Letter's 734 at 82 % (8.2 points). Widen a column here only with the test's sum in mind.
REGISTER_PRINTED = (
    ("Priority", 7),
    ("Risk", 17),
    ("Where", 12),
    ("Description", 26),
    ("Exposure rating", 9),
    ("Status", 10),
    ("Owner", 11),
    ("Expected annual loss", 10),
    ("Response type", 9),
    ("Recommended response", 16),
    ("Response cost", 11),
    ("Input notes", 24),
)
#: The full detail, to the right of the print area: on screen and in filters, never lost.
#: The risk's id is the last column, for tracing it to the JSON export and the history.
REGISTER_DETAIL = (
    ("Category", 24),
    ("Control gap", 8),
    ("Impact", 8),
    ("Score", 7),
    ("Trend", 11),
    ("Appetite", 10),
    ("Annual loss p10", 14),
    ("Annual loss p50", 14),
    ("Annual loss p90", 14),
    ("Chance of an event in a year", 12),
    ("One event p10", 14),
    ("One event p90", 14),
    ("Event range (p10–p90)", 20),
    ("Response description", 50),
    ("Other options", 40),
    ("Assessment", 80),
    ("Driving metrics", 50),
    ("Public reference for one event", 60),
    ("Risk id (for tracing)", 30),
)
REGISTER_COLUMNS = tuple(name for name, _ in (*REGISTER_PRINTED, *REGISTER_DETAIL))
IMPACT_TYPE_WORDS = {"legal_regulatory": "legal and regulatory"}

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
    "Target from",
    "Status",
    "File",
    "Sheet",
    "Cell",
)


def safe_text(text: object) -> str:
    """`text` as a string that no spreadsheet will read as a formula."""
    value = "" if text is None else str(text)
    return "'" + value if value.startswith(_FORMULA_START) else value


def build_workbook(report: BoardReport, activity: Sequence[Activity] | None = None) -> bytes:
    """The .xlsx bytes: Summary, Risk register, Compliance and Metrics sheets, and with
    `activity` (the organisation's audit trail) an Activity sheet."""
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
        {"title": safe_text(f"{report.organization}: cyber risk report, {report_quarter(report)}")}
    )
    styles = _Styles(book)
    _summary(book.add_worksheet("Summary"), report, styles)
    _caveats(book.add_worksheet("Caveats"), report, styles)
    notes = _InputNotes(report)
    _register(book.add_worksheet("Risk register"), report, styles, notes)
    if report.unit_risks:
        unit_sheet = book.add_worksheet("Risks by unit")
        _register(unit_sheet, report, styles, notes, report.unit_risks)
    if report.budget is not None and report.budget.options:
        _options(book.add_worksheet("Options"), report, styles)
    if report.materiality is not None:
        _materiality(book.add_worksheet("Materiality"), report, styles)
    _compliance(book.add_worksheet("Compliance"), report, styles)
    _metrics(book.add_worksheet("Metrics"), report, styles)
    if activity:
        _activity(book.add_worksheet("Activity"), activity, styles)
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
        # 1.2M, 350k: the printed register's money, as the memo and deck write it.
        self.money_short = book.add_format(
            {
                **base,
                "num_format": '[>=999500]#,##0.0,,"M";[>=999.5]#,##0,"k";#,##0',
                "align": "right",
                "indent": 1,
            }
        )
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
        wraps = getattr(fmt, "text_wrap", 0) and col < len(self.widths)
        if not wraps and (getattr(fmt, "font_size", None) or 10) <= 10:
            return  # one line of 10-point text: the default row holds it
        lines = 1
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
            f"{given}; {count(len(portfolio.chosen), 'option', 'options')} funded for "
            f"{money(portfolio.spend, report.currency)} in the first year "
            f"{'removes' if len(portfolio.chosen) == 1 else 'remove'} "
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


class Activity(Protocol):
    """One event of an audit trail (`reporting.history.AuditEvent` is one)."""

    at: dt.datetime
    actor: str
    action: str
    detail: str


ACTIVITY_COLUMNS = ("When (UTC)", "Who", "What", "Detail")


def _activity(worksheet: Worksheet, events: Sequence[Activity], styles: _Styles) -> None:
    """Who did what to the organisation's history, and when, newest first: the pack's
    audit trail, its text neutralised like every other cell."""
    sheet = _Sheet(worksheet, [18, 30, 22, 90])
    sheet.text(0, 0, "Activity: who changed what, and when", styles.title)
    for row, event in enumerate(events, start=3):
        sheet.text(row, 0, f"{event.at:%Y-%m-%d %H:%M}", styles.text)
        sheet.text(row, 1, event.actor, styles.text)
        sheet.text(row, 2, event.action, styles.text)
        sheet.text(row, 3, event.detail, styles.text)
    sheet.table(2, ACTIVITY_COLUMNS, len(events), styles)


def _summary(worksheet: Worksheet, report: BoardReport, styles: _Styles) -> None:
    summary = report.summary
    sheet = _Sheet(worksheet, [36, 80, 60, 24])
    sheet.text(0, 0, report.organization, styles.title)
    subtitle = f"{PACK_TITLE}, {report_quarter_in_full(report)}"
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
    worksheet: Worksheet,
    report: BoardReport,
    styles: _Styles,
    notes: _InputNotes,
    risks: list[Risk] | None = None,
) -> None:
    """A NIST IR 8286-style risk register: the register (one row per scenario), or the
    given risks (each unit's). The printed columns (`REGISTER_PRINTED`) fit one landscape
    page wide at a legible scale; the detail (`REGISTER_DETAIL`) lies to their right,
    outside the print area, in the same row so that sorting and filtering keep it."""
    risks = report.risks if risks is None else risks
    currency = report.currency
    columns = list(REGISTER_COLUMNS)
    for i, name in enumerate(columns):
        if name.startswith(("Annual loss", "Expected", "One event p")):
            columns[i] = f"{name} ({currency})"
    widths = [width for _, width in (*REGISTER_PRINTED, *REGISTER_DETAIL)]
    printed = len(REGISTER_PRINTED)
    sheet = _Sheet(worksheet, widths, sized=printed)
    responses = _Responses(report)
    for row, risk in enumerate(risks, start=1):
        exposure = risk.exposure
        kind, plan, cost, others = responses.of(risk)
        status = "Within appetite" if risk.within_appetite else "Outside appetite"
        # The printed register.
        sheet.number(row, 0, risk.rank, styles.integer)
        sheet.text(row, 1, risk.title, styles.bold)
        sheet.text(row, 2, risk_where(risk), styles.text)
        sheet.text(row, 3, risk.what_could_happen, styles.text)
        sheet.text(row, 4, rating_word(risk), styles.fill(RATING_COLOURS[risk.rating]))
        sheet.text(row, 5, f"{status} ({risk.appetite})", styles.text)
        sheet.text(row, 6, risk.owner, styles.text)
        sheet.number(row, 7, exposure.mean, styles.money_short)
        sheet.text(row, 8, kind, styles.text)
        sheet.text(row, 9, plan, styles.text)
        sheet.text(row, 10, cost, styles.text)
        sheet.text(row, 11, notes.of(risk), styles.text)
        # The detail, outside the print area.
        col = printed
        sheet.text(row, col, _impact_types(risk), styles.text)
        sheet.number(row, col + 1, risk.likelihood, styles.integer)
        sheet.number(row, col + 2, risk.impact, styles.integer)
        sheet.number(row, col + 3, risk.score, styles.integer)
        sheet.text(row, col + 4, risk.trend.capitalize(), styles.text)
        sheet.text(row, col + 5, risk.appetite.capitalize(), styles.text)
        for i, value in enumerate((exposure.p10, exposure.p50, exposure.p90), col + 6):
            sheet.number(row, i, value, styles.money)
        sheet.number(row, col + 9, exposure.annual_probability, styles.percent)
        sheet.number(row, col + 10, exposure.event_p10, styles.money)
        sheet.number(row, col + 11, exposure.event_p90, styles.money)
        sheet.text(row, col + 12, _event_text(risk.exposure), styles.text)
        sheet.text(row, col + 13, risk.response, styles.text)
        sheet.text(row, col + 14, "\n".join(others), styles.text)
        sheet.text(row, col + 15, risk.statement, styles.text)
        drivers = "; ".join(
            d.name + (f" ({d.business_unit})" if d.business_unit else "") for d in risk.drivers
        )
        sheet.text(row, col + 16, drivers, styles.text)
        sheet.text(row, col + 17, risk.benchmark.text if risk.benchmark else "", styles.text)
        sheet.text(row, col + 18, risk.id, styles.text)
    sheet.table(0, columns, len(risks), styles, frozen_cols=2, printed_cols=printed)


def _impact_types(risk: Risk) -> str:
    """'Operational, financial, legal and regulatory, reputational'."""
    words = [IMPACT_TYPE_WORDS.get(t, t.replace("_", " ")) for t in risk.impact_types]
    return ", ".join(words).capitalize()


NOT_COSTED = "not yet costed"
BULLET = "• "


class _Responses:
    """Each risk's response (NIST IR 8286's accept, mitigate, transfer or avoid), from the
    report's decisions and options: within appetite it is accepted; outside it, the option
    recommended mitigates it, at that option's cost; with no option to recommend, the board
    is asked to decide. (The report recommends no transfer or avoidance by risk.)"""

    def __init__(self, report: BoardReport) -> None:
        self.currency = report.currency
        self.decisions = {}
        for decision in report.summary.decisions:
            for risk_id in (decision.risk_id, *decision.risk_ids):
                self.decisions.setdefault(risk_id, decision)
        options = report.budget.options if report.budget else []
        self.options = {o.name: o for o in options}

    def of(self, risk: Risk) -> tuple[str, str, str, list[str]]:
        """(response type, the response recommended, its cost, the other options)."""
        if risk.within_appetite:
            return "Accept", "Keep it within appetite", "No spend asked", []
        decision = self.decisions.get(risk.id)
        if decision is None or decision.recommendation is None:
            return "To decide", "The board is asked how to respond", NOT_COSTED, []
        option = self.options.get(decision.recommendation)
        cost = self.cost(option) if option else NOT_COSTED
        return "Mitigate", decision.recommendation, cost, list(decision.alternatives)

    def cost(self, option: OptionResult) -> str:
        """'$60k now + $90k/yr', '$25k/yr', or 'not yet costed'."""
        if option.one_off is None and option.yearly is None:
            return NOT_COSTED
        parts = []
        if option.one_off:
            parts.append(f"{money(option.one_off, self.currency)} now")
        if option.yearly:
            parts.append(f"{money(option.yearly, self.currency)}/yr")
        return " + ".join(parts) or money(0, self.currency)


class _InputNotes:
    """The notes and owners the input gave beside each metric's value, found for a risk's
    driving metrics by the cell each driver was read from (else its metric, unit and the
    report's quarter)."""

    def __init__(self, report: BoardReport) -> None:
        self.by_cell: dict[tuple, tuple[str | None, str | None]] = {}
        self.by_period: dict[tuple, tuple[str | None, str | None]] = {}
        for obs in report.observations:
            if not (obs.note or obs.owner):
                continue
            given = (obs.note, obs.owner)
            source = obs.source
            key = (obs.metric_id, obs.business_unit, source.file, source.sheet, source.cell)
            self.by_cell.setdefault(key, given)
            if obs.period == report.period:
                self.by_period.setdefault((obs.metric_id, obs.business_unit), given)

    def of(self, risk: Risk) -> str:
        """One line per driving metric with a note or owner, 'Metric (unit): note (metric
        owner: name)', each after a bullet when there are several."""
        lines: list[str] = []
        for d in risk.drivers:
            source = d.source
            key = (d.metric_id, d.business_unit, source.file, source.sheet, source.cell)
            given = self.by_cell.get(key) or self.by_period.get((d.metric_id, d.business_unit))
            if given is None:
                continue
            note, owner = given
            name = d.name + (f" ({d.business_unit})" if d.business_unit else "")
            line = f"{name}: {note}" if note else f"{name}: metric owner {owner}"
            if note and owner:
                line += f" (metric owner: {owner})"
            if line not in lines:
                lines.append(line)
        return lines[0] if len(lines) == 1 else "\n".join(f"{BULLET}{line}" for line in lines)


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
    """Every observation read, with the cell it came from, and where its target came from
    (the workbook, the business context, or the catalog's default)."""
    sheet = _Sheet(worksheet, [28, 40, 34, 10, 12, 18, 10, 8, 10, 26, 12, 30, 24, 8])
    defined = {m: d.target_source for m, d in report.definitions.items()}
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
        if obs.applied_target is not None:
            source = "sheet" if obs.target is not None else defined.get(obs.metric_id)
            sheet.text(row, 9, TARGET_SOURCE_WORDS[source or "catalog"], styles.plain)
        else:
            sheet.number(row, 9, None, styles.plain)
        if obs.status:
            sheet.text(row, 10, STATUS_WORDS[obs.status], styles.fill(STATUS_COLOURS[obs.status]))
        else:
            sheet.number(row, 10, None, styles.plain)
        sheet.text(row, 11, obs.source.file, styles.plain)
        sheet.text(row, 12, obs.source.sheet or "", styles.plain)
        sheet.text(row, 13, obs.source.cell or "", styles.plain)
    sheet.table(0, METRIC_COLUMNS, len(report.observations), styles)
