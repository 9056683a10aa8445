"""The deck's native charts: PowerPoint chart objects the board office can restyle and whose
data it can edit, never pictures. Each builder draws one chart into a box on a slide: its
series, colours, data labels, number formats and axis ranges.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pptx.chart.data import CategoryChartData, XyChartData
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from reporting.board.palette import (
    BLUE,
    CONTROL_COLOURS,
    COST,
    INK,
    NAVY,
    RULE,
    STATUS_COLOURS,
    THRESHOLD_COLOURS,
    ink_on,
)
from reporting.board.words import CONTROL_WORDS, STATUS_WORDS, money
from reporting.export.deck.canvas import FONT_NAME, MAIN_FLOOR, Box, rgb
from reporting.report import BoardReport, Driver, MetricStatus

_UNIT_FORMATS = {  # data labels; axes drop the "General" for whole numbers
    "percent": 'General"%"',
    "count": "#,##0",
    "days": 'General" d"',
    "hours": 'General" h"',
    "ratio": "General",
}


# A driver chart's axis, by unit of measure.
_UNIT_AXES = {"percent": "%", "count": "count", "days": "days", "hours": "hours", "ratio": "ratio"}


# The height a driver chart needs: its axis and title, and each metric's pair of bars.
_DRIVER_AXIS = Inches(0.8)
_DRIVER_BARS = Inches(0.55)


def drivers_that_fit(box: Box, drivers: Sequence[Driver]) -> int:
    """How many of the drivers (heaviest first) `driver_chart` can draw in the box with
    every bar and label readable."""
    shown = len(drivers)
    while shown > 1:
        units = {d.unit for d in drivers[:shown]}
        gaps = Inches(0.08) * (len(units) - 1)
        if len(units) * _DRIVER_AXIS + shown * _DRIVER_BARS + gaps <= box.height:
            break
        shown -= 1
    return shown


def driver_chart(slide, box: Box, names: Sequence[str], drivers: Sequence[Driver]) -> None:
    """Each driving metric's actual value beside its target, on a real axis: one small
    chart per unit of measure (a percent is never drawn on a count's axis), each bar
    coloured by its status and labelled with its value, the axis titled with its unit and
    starting at zero. Give it no more drivers than `drivers_that_fit`."""
    groups: dict[str, list[int]] = {}
    for i, driver in enumerate(drivers):
        groups.setdefault(driver.unit, []).append(i)
    heights = [_DRIVER_AXIS + len(members) * _DRIVER_BARS for members in groups.values()]
    # No taller than half again what the bars need: a lone driver is not a wall of colour.
    box = Box(box.left, box.top, box.width, min(box.height, int(sum(heights) * 1.5)))
    boxes = box.rows(*heights, gap=Inches(0.08)) if len(groups) > 1 else [box]
    for (unit, members), part in zip(groups.items(), boxes, strict=True):
        _actual_and_target(
            slide, part, unit, [names[i] for i in members], [drivers[i] for i in members]
        )


def _actual_and_target(
    slide, box: Box, unit: str, names: Sequence[str], drivers: Sequence[Driver]
) -> None:
    data = CategoryChartData(number_format=_UNIT_FORMATS.get(unit, "General"))
    data.categories = list(names)  # long names wrap; none is cut
    data.add_series("Actual", [d.value for d in drivers])
    data.add_series("Target", [d.target for d in drivers])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box, data)
    frame.name = f"Driver chart ({unit})"
    chart = frame.chart
    _style_chart(chart, MAIN_FLOOR)
    chart.has_legend = False  # the axis title says which bar is which
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.overlap = 0
    plot.vary_by_categories = False
    actual, target = plot.series
    for i, driver in enumerate(drivers):
        point = actual.points[i]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(STATUS_COLOURS[driver.status])
    target.format.fill.solid()
    target.format.fill.fore_color.rgb = rgb(RULE)
    for series in (actual, target):
        labels = series.data_labels
        labels.show_value = True
        labels.number_format = _UNIT_FORMATS.get(unit, "General")
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.size = Pt(MAIN_FLOOR)
    axis = chart.value_axis
    axis.minimum_scale = 0
    top = max([d.value for d in drivers] + [d.target for d in drivers] + [1.0])
    axis.maximum_scale = 100 if unit == "percent" and top <= 100 else _nice_ceiling(top * 1.25)
    axis.major_unit = axis.maximum_scale / (4 if box.width < Inches(4.5) else 5)
    _axis_title(axis, f"Actual and target (grey), {_UNIT_AXES.get(unit, unit)}, from zero")
    axis.tick_labels.font.size = Pt(MAIN_FLOOR)
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(RULE)
    categories = chart.category_axis
    categories.reverse_order = True  # the heaviest driver on top
    _value_axis_at_bottom(chart)
    categories.tick_labels.font.size = Pt(MAIN_FLOOR)
    categories.format.line.color.rgb = rgb(RULE)
    _every_label(categories)


def _set_child(
    parent, tag: str, value: str, *, before: str | None = None, after: str | None = None
):
    """Set `parent`'s one `tag` child to `value` (python-pptx has no property for it), in
    the place the schema orders it: before or after the named sibling, else last."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child = parent.makeelement(qn(tag), {"val": value})
    anchor = parent.find(qn(before or after)) if (before or after) else None
    if anchor is None:
        parent.append(child)
    elif before:
        anchor.addprevious(child)
    else:
        anchor.addnext(child)


def _every_label(axis) -> None:
    """Name every category (a renderer may otherwise skip some to save room)."""
    _set_child(axis._element, "c:tickLblSkip", "1", before="c:noMultiLvlLbl")


def _axis_title(axis, text: str) -> None:
    """Title an axis, at the floor size: every chart's axes say what they measure."""
    axis.has_title = True
    axis.axis_title.text_frame.text = text
    axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(MAIN_FLOOR)


def _value_axis_at_bottom(chart) -> None:
    """With categories in reverse order (the first on top), have the value axis cross at
    the last category, so it stays at the bottom where a reader looks for it."""
    crosses = chart.value_axis._element.find(qn("c:crosses"))
    if crosses is not None:
        crosses.set("val", "max")


def _nice_ceiling(value: float) -> float:
    """1, 2 or 5 times a power of ten, at or above `value`."""
    step = 10 ** math.floor(math.log10(value)) if value > 0 else 1
    for multiple in (1, 2, 5, 10):
        if multiple * step >= value:
            return multiple * step
    return 10 * step


def compliance_chart(slide, box: Box, report: BoardReport) -> None:
    """Controls per framework as stacked bars, one series per control status."""
    data = CategoryChartData(number_format="#,##0;;;")  # zero counts carry no label
    data.categories = [f.framework for f in report.compliance]
    for state in ("met", "partial", "not_met", "no_evidence"):
        data.add_series(CONTROL_WORDS[state], [getattr(f, state) for f in report.compliance])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, *box, data)
    frame.name = "Compliance chart"
    chart = frame.chart
    _titled(chart, "Controls per framework, by status", size=MAIN_FLOOR, title_size=14, legend=True)
    _stacked(
        chart,
        [CONTROL_COLOURS[s] for s in ("met", "partial", "not_met", "no_evidence")],
        gap=50,
        bold=True,
    )
    chart.category_axis.reverse_order = True
    _value_axis_at_bottom(chart)
    chart.category_axis.tick_labels.font.size = Pt(12)
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = rgb(RULE)
    chart.value_axis.tick_labels.font.size = Pt(MAIN_FLOOR)
    chart.value_axis.minimum_scale = 0
    _axis_title(chart.value_axis, "Controls (count), from zero")


def trend_chart(
    slide,
    box: Box,
    report: BoardReport,
    metric_id: str,
    metric: MetricStatus,
    labels: dict[str, str],
) -> None:
    """A metric over the report's quarters, a line of its values against its target: a
    quarter with no figure is a gap in the line, never dropped from the axis, and the value
    axis says where it starts when it does not start at zero."""
    points = dict(report.series(metric_id))
    periods = list(report.periods)
    target = metric.target
    unit_format = _UNIT_FORMATS.get(metric.unit, "General")
    data = CategoryChartData(number_format=unit_format)
    data.categories = [labels.get(p, p) for p in periods]
    data.add_series("Actual", [points.get(p) for p in periods])
    data.add_series(f"Target ({_plain(target, metric.unit)})", [target for _ in periods])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, *box, data)
    frame.name = f"Trend {metric_id}"
    chart = frame.chart
    _style_chart(chart, MAIN_FLOOR)
    chart.has_title = True
    chart.chart_title.text_frame.text = metric.name
    _style_title(chart, 14)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(MAIN_FLOOR)
    _gaps(chart)
    value, goal = chart.plots[0].series
    value.smooth = False
    value.format.line.color.rgb = rgb(BLUE)
    value.format.line.width = Pt(2.5)
    value.marker.size = 7
    value.marker.format.fill.solid()
    value.marker.format.fill.fore_color.rgb = rgb(BLUE)
    value.marker.format.line.color.rgb = rgb(BLUE)
    labels_ = value.data_labels
    labels_.show_value = True
    labels_.number_format = unit_format
    labels_.number_format_is_linked = False
    labels_.position = XL_LABEL_POSITION.ABOVE
    labels_.font.size = Pt(MAIN_FLOOR)
    goal.smooth = False
    goal.format.line.color.rgb = rgb(STATUS_COLOURS["green"])
    goal.format.line.width = Pt(1.75)
    goal.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    goal.marker.style = XL_MARKER_STYLE.NONE
    axis = chart.value_axis
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(RULE)
    axis.tick_labels.font.size = Pt(MAIN_FLOOR)
    shown = [points[p] for p in periods if p in points]
    low, high, step = _axis_range([*shown, target], metric.unit, percent=metric.unit == "percent")
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = low, high, step
    axis.tick_labels.number_format = unit_format.replace("General", "0")
    axis.tick_labels.number_format_is_linked = False
    start = "from zero" if low == 0 else f"starts at {_plain(low, metric.unit)}"
    _axis_title(axis, f"{_UNIT_AXES.get(metric.unit, metric.unit)}, {start}")
    chart.category_axis.tick_labels.font.size = Pt(MAIN_FLOOR)
    _axis_title(chart.category_axis, "Quarter")


def units_chart(
    slide, box: Box, report: BoardReport, metric_id: str, labels: dict[str, str]
) -> None:
    """A metric reported by business unit over the quarters: the units on, near and off
    target each quarter, stacked (one column a quarter, however many units)."""
    counted = dict(report.units_by_status(metric_id))
    periods = list(report.periods)
    data = CategoryChartData(number_format="#,##0;;;")  # zero counts carry no label
    data.categories = [labels.get(p, p) for p in periods]
    states = ("green", "amber", "red")
    for state in states:
        data.add_series(
            STATUS_WORDS[state], [counted[p][state] if p in counted else None for p in periods]
        )
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_STACKED, *box, data)
    frame.name = f"Trend {metric_id}"
    chart = frame.chart
    name = report.definitions[metric_id].name
    _titled(chart, f"{name}: units on target", size=MAIN_FLOOR, title_size=14, legend=True)
    _stacked(chart, [STATUS_COLOURS[s] for s in states], gap=60)
    axis = chart.value_axis
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(RULE)
    axis.tick_labels.font.size = Pt(MAIN_FLOOR)
    axis.minimum_scale = 0
    _axis_title(axis, "Business units (count), from zero")
    chart.category_axis.tick_labels.font.size = Pt(MAIN_FLOOR)
    _axis_title(chart.category_axis, "Quarter")


def _stacked(chart, colours: list[str], *, gap: int, bold: bool = False) -> None:
    """A stacked chart's series in `colours`, each segment labelled with its count inside
    (a zero count carries no label), in ink that reads on its colour."""
    plot = chart.plots[0]
    plot.gap_width = gap
    plot.overlap = 100
    for colour, series in zip(colours, plot.series, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(colour)
        labels = series.data_labels
        labels.show_value = True
        labels.number_format = "#,##0;;;"
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.CENTER
        labels.font.size = Pt(MAIN_FLOOR)
        labels.font.bold = bold
        labels.font.color.rgb = rgb(ink_on(colour))


def _plain(value: float, unit: str) -> str:
    """A value with its unit, short: 95%, 12, 4 h, 30 d."""
    number = f"{value:g}"
    return {"percent": f"{number}%", "hours": f"{number} h", "days": f"{number} d"}.get(
        unit, number
    )


def _gaps(chart) -> None:
    """Draw a missing value as a gap in the line (PowerPoint's default may join or zero)."""
    inner = chart._chartSpace.find(qn("c:chart"))
    _set_child(inner, "c:dispBlanksAs", "gap", after="c:plotVisOnly")


def _axis_range(values: Sequence[float], unit: str, *, percent: bool) -> tuple[float, float, float]:
    """A value axis with round ticks (at most about six) and room above for the labels;
    percentages zoom in on their range, other units start at zero."""
    high = max(values, default=1.0)
    low = min(values, default=0.0) if percent else 0.0
    span = (high - low) or max(abs(high), 1.0)
    raw = span * 1.4 / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if unit == "count":
        step = max(1.0, float(math.ceil(step)))
    floor = max(0.0, math.floor((low - span * 0.2) / step) * step) if percent else 0.0
    ceiling = math.ceil((high + span * 0.3) / step) * step
    if percent:
        ceiling = min(ceiling, 100.0) if high <= 100 else ceiling
    return floor, max(ceiling, floor + step), step


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _style_chart(chart, size: float) -> None:
    chart.font.size = Pt(size)
    chart.font.name = FONT_NAME
    chart.font.color.rgb = rgb(INK)


def _style_title(chart, size: float) -> None:
    for paragraph in chart.chart_title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = True
            run.font.name = FONT_NAME
            run.font.color.rgb = rgb(NAVY)


def loss_curve_chart(slide, box: Box, report: BoardReport) -> None:
    """The company's loss exceedance curve on a log money axis, with a vertical line at the
    tolerance, the insurance retention and limit, and the materiality threshold, each
    named with the chance a year's loss exceeds it."""
    currency = report.currency
    points = [p for p in report.exceedance if p.loss > 0]
    data = XyChartData()
    curve = data.add_series("Chance a year's loss exceeds the amount")
    for p in points:
        curve.add_data_point(p.loss, p.probability * 100)
    top = max((p.probability * 100 for p in points), default=100)
    top = min(100.0, math.ceil(top / 10) * 10 or 10)
    drawn = [t for t in report.thresholds if t.amount > 0]  # a log axis has no zero
    for t in drawn:
        line = data.add_series(
            f"{t.name}{' (assumed)' if t.assumed else ''}: {money(t.amount, currency)}, "
            f"{t.chance:.0%} chance"
        )
        line.add_data_point(t.amount, 0)
        line.add_data_point(t.amount, top)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER_LINES_NO_MARKERS, *box, data)
    frame.name = "Loss exceedance chart"
    chart = frame.chart
    _titled(
        chart,
        "Chance that a year's cyber losses exceed each amount",
        size=MAIN_FLOOR,
        title_size=14,
        legend=True,
    )
    series = list(chart.plots[0].series)
    series[0].format.line.color.rgb = rgb(BLUE)
    series[0].format.line.width = Pt(3)
    series[0].smooth = False
    for t, s in zip(drawn, series[1:], strict=True):
        s.format.line.color.rgb = rgb(THRESHOLD_COLOURS[t.kind])
        s.format.line.width = Pt(2)
        s.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        s.smooth = False
    x = chart.category_axis  # an XY chart's horizontal axis holds values
    low = min([p.loss for p in points] + [t.amount for t in drawn] or [1.0])
    high = max([p.loss for p in points] + [t.amount for t in drawn] or [10.0])
    x.minimum_scale = 10 ** math.floor(math.log10(max(low, 1.0)))
    x.maximum_scale = 10 ** math.ceil(math.log10(max(high, 10.0)))
    _log_scale(x)
    _axis_title(x, f"A year's cyber losses ({currency}, each step ten times the last)")
    x.tick_labels.number_format = _money_format(currency)
    x.tick_labels.number_format_is_linked = False
    x.tick_labels.font.size = Pt(MAIN_FLOOR)
    y = chart.value_axis
    y.minimum_scale = 0
    y.maximum_scale = top
    _axis_title(y, "Chance of exceeding (% of years)")
    y.tick_labels.number_format = 'General"%"'
    y.tick_labels.number_format_is_linked = False
    y.tick_labels.font.size = Pt(MAIN_FLOOR)
    y.has_major_gridlines = True
    y.major_gridlines.format.line.color.rgb = rgb(RULE)


def options_chart(slide, box: Box, report: BoardReport, names: Sequence[str]) -> None:
    """For each costed option: its first-year cost beside the expected loss it removes a
    year, so a director sees at a glance what each dollar buys."""
    budget = report.budget
    shown = [o for o in budget.options if o.name in names]
    data = CategoryChartData(number_format=_money_format(report.currency))
    data.categories = [o.name for o in shown]  # long names wrap; none is cut
    data.add_series("First-year cost", [(o.one_off or 0) + (o.yearly or 0) for o in shown])
    data.add_series("Expected loss removed a year", [max(o.eal_removed, 0) for o in shown])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box, data)
    frame.name = "Options chart"
    chart = frame.chart
    _titled(
        chart,
        "What each option costs, and the loss it removes a year",
        size=MAIN_FLOOR,
        title_size=14,
        legend=True,
    )
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = 0
    for series, colour in zip(plot.series, (COST, BLUE), strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(colour)
        labels = series.data_labels
        labels.show_value = True
        labels.number_format = _money_format(report.currency)
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.size = Pt(MAIN_FLOOR)
    chart.category_axis.reverse_order = True
    _value_axis_at_bottom(chart)
    chart.category_axis.tick_labels.font.size = Pt(MAIN_FLOOR)
    axis = chart.value_axis
    axis.minimum_scale = 0
    _axis_title(axis, f"{report.currency}, axis from zero")
    axis.tick_labels.number_format = _money_format(report.currency)
    axis.tick_labels.number_format_is_linked = False
    axis.tick_labels.font.size = Pt(MAIN_FLOOR)
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(RULE)


def _titled(chart, title: str, *, size: float, title_size: float, legend: bool) -> None:
    """House style, a title, and a legend under the plot when asked."""
    _style_chart(chart, size)
    chart.has_title = True
    chart.chart_title.text_frame.text = title
    _style_title(chart, title_size)
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(MAIN_FLOOR)


def _money_format(currency: str) -> str:
    """Thousands as k and millions as M, with the currency's symbol where it has one."""
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(currency, "")
    return f'[>=1000000]"{symbol}"#,##0.0,,"M";[>=1000]"{symbol}"#,##0,"k";"{symbol}"#,##0'


def _log_scale(axis) -> None:
    """Set a base-10 logarithmic scale (python-pptx has no property for it)."""
    scaling = axis._element.find(qn("c:scaling"))
    for old in scaling.findall(qn("c:logBase")):
        scaling.remove(old)
    log = scaling.makeelement(qn("c:logBase"), {"val": "10"})
    scaling.insert(0, log)


def waterfall_chart(slide, box: Box, report: BoardReport, *, steps: int = 8) -> None:
    """Last quarter's expected annual loss, each metric's move priced alone, the rest, and
    this quarter's, as a native waterfall: stacked columns on an invisible base (python-pptx
    cannot write PowerPoint's own waterfall type) running down the slide, rises red and
    falls green, each step's amount in its name. The axis starts where the bars do, and says so. Metrics past `steps`
    join the other changes."""
    change, currency = report.change, report.currency
    shown = change.by_metric[:steps]
    rest = change.other + sum(s.amount for s in change.by_metric[steps:])
    steps = [(s.name, s.amount) for s in shown] + [("Other changes", rest)]
    levels = [change.before]
    for _, amount in steps:
        levels.append(levels[-1] + amount)
    floor = _floor(min([*levels, change.after]), max([*levels, change.after]))
    names = ["Last quarter"]
    base, rise, fall, total = [0.0], [0.0], [0.0], [change.before - floor]
    texts = [money(change.before, currency)]
    level = change.before
    for name, amount in steps:
        sign = "+" if amount >= 0 else "−"
        names.append(f"{name}: {sign}{money(abs(amount), currency)}")  # the step says itself
        base.append(min(level, level + amount) - floor)
        rise.append(max(amount, 0.0))
        fall.append(max(-amount, 0.0))
        total.append(0.0)
        texts.append(("+" if amount >= 0 else "−") + money(abs(amount), currency))
        level += amount
    names.append("This quarter")
    base.append(0.0)
    rise.append(0.0)
    fall.append(0.0)
    total.append(change.after - floor)
    texts.append(money(change.after, currency))
    data = CategoryChartData(number_format="General")
    data.categories = names
    data.add_series("Base", base)
    data.add_series("Rise", rise)
    data.add_series("Fall", fall)
    data.add_series("Expected annual loss", total)
    # Bars run across, last quarter on top: long metric names read level beside them.
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, *box, data)
    frame.name = "What changed chart"
    chart = frame.chart
    _style_chart(chart, MAIN_FLOOR)
    chart.has_title = True
    chart.chart_title.text_frame.text = (
        "Expected annual loss: last quarter, what moved it, this quarter"
    )
    _style_title(chart, 13)
    chart.has_legend = False
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.overlap = 100
    colours = (None, STATUS_COLOURS["red"], STATUS_COLOURS["green"], BLUE)
    for series, colour in zip(plot.series, colours, strict=True):
        if colour is None:
            series.format.fill.background()
            series.format.line.fill.background()
            continue
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(colour)
        values = list(series.values)
        for i, value in enumerate(values):
            if not value or colour != BLUE:  # a step's amount is in its category's name
                continue
            label = series.points[i].data_label
            label.position = XL_LABEL_POSITION.INSIDE_END
            label.text_frame.text = texts[i]
            for run in label.text_frame.paragraphs[0].runs:
                run.font.size = Pt(MAIN_FLOOR)
                run.font.bold = True
                run.font.name = FONT_NAME
                run.font.color.rgb = rgb(ink_on(colour))
    axis = chart.value_axis
    axis.minimum_scale = 0
    start = f", axis starts at {money(floor, currency)}" if floor > 0 else ", axis from zero"
    _axis_title(axis, f"Expected annual loss ({currency}){start}")
    axis.tick_labels.number_format = _offset_format(floor, currency)
    axis.tick_labels.number_format_is_linked = False
    axis.tick_labels.font.size = Pt(MAIN_FLOOR)
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(RULE)
    chart.category_axis.tick_labels.font.size = Pt(MAIN_FLOOR)
    chart.category_axis.has_title = False
    chart.category_axis.reverse_order = True
    _value_axis_at_bottom(chart)
    _every_label(chart.category_axis)


def _floor(lowest: float, highest: float) -> float:
    """A round amount below the lowest bar, close enough that the steps between the bars
    are tall enough to see: about one and a half times their span below it."""
    if lowest <= 0:
        return 0.0
    span = max(highest - lowest, lowest * 0.05)
    step = 10 ** math.floor(math.log10(span))
    return max(0.0, math.floor((lowest - span * 1.5) / step) * step)


def _offset_format(floor: float, currency: str) -> str:
    """Tick labels for an axis whose zero stands for `floor`: there is no number format that
    adds an offset, so the ticks are hidden and the axis title says where it starts."""
    return _money_format(currency) if floor == 0 else ";;;"
