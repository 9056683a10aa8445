"""The rules of `metrics.metric_statuses`, applied by column to observations held by column.

A large export's observations arrive as an `ObservationTable`; judging them one model
at a time (a copy each, a status row each) costs more than reading the file did. Here
the same rules (`status`: target, status, weakness, movement) are applied with array
operations written to give the very same floats as the scalar rules (the same operations
in the same order: `x if x > 0 else 0.0` for `max(0.0, x)`, and so on). The judged copies
are the table with two more columns; the status rows are models built without
validation, each field computed here.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from reporting import quarters
from reporting.catalog import Catalog
from reporting.context import BusinessContext
from reporting.ingest.grid import a1
from reporting.observation_table import (
    STATUSES,
    Judged,
    Observations,
    ObservationTable,
    built,
    gc_paused,
)
from reporting.observations import Source
from reporting.report import MetricStatus
from reporting.translate import status
from reporting.translate.status import _MIN_TOLERANCE_SHARE

_ROW_FIELDS = set(MetricStatus.model_fields)
_SOURCE_FIELDS = {"file", "sheet", "cell"}
_MOVEMENTS = ("new", "stable", "improving", "worsening")
_TARGET_SOURCES = ("sheet", "context", "catalog")  # `status.target_source`, by code


def judge_table(
    table: ObservationTable, context: BusinessContext, catalog: Catalog
) -> tuple[Observations, dict[str, list[MetricStatus]]]:
    """What `metric_statuses` returns, for observations held by column."""
    metrics = [catalog[m] for m in table.metric_ids]
    m = table.metric
    higher = np.asarray([x.higher_is_better for x in metrics], dtype=bool)[m]
    tolerance = np.asarray([x.tolerance for x in metrics], dtype=np.float64)[m]
    default = np.asarray([context.targets.get(x.id, x.target) for x in metrics], np.float64)[m]
    value = table.value
    target = np.where(np.isnan(table.target), default, table.target)
    set_in_context = np.asarray([x.id in context.targets for x in metrics], dtype=bool)[m]
    target_source = np.where(np.isnan(table.target), np.where(set_in_context, 1, 2), 0).astype(
        np.int8
    )
    gap = np.where(higher, target - value, value - target)
    gap = np.where(gap > 0.0, gap, 0.0)  # max(0.0, gap)
    state = np.where(gap <= 0, 0, np.where(gap <= tolerance, 1, 2)).astype(np.int8)
    scaled = np.abs(target) * 0.05
    scale = np.where(tolerance > 0, tolerance, np.where(scaled > 1.0, scaled, 1.0))
    weakness = status.weakness_of(gap / scale)
    previous = _previous(table)
    change = value - previous
    threshold = scale * _MIN_TOLERANCE_SHARE
    better = np.where(higher, change > 0, change < 0)
    movement = np.where(
        np.isnan(previous), 0, np.where(np.abs(change) <= threshold, 1, np.where(better, 2, 3))
    )
    judged = Observations(table.with_judgement(Judged(state, target)))
    columns = {
        "value": value,
        "target": target,
        "target_source": target_source,
        "state": state,
        "previous": previous,
        "change": change,
        "movement": movement,
        "weakness": weakness,
    }
    with gc_paused():
        return judged, _status_rows(table, metrics, columns)


def _previous(table: ObservationTable) -> np.ndarray:
    """Each observation's figure for the same metric and unit in the latest earlier
    quarter with any data (NaN where there is none)."""
    periods = table.texts["period"]
    order = quarters.in_order(table.distinct("period"))
    prior = {p: quarters.previous_reported(order, p) for p in order}
    code_of = {p: k for k, p in enumerate(periods.values)}
    prior_code = np.asarray(
        [code_of.get(prior.get(p), -1) if p is not None else -1 for p in periods.values],
        dtype=np.int64,
    )
    units = table.texts["business_unit"].codes.astype(np.int64)
    width = np.int64(len(periods.values) + 1)
    base = (
        table.metric.astype(np.int64) * np.int64(len(table.texts["business_unit"].values) + 1)
        + units
    ) * width
    keys = base + periods.codes
    wanted = base + prior_code[periods.codes]
    sorter = np.argsort(keys, kind="stable")
    ordered = keys[sorter]
    at = np.minimum(np.searchsorted(ordered, wanted), len(ordered) - 1)
    found = (prior_code[periods.codes] >= 0) & (ordered[at] == wanted)
    return np.where(found, table.value[sorter[at]], np.nan)


def _status_rows(table: ObservationTable, metrics, columns: dict) -> dict[str, list[MetricStatus]]:
    """The status row of every observation, by quarter, in the observations' order."""
    rows: dict[str, list[MetricStatus]] = defaultdict(list)
    row_fields, source_fields = set(_ROW_FIELDS), set(_SOURCE_FIELDS)  # complete: shared
    texts = table.texts
    periods = texts["period"].decoded()
    units = texts["business_unit"].decoded()
    files, sheets = texts["file"].decoded(), texts["sheet"].decoded()
    cells = map(a1, table.row.tolist(), table.col.tolist())
    listed = {name: column.tolist() for name, column in columns.items()}
    for i, (m, period, unit, file, sheet, cell) in enumerate(
        zip(table.metric.tolist(), periods, units, files, sheets, cells, strict=True)
    ):
        metric = metrics[m]
        previous = listed["previous"][i]
        known = previous == previous  # not NaN
        source = built(Source, {"file": file, "sheet": sheet, "cell": cell}, source_fields)
        values = {
            "metric_id": metric.id,
            "name": metric.name,
            "domain": metric.domain_name,
            "business_unit": unit,
            "value": listed["value"][i],
            "unit": metric.unit,
            "target": listed["target"][i],
            "target_source": _TARGET_SOURCES[listed["target_source"][i]],
            "tolerance": metric.tolerance,
            "higher_is_better": metric.higher_is_better,
            "status": STATUSES[listed["state"][i]],
            "previous": previous if known else None,
            "change": listed["change"][i] if known else None,
            "movement": _MOVEMENTS[listed["movement"][i]],
            "weakness": listed["weakness"][i],
            "source": source,
        }
        rows[period].append(built(MetricStatus, values, row_fields))
    return rows
