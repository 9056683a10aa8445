"""Board charts show user text as written: plotly reads tags and entities in every text of
a figure, so names from the user's files and context reach it through plotly_literal."""

from __future__ import annotations

import pytest

from reporting import charts
from reporting.report import BoardReport
from reporting.text import plotly_literal
from tests.conftest import renamed_sample

NAME = "**Bold** $x$ https://evil.example :red[x] <b>h</b> a~b~c &mu;"
SHOWN = "**Bold** &#36;x&#36; https://evil.example :red[x] &lt;b&gt;h&lt;/b&gt; a~b~c &amp;mu;"
# The markup the charts themselves put in their templates, which plotly should read.
OWN_MARKUP = ("<b>%{text}</b>", "<extra></extra>", "<br>")
# The only references a literal text holds.
REFERENCES = ("&amp;", "&lt;", "&gt;", "&#36;")


@pytest.fixture(scope="module")
def report() -> BoardReport:
    """The sample company with its Card Payments unit named NAME, one metric and one
    framework renamed NAME, and each quarter labelled with markup too."""
    report = renamed_sample(NAME)
    assert any(NAME in r.units for r in report.risks)

    report = report.model_copy(deep=True)
    report.period_labels = {p: f"<i>{p}</i> & $1$" for p in report.periods}
    metric_id = report.key_metrics[0]
    report.definitions[metric_id] = report.definitions[metric_id].model_copy(update={"name": NAME})
    report.compliance[0].framework = NAME
    return report


def strings(node: object, path: str = "") -> list[tuple[str, str]]:
    """Every (path, string) in a figure's JSON."""
    if isinstance(node, str):
        return [(path, node)]
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in strings(value, f"{path}.{key}")]
    if isinstance(node, list | tuple) or type(node).__name__ == "ndarray":
        return [s for i, value in enumerate(node) for s in strings(value, f"{path}[{i}]")]
    return []


def assert_literal(fig) -> list[tuple[str, str]]:
    """No text in the figure holds markup of its own; returns its strings."""
    found = strings(fig.to_plotly_json())
    for where, text in found:
        bare = text
        for own in OWN_MARKUP:
            bare = bare.replace(own, "")
        for reference in REFERENCES:
            bare = bare.replace(reference, "")
        assert not set(bare) & set("<>&$"), f"{where}: {text!r}"
    return found


def holding(found: list[tuple[str, str]], part: str) -> set[str]:
    """The paths of the strings that hold `part`."""
    return {where for where, text in found if part in text}


def test_the_risk_heatmap_shows_unit_names_as_written(report):
    found = assert_literal(charts.risk_heatmap(report))
    assert any(where.startswith(".data[0].customdata") for where in holding(found, SHOWN))


def test_the_compliance_charts_show_framework_names_and_quarters_as_written(report):
    found = assert_literal(charts.compliance_bars(report))
    assert any(where.startswith(".data[0].y") for where in holding(found, SHOWN))

    found = assert_literal(charts.compliance_history(report))
    assert ".data[0].name" in holding(found, SHOWN)
    quarter = plotly_literal(f"<i>{report.periods[-1]}</i> & $1$")
    assert quarter == f"&lt;i&gt;{report.periods[-1]}&lt;/i&gt; &amp; &#36;1&#36;"
    assert any(where.startswith(".data[0].x") for where in holding(found, quarter))


def test_a_metric_trend_shows_metric_unit_and_quarter_names_as_written(report):
    metric_id = report.key_metrics[0]
    found = assert_literal(charts.metric_trend(report, metric_id))
    assert {".layout.title.text", ".data[1].name"} <= holding(found, SHOWN)
    assert holding(found, "&lt;i&gt;")  # the quarters on the axis

    unit_metric = next(o.metric_id for o in report.observations if o.business_unit == NAME)
    found = assert_literal(charts.metric_trend(report, unit_metric, NAME))
    assert ".layout.title.text" in holding(found, f" ({SHOWN})")


def test_the_loss_curve_shows_its_title_and_money_as_written(report):
    found = assert_literal(
        charts.exceedance_curve(report.exceedance, report.currency, NAME, 5_000_000)
    )
    assert ".layout.title.text" in holding(found, SHOWN)
    assert holding(found, "&#36;")  # USD amounts: a dollar sign each, never TeX


def test_every_board_figure_is_literal(report):
    for name, fig in charts.board_figures(report, 5_000_000).items():
        assert assert_literal(fig), name
