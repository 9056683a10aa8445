"""What the what-if form offers: which metrics can be changed, the suggested value of each,
its bounds, and which metrics are picked to start with.

A rule, not a drawing: every metric reported this quarter can be changed; the value
suggested is the metric's current target (what an investment would aim for); values cannot
go below zero, and a percentage cannot exceed 100; the form starts on the metric weighing
most on the risk in view.
"""

from __future__ import annotations

from typing import NamedTuple

from reporting.report import BoardReport, Risk


class WhatIfOption(NamedTuple):
    metric_id: str
    name: str
    unit: str
    suggested: float
    minimum: float
    maximum: float | None


def what_if_options(report: BoardReport) -> list[WhatIfOption]:
    """Every metric the what-if can change, by metric id, with its suggested value and bounds."""
    targets: dict[str, float] = {}
    for metric in report.metrics:
        targets.setdefault(metric.metric_id, metric.target)
    options = []
    for metric_id in sorted(targets):
        definition = report.definitions[metric_id]
        options.append(
            WhatIfOption(
                metric_id=metric_id,
                name=definition.name,
                unit=definition.unit,
                suggested=float(targets[metric_id]),
                minimum=0.0,
                maximum=100.0 if definition.unit == "percent" else None,
            )
        )
    return options


def what_if_defaults(risk: Risk) -> list[str]:
    """The metrics picked when the form opens: the driver weighing most on the risk."""
    return [d.metric_id for d in risk.ranked_drivers[:1]]
