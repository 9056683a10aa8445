"""Board charts as plotly figures, drawn from a `BoardReport`.

The app shows these figures and the image export renders the same ones, so the screen and
the pack agree. One colour-blind-safe palette (Okabe-Ito) for status and rating, always
paired with a word; white backgrounds; large type.

Plotly reads every text in a figure as pseudo-HTML (`<b>`, `<br>`, `<a href>`, entities),
so every string that comes from the user's files or context (unit and framework names,
risk titles, metric names, quarter labels, the currency) reaches a figure through
`plotly_literal` and shows as written. Titles are made literal in `_layout`.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from reporting import quarters
from reporting.board.palette import (
    BLUE,
    CONTROL_COLOURS,
    COST,
    GRID,
    INK,
    RATING_COLOURS,
    SERIES,
    STATUS_COLOURS,
    THRESHOLD_COLOURS,
    ink_on,
)
from reporting.board.targets import target_text
from reporting.board.words import (
    CONTROL_WORDS,
    STATUS_WORDS,
    format_value,
    money,
    previous_quarter_name,
    report_quarter,
    risk_where,
    threshold_line,
)
from reporting.report import BoardReport, ExceedancePoint
from reporting.text import plotly_literal

FONT = dict(family="Arial, Helvetica, sans-serif", size=16, color=INK)

# Toolbar download as a 16:9 PNG, large enough for a slide.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "width": 1600, "height": 900, "scale": 1},
}


def _layout(fig: go.Figure, title: str, height: int = 480) -> go.Figure:
    """House style, with `title` (plain text, never markup) made literal."""
    fig.update_layout(
        title=dict(text=plotly_literal(title), x=0, xanchor="left", font=dict(size=20)),
        font=FONT,
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin=dict(l=20, r=20, t=60, b=90),
        legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0),
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def risk_heatmap(report: BoardReport) -> go.Figure:
    """Control gap by impact, each cell coloured by the rating its score gives and saying
    it in words: the rating, how many risks lie there and their ranks."""
    from reporting.board.words import GAP_NAME, GAP_WORDS, IMPACT_WORDS
    from reporting.translate.scoring import rating

    labels: dict[tuple[int, int], list[str]] = {}
    ranks: dict[tuple[int, int], list[int]] = {}
    for risk in report.risks:
        labels.setdefault((risk.likelihood, risk.impact), []).append(
            plotly_literal(f"{risk.rank}. {risk.title} ({risk_where(risk)})")
        )
        ranks.setdefault((risk.likelihood, risk.impact), []).append(risk.rank)
    order = ["low", "moderate", "high", "critical"]
    z, text, hover = [], [], []
    for likelihood in range(1, 6):
        z_row, text_row, hover_row = [], [], []
        for impact in range(1, 6):
            word = rating(likelihood * impact)
            z_row.append(order.index(word))
            text_row.append(heatmap_cell(word, ranks.get((likelihood, impact), [])))
            hover_row.append("<br>".join(labels.get((likelihood, impact), [])) or "No risk here")
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    colours = [RATING_COLOURS[r] for r in order]
    scale = []
    for i, colour in enumerate(colours):
        scale += [(i / 4, colour), ((i + 1) / 4, colour)]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"{i} {IMPACT_WORDS[i]}" for i in range(1, 6)],
            y=[f"{i} {GAP_WORDS[i]}" for i in range(1, 6)],
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=16),  # coloured by plotly to read on each cell
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=scale,
            zmin=0,
            zmax=4,
            showscale=False,
            xgap=3,
            ygap=3,
        )
    )
    fig.update_xaxes(title_text="Impact on the business", side="bottom")
    fig.update_yaxes(title_text=f"{GAP_NAME}: how far controls fall short")
    # The colour legend, in words, as invisible traces.
    for name in order:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name.capitalize(),
                marker=dict(size=14, color=RATING_COLOURS[name], symbol="square"),
            )
        )
    return _layout(fig, "Risks by control gap and impact: each cell's rating, risks and ranks", 560)


def heatmap_cell(rating: str, ranks: list[int], per_line: int = 6) -> str:
    """'High · 3 risks<br>ranks 6, 7, 8': the cell's rating in words, how many risks lie
    there and their ranks (a line of ranks at a time); 'Low · no risks' for an empty cell,
    so a colour never reads as a risk that is not there."""
    word = rating.capitalize()
    if not ranks:
        return f"{word} · no risks"
    count = f"{len(ranks)} risk{'s' if len(ranks) != 1 else ''}"
    lines = [
        ", ".join(str(r) for r in ranks[i : i + per_line]) for i in range(0, len(ranks), per_line)
    ]
    return f"{word} · {count}<br>{'rank' if len(ranks) == 1 else 'ranks'} " + ",<br>".join(lines)


def compliance_bars(report: BoardReport) -> go.Figure:
    frameworks = [plotly_literal(f.framework) for f in report.compliance]
    fig = go.Figure()
    for state in ("met", "partial", "not_met", "no_evidence"):
        counts = [getattr(f, state) for f in report.compliance]
        fig.add_trace(
            go.Bar(
                y=frameworks,
                x=counts,
                orientation="h",
                name=CONTROL_WORDS[state],
                marker_color=CONTROL_COLOURS[state],
                text=counts,
                textposition="inside",
                insidetextanchor="middle",
                textfont=dict(size=16),
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(gridcolor=GRID)
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig,
        "Controls by status, per framework",
        200 + 60 * len(frameworks),
    )


def compliance_history(report: BoardReport) -> go.Figure:
    fig = go.Figure()
    palette = SERIES
    for i, framework in enumerate(report.compliance):
        periods = sorted(framework.history, key=quarters.sort_key)
        names = report.period_labels
        fig.add_trace(
            go.Scatter(
                x=[plotly_literal(names.get(p, p)) for p in periods],
                y=[
                    None if framework.history[p] is None else framework.history[p] * 100
                    for p in periods
                ],
                mode="lines+markers",
                name=plotly_literal(framework.framework),
                line=dict(width=3, color=palette[i % len(palette)]),
                marker=dict(size=9),
            )
        )
    fig.update_yaxes(title_text="Evidenced controls met (%)", range=[0, 100], gridcolor=GRID)
    fig.update_xaxes(type="category")
    return _layout(fig, "Share of evidenced controls met, by quarter")


def metric_trend(
    report: BoardReport, metric_id: str, business_unit: str | None = None
) -> go.Figure:
    """A metric over the quarters against its target and near-target band, every mark
    named in the legend: the target (marked when it is the catalog's default), the band,
    the metric's line, and each status its points are coloured by. A metric reported only
    by business unit, asked for the whole company, is drawn as its units on target."""
    if business_unit is None and not report.company_wide(metric_id):
        return units_on_target(report, metric_id)
    metric = report.definitions[metric_id]
    points = report.series(metric_id, business_unit)
    target, source = trend_target(report, metric_id, business_unit)
    edge = target - metric.tolerance if metric.higher_is_better else target + metric.tolerance
    names = report.period_labels
    periods_ = [p for p, _ in points]
    xs = [plotly_literal(names.get(p, p)) for p in periods_]
    values = [v for _, v in points]
    fig = go.Figure()
    if xs and metric.tolerance > 0:
        low, high = sorted((target, edge))
        side = "below" if metric.higher_is_better else "above"
        fig.add_hrect(
            y0=low,
            y1=high,
            fillcolor=STATUS_COLOURS["amber"],
            opacity=0.2,
            line=dict(color=STATUS_COLOURS["amber"], width=1),
            name=plotly_literal(
                f"Near-target band: up to {format_value(metric.tolerance, metric.unit)} "
                f"{side} target"
            ),
            showlegend=True,
            legendrank=2,
        )
    if xs:
        # The target is a legend entry, not a label on the line: a label there collides
        # with the values' own labels whichever side it takes.
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=[target] * len(xs),
                mode="lines",
                name=plotly_literal(f"Target {target_text(target, metric.unit, source)}"),
                line=dict(color=STATUS_COLOURS["green"], width=2, dash="dash"),
                hoverinfo="skip",
                legendrank=1,
            )
        )
    # The metric's line, its points drawn over it by status.
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=values,
            mode="lines",
            name=plotly_literal(metric.name),
            line=dict(color=BLUE, width=3),
            hoverinfo="skip",
            legendrank=3,
        )
    )
    # Each point coloured by its status, a legend entry per status shown, in words.
    statuses = _statuses(report, metric_id, business_unit)
    for state in ("green", "amber", "red", "none"):
        at = [i for i, p in enumerate(periods_) if statuses.get(p, "none") == state]
        if not at:
            continue
        word = STATUS_WORDS.get(state, "No status")
        fig.add_trace(
            go.Scatter(
                x=[xs[i] for i in at],
                y=[values[i] for i in at],
                mode="markers+text",
                name=word,
                marker=dict(
                    size=12, color=STATUS_COLOURS[state], line=dict(color="white", width=1)
                ),
                text=[plotly_literal(format_value(values[i], metric.unit)) for i in at],
                textposition="top center",
                cliponaxis=False,
                hovertemplate="%{x}: %{text}, " + word.lower() + "<extra></extra>",
                legendrank=4,
            )
        )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=xs)
    # Room above the highest point for its label, and whole numbers for small counts.
    span = [*values, target, edge]
    low, high = min(span), max(span)
    pad = (high - low) * 0.18 or max(abs(high) * 0.1, 1.0)
    bottom = 0.0 if metric.unit != "percent" or low - pad < 0 else low - pad
    top = high + pad if metric.unit != "percent" else min(high + pad, 105.0)
    fig.update_yaxes(gridcolor=GRID, range=[bottom, top])
    if metric.unit in ("count", "days", "hours") and top <= 8:
        fig.update_yaxes(dtick=1)
    where = f" ({business_unit})" if business_unit else ""
    fig = _layout(fig, f"{metric.name}{where}", 480)
    fig.update_layout(margin=dict(l=20, r=20, t=60, b=130), legend=dict(y=-0.16))
    return fig


def units_on_target(report: BoardReport, metric_id: str) -> go.Figure:
    """A metric of many business units over the quarters: how many units were on, near and
    off target each quarter, stacked (one bar a quarter however many units there are)."""
    metric = report.definitions[metric_id]
    names = report.period_labels
    counted = report.units_by_status(metric_id)
    xs = [plotly_literal(names.get(p, p)) for p, _ in counted]
    fig = go.Figure()
    for state in ("green", "amber", "red"):
        ys = [c[state] for _, c in counted]
        fig.add_trace(
            go.Bar(
                x=xs,
                y=ys,
                name=STATUS_WORDS[state],
                marker_color=STATUS_COLOURS[state],
                text=[str(y) if y else "" for y in ys],
                textposition="inside",
                insidetextfont=dict(color=ink_on(STATUS_COLOURS[state])),
                hovertemplate="%{x}: %{y} units " + STATUS_WORDS[state].lower() + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=xs, tickangle=-45)
    fig.update_yaxes(gridcolor=GRID, title_text="Business units", rangemode="tozero")
    fig = _layout(fig, metric.name, 480)
    # The key sits under the title: below, it would cover the slanted quarter names.
    fig.update_layout(
        margin=dict(l=20, r=20, t=90, b=40),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
    )
    return fig


def trend_target(
    report: BoardReport, metric_id: str, business_unit: str | None = None
) -> tuple[float, str]:
    """The target a trend is drawn against, and where it came from: this quarter's for
    the metric and unit, else the one that applies when no sheet gives one."""
    current = next(
        (
            m
            for m in report.metrics
            if m.metric_id == metric_id and m.business_unit == business_unit
        ),
        None,
    )
    if current is not None:
        return current.target, current.target_source
    metric = report.definitions[metric_id]
    return metric.target, metric.target_source


def _statuses(report: BoardReport, metric_id: str, business_unit: str | None) -> dict[str, str]:
    return {
        o.period: o.status or "none"
        for o in report.observations
        if o.metric_id == metric_id and o.business_unit == business_unit
    }


def exceedance_curve(
    points: list[ExceedancePoint],
    currency: str,
    title: str,
    tolerance: float | None = None,
    thresholds: list | None = None,
) -> go.Figure:
    """The chance a year's loss exceeds each amount; a dashed line at the tolerance, or at
    each threshold given (tolerance, insurance, materiality), each named in words."""
    fig = go.Figure(
        go.Scatter(
            x=[p.loss for p in points],
            y=[p.probability * 100 for p in points],
            mode="lines",
            line=dict(color=BLUE, width=3),
            name="Chance of exceeding",
            customdata=[plotly_literal(money(p.loss, currency)) for p in points],
            hovertemplate="%{y:.1f}% chance a year's loss exceeds %{customdata}<extra></extra>",
        )
    )
    # Each dashed line named twice: beside the line (what it is and its amount, written
    # up the line so that close thresholds do not overlap) and in the key.
    lines = [
        (
            t.kind,
            f"{t.name}{' (assumed)' if t.assumed else ''}",
            t.amount,
            threshold_line(t, currency),
        )
        for t in thresholds or []
        if t.amount > 0  # a log axis has no zero
    ]
    if tolerance and not thresholds:
        lines.append(("tolerance", "Board tolerance", tolerance, None))
    for kind, name, amount, key in lines:
        colour = THRESHOLD_COLOURS[kind]
        label = plotly_literal(f"{name} {money(amount, currency)}")
        fig.add_vline(
            x=amount,
            line=dict(color=colour, dash="dash", width=2),
            name=plotly_literal(key) if key else label,
        )
        # An annotation on a log axis is placed by the log of its value (a line by the value).
        fig.add_annotation(
            x=math.log10(amount),
            xref="x",
            y=1,
            yref="paper",
            text=label,
            textangle=-90,
            font=dict(size=13, color=colour),
            bgcolor="rgba(255,255,255,0.6)",  # the curve still shows through
            showarrow=False,
            xanchor="right",
            yanchor="top",
        )
        if key:
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="lines",
                    line=dict(color=colour, dash="dash", width=2),
                    name=plotly_literal(key),
                )
            )
    # One labelled tick per power of ten, in money, instead of plotly's 2-5-10 clutter.
    losses = [p.loss for p in points if p.loss > 0]
    if losses:
        low, high = math.floor(math.log10(min(losses))), math.ceil(math.log10(max(losses)))
        ticks = [10.0**k for k in range(low, high + 1)]
        fig.update_xaxes(
            tickvals=ticks, ticktext=[plotly_literal(money(t, currency)) for t in ticks]
        )
    fig.update_xaxes(
        type="log", title_text=plotly_literal(f"Annual loss ({currency})"), gridcolor=GRID
    )
    fig.update_yaxes(title_text="Chance of exceeding (%)", rangemode="tozero", gridcolor=GRID)
    fig = _layout(fig, title, 520 if thresholds else 380)
    if thresholds:
        # The key under the axis title, one line per threshold.
        fig.update_layout(
            legend=dict(orientation="v", yanchor="top", y=-0.32, x=0),
            margin=dict(l=20, r=20, t=60, b=190),
        )
    return fig


def board_figures(report: BoardReport, tolerance: float | None = None) -> dict[str, go.Figure]:
    """The charts of a board pack, by file-friendly name."""
    figures = {
        "risk_heatmap": risk_heatmap(report),
        "loss_exceedance": exceedance_curve(
            report.exceedance,
            report.currency,
            "Chance of annual cyber losses above each amount",
            tolerance,
        ),
    }
    if report.compliance:
        figures["compliance"] = compliance_bars(report)
        figures["compliance_history"] = compliance_history(report)
    for metric_id in report.key_metrics:
        figures[f"trend_{metric_id}"] = metric_trend(report, metric_id)
    return figures


def options_bars(report: BoardReport, limit: int = 8) -> go.Figure:
    """Each costed option's first-year cost beside the expected loss it removes a year."""
    currency = report.currency
    shown = [o for o in report.budget.options if o.horizon_cost][:limit] if report.budget else []
    names = [plotly_literal(o.name) for o in shown]
    fig = go.Figure()
    for label, values, colour in (
        ("First-year cost", [(o.one_off or 0) + (o.yearly or 0) for o in shown], COST),
        ("Expected loss removed a year", [max(o.eal_removed, 0) for o in shown], BLUE),
    ):
        fig.add_trace(
            go.Bar(
                y=names,
                x=values,
                orientation="h",
                name=label,
                marker_color=colour,
                text=[plotly_literal(money(v, currency)) for v in values],
                textposition="outside",
                hovertemplate="%{y}: %{text}<extra>" + label + "</extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    top = max([v for trace in fig.data for v in trace.x] or [1.0])
    fig.update_xaxes(
        title_text=plotly_literal(f"{currency} (axis from zero)"),
        range=[0, top * 1.25],  # room for the labels beyond the longest bar
        gridcolor=GRID,
    )
    _layout(fig, "What each option costs, and the loss it removes a year", 460)
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0))
    return fig


def money_waterfall(report: BoardReport) -> go.Figure:
    """Last quarter's expected annual loss, each metric's move priced alone, what no single
    metric explains, and this quarter's: a waterfall, rises in red and falls in green."""
    change, currency = report.change, report.currency
    names = [plotly_literal(f"{previous_quarter_name(report)} (last quarter)")]
    names += [plotly_literal(step.name) for step in change.by_metric]
    names += ["Other changes", plotly_literal(f"{report_quarter(report)} (this quarter)")]
    values = [change.before, *(s.amount for s in change.by_metric), change.other, change.after]
    measure = ["absolute", *("relative" for _ in change.by_metric), "relative", "total"]
    # Bars run across, last quarter on top: long metric names read level beside them.
    fig = go.Figure(
        go.Waterfall(
            orientation="h",
            y=names,
            x=values,
            measure=measure,
            text=[
                plotly_literal(("+" if m == "relative" and v > 0 else "") + money(v, currency))
                for v, m in zip(values, measure, strict=True)
            ],
            textposition="outside",
            cliponaxis=False,
            increasing=dict(marker=dict(color=STATUS_COLOURS["red"])),
            decreasing=dict(marker=dict(color=STATUS_COLOURS["green"])),
            totals=dict(marker=dict(color=BLUE)),
            connector=dict(line=dict(color=GRID)),
            hoverinfo="skip",
        )
    )
    fig.update_xaxes(
        title_text=plotly_literal(f"Expected annual loss ({currency}), axis from zero"),
        rangemode="tozero",
        gridcolor=GRID,
        automargin=True,
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig = _layout(
        fig, "What changed the expected annual loss since last quarter", 140 + 42 * len(names)
    )
    fig.update_layout(showlegend=False)
    return fig
