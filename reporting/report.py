"""`BoardReport`: the one typed result every page and every exporter reads.

The screen, the deck, the workbook and the JSON all draw from this object, so they agree.
Its JSON form (`model_dump(mode="json")`) carries the keys DESIGN.md promises.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from reporting import quarters
from reporting.board.words import COMPLIANCE_BASIS
from reporting.observations import Notice, ObservationList, Source, Status, UnmappedLabel

Rating = Literal["low", "moderate", "high", "critical"]
Trend = Literal["improving", "stable", "worsening", "new"]
Change = Literal["improving", "stable", "worsening", "new"]
ControlState = Literal["met", "partial", "not_met", "no_evidence"]
Posture = Literal["strong", "adequate", "needs attention", "weak"]
# Where a metric's target came from: written beside the value in the sheet, set in the
# business context, or the catalog's default (which the board is told is a default).
# Reports written before this was carried read as "catalog".
TargetSource = Literal["sheet", "context", "catalog"]
TARGET_SOURCE_DESCRIPTION = (
    "Where the target came from: sheet (written beside the value), context (set in the "
    "business context) or catalog (the catalog's default target)"
)

RATING_ORDER: dict[str, int] = {"low": 1, "moderate": 2, "high": 3, "critical": 4}


class Exposure(BaseModel):
    """Annualised loss (percentiles of a Monte Carlo simulation), and what one event costs."""

    p10: float
    p50: float
    p90: float
    mean: float = Field(description="Expected annual loss")
    currency: str
    annual_probability: float = Field(
        ge=0, le=1, description="Chance of at least one loss event in a year"
    )
    event_p10: float | None = Field(default=None, description="One event's loss, 10th percentile")
    event_p50: float | None = None
    event_p90: float | None = None


class Caveat(BaseModel):
    """Something the board figures do not rest on, said in one sentence a director reads."""

    kind: Literal["data", "context", "quarters", "evidence"] = Field(
        description="data: values read but not used; context: a default assumed for "
        "something the business context did not say; quarters: quarters without data; "
        "evidence: risks assessed on too little evidence"
    )
    text: str
    detail: list[str] = Field(
        default_factory=list, description="The labels, cells or risks behind it, one per line"
    )
    risk_ids: list[str] = Field(
        default_factory=list, description="The risks it touches (empty: it may touch any)"
    )


class ExceedancePoint(BaseModel):
    loss: float
    probability: float = Field(ge=0, le=1, description="Chance a year's loss exceeds `loss`")


class MetricDefinition(BaseModel):
    """What a reported metric is, as the report judges it: the catalog entry with the
    business context's target applied. Views read these instead of the catalog."""

    metric_id: str
    name: str
    domain: str
    definition: str
    unit: str
    target: float
    target_source: Literal["context", "catalog"] = Field(
        default="catalog",
        description="Where the target that applies when no sheet gives one came from: "
        "context (set in the business context) or catalog (the catalog's default)",
    )
    tolerance: float
    higher_is_better: bool


class MetricStatus(BaseModel):
    """One metric (for one business unit, or company-wide) in the reported quarter."""

    metric_id: str
    name: str
    domain: str
    business_unit: str | None
    value: float
    unit: str
    target: float
    target_source: TargetSource = Field(default="catalog", description=TARGET_SOURCE_DESCRIPTION)
    tolerance: float
    higher_is_better: bool
    status: Status
    previous: float | None = None
    change: float | None = None
    movement: Change = "new"
    weakness: float = Field(ge=0, le=1, description="0 at target, 1 at twice the tolerance")
    source: Source


class Driver(BaseModel):
    """A metric behind a risk, with the words and cell that show it."""

    metric_id: str
    name: str
    business_unit: str | None
    value: float
    unit: str = Field(default="count", description="The catalog unit value and target are in")
    target: float
    target_source: TargetSource = Field(default="catalog", description=TARGET_SOURCE_DESCRIPTION)
    status: Status
    previous: float | None = None
    weight: float
    weakness: float
    evidence: str
    source: Source


class Benchmark(BaseModel):
    """A public figure for one such event, beside our estimate, and whether they differ by
    more than the catalog's spread."""

    figure: float
    what: str
    source: str = Field(description="The study's title")
    url: str
    ratio: float | None = Field(
        description="Our typical event (p50) over the public figure; None when the pack's "
        "currency is not the figure's"
    )
    outside: bool
    text: str


class Risk(BaseModel):
    id: str
    rank: int
    scenario: str
    title: str
    business_unit: str | None
    units: list[str] = Field(
        default_factory=list,
        description="For a scenario assessed per business unit: the units, worst first "
        "(each unit's risk is in `BoardReport.unit_risks`); empty otherwise",
    )
    likelihood: int = Field(
        ge=1,
        le=5,
        description="The control gap: how far the driving controls fall short of target "
        "(named 'likelihood' in the JSON contract); the chance of an event in a year is "
        "exposure.annual_probability",
    )
    impact: int = Field(ge=1, le=5)
    score: int
    rating: Rating
    trend: Trend
    previous_rating: Rating | None = None
    appetite: Literal["low", "moderate", "high"]
    within_appetite: bool
    statement: str
    what_could_happen: str
    evidence: list[str]
    response: str
    remedy: str
    impact_types: list[str]
    owner: str
    exposure: Exposure
    exceedance: list[ExceedancePoint]
    drivers: list[Driver]
    evidence_coverage: float = Field(description="Share of driver weight with data")
    benchmark: Benchmark | None = None
    enough_evidence: bool = Field(
        default=True,
        description="False when the drivers with data carry too little of the scenario's "
        "weight to call the risk low: it is then shown as 'not enough evidence'",
    )

    @property
    def ranked_drivers(self) -> list[Driver]:
        """The drivers by how much each weighs on the risk now (weight times weakness),
        the heavier first on a tie: the order every view shows them in."""
        return sorted(self.drivers, key=lambda d: (-d.weight * d.weakness, -d.weight))


class ControlEvidence(BaseModel):
    metric_id: str
    name: str
    business_unit: str | None
    value: float
    unit: str = "count"
    status: Status
    source: Source


class ControlResult(BaseModel):
    id: str
    title: str
    business: str
    status: ControlState
    metrics: list[ControlEvidence]


class FrameworkResult(BaseModel):
    framework: str
    met: int
    partial: int
    not_met: int
    no_evidence: int
    verdict: Literal["met", "partly_met", "not_met", "not_evidenced"] = Field(
        description="What the evidence supports for the framework as a whole"
    )
    share_met: float | None = Field(description="Met share of the controls with evidence")
    previous_share_met: float | None = None
    history: dict[str, float | None] = Field(default_factory=dict, description="period -> share")
    scope: list[str] = Field(default_factory=list, description="Business units in scope")
    gaps: list[str]
    controls: list[ControlResult]
    basis: str = COMPLIANCE_BASIS


class Mover(BaseModel):
    metric_id: str
    name: str
    business_unit: str | None
    previous: float
    value: float
    improved: bool
    text: str


class Decision(BaseModel):
    risk_id: str = Field(description="The highest-ranked risk of the scenario")
    risk_ids: list[str] = Field(default_factory=list, description="Every risk the decision covers")
    title: str
    business_unit: str | None
    owner: str
    ask: str
    options: list[str]
    recommendation: str | None = Field(
        default=None, description="The option recommended (its name in `BoardReport.budget`)"
    )
    alternatives: list[str] = Field(
        default_factory=list, description="Other options for this risk, by reduction per money"
    )
    review_by: dt.date | None = Field(
        default=None, description="When an accepted risk comes back to the board"
    )


class OptionEffect(BaseModel):
    metric: str
    to: float
    business_unit: str | None = None


class OptionResult(BaseModel):
    """One option the board could fund, priced with the report's own model."""

    name: str
    owner: str | None = None
    default: bool = Field(
        default=False,
        description="Built from a risk's failing drivers because the context names none",
    )
    one_off: float | None = Field(default=None, description="None: the cost is not known yet")
    yearly: float | None = None
    due: dt.date | None = None
    effects: list[str] = Field(description="What it achieves, in words")
    targets: list[OptionEffect] = Field(
        default_factory=list, description="What it achieves: each metric and its new value"
    )
    metrics: list[str] = Field(default_factory=list, description="The metric ids it moves")
    eal_removed: float = Field(description="Expected annual loss removed")
    p90_removed: float = Field(description="1-in-10-year loss removed")
    by_scenario: dict[str, float] = Field(
        default_factory=dict, description="Expected annual loss removed, by scenario"
    )
    brought_within: list[str] = Field(
        default_factory=list, description="Scenarios it brings within appetite"
    )
    horizon_cost: float | None = Field(default=None, description="Cost over the horizon")
    per_money: float | None = Field(
        default=None,
        description="Expected loss removed over the horizon per unit of money it costs",
    )


class Portfolio(BaseModel):
    """The options a budget buys, priced together."""

    budget: float
    chosen: list[str]
    spend: float = Field(description="First-year spend of the options chosen")
    eal_removed: float = Field(description="Expected annual loss removed, priced together")
    p90_removed: float
    eal_removed_alone: float = Field(description="The options' removals added one by one")


class Budget(BaseModel):
    horizon_years: int
    options: list[OptionResult] = Field(description="Costed by reduction per money, then the rest")
    portfolio: Portfolio | None = None
    budget_given: bool = Field(
        default=False,
        description="False: no budget was given, and the portfolio funds every costed option",
    )
    unpriced: list[str] = Field(
        default_factory=list,
        description="Options (or the portfolio) not priced: too many unit risks to price again",
    )


class Threshold(BaseModel):
    """A loss the board set (or the pack assumed), with the chance a year's loss exceeds it."""

    kind: Literal["tolerance", "retention", "insurance_limit", "materiality"]
    name: str = Field(description="'Board tolerance', 'Insurance retention', ...")
    amount: float
    chance: float = Field(description="Chance that a year's cyber losses exceed it")
    assumed: bool = Field(default=False, description="A default, not given in the context")


class InsuranceView(BaseModel):
    retention: float
    limit: float
    bad_year: float = Field(description="The company's 1-in-10-year loss")
    bad_year_uninsured: float = Field(description="What the company keeps of a bad year")
    bad_year_uninsured_share: float
    chance_limit_exhausted: float = Field(
        description="Chance a year's loss exceeds retention plus limit"
    )


class MaterialityView(BaseModel):
    """The reasoning a disclosure committee needs, item by item."""

    threshold: float
    assumed: bool
    chance: float = Field(description="Chance a year's losses exceed the threshold")
    verdict: Literal["Yes", "Possibly", "Unlikely"]
    lines: list[tuple[str, str]] = Field(description="(item, finding), in order")


class MoneyStep(BaseModel):
    name: str
    amount: float = Field(description="Change in expected annual loss; negative is a fall")


class MoneyMove(BaseModel):
    """One measure in one business unit that moved since last quarter, and, where it could
    be priced alone, what its move did to expected annual loss."""

    metric_id: str
    name: str
    business_unit: str | None
    previous: float
    value: float
    unit: str = "count"
    worse: bool = Field(description="Whether the move took it further from its target")
    amount: float | None = Field(
        default=None, description="Change in expected annual loss from this move alone"
    )


class MoneyChange(BaseModel):
    """Expected annual loss this quarter against last, and what moved it."""

    previous_period: str
    before: float = Field(description="Last quarter's expected annual loss")
    after: float = Field(description="This quarter's expected annual loss")
    by_scenario: list[MoneyStep]
    by_metric: list[MoneyStep] = Field(
        description="Each metric that moved, priced alone: this quarter's loss against the "
        "same quarter with that metric at last quarter's value"
    )
    other: float = Field(
        description="What no single metric explains: metrics together, new or missing "
        "figures, and simulation noise"
    )
    metrics_left_out: int = Field(
        default=0, description="Metrics that moved but were not priced alone (in 'other')"
    )
    movers: list[MoneyMove] = Field(
        default_factory=list,
        description="The measures that moved most, by business unit, each priced alone",
    )


class FollowUp(BaseModel):
    """A decision of the last pack the board saw, and where it stands now."""

    risk_id: str
    title: str
    recommendation: str | None = None
    owner: str
    status: Literal["open", "approved", "accepted", "deferred", "done"] = Field(
        description="What the board decided; open when no outcome was recorded"
    )
    note: str | None = None
    due: dt.date | None = None
    review_by: dt.date | None = None
    rating_then: str | None = None
    rating_now: str | None = None
    progress: list[str] = Field(
        default_factory=list, description="Each metric the decision was to move: then, now, goal"
    )
    text: str = Field(description="One sentence a director reads")


class Answers(BaseModel):
    protected: str
    top_risks: str
    obligations: str
    material_impact: str


class Summary(BaseModel):
    posture: Posture
    direction: Literal["improving", "stable", "worsening", "new"]
    headline: str
    answers: Answers
    decisions: list[Decision]
    improvements: list[Mover]
    deteriorations: list[Mover]


class BoardReport(BaseModel):
    organization: str
    currency: str
    period: str
    period_label: str
    previous_period: str | None
    periods: list[str]
    period_labels: dict[str, str] = Field(
        default_factory=dict, description="Each quarter -> the name the workbooks used most"
    )
    observations: ObservationList  # held by column when read from files (see observation_table)
    unmapped: list[UnmappedLabel]
    warnings: list[Notice]
    assumptions: list[str]
    metrics: list[MetricStatus]
    risks: list[Risk] = Field(description="One per scenario, ranked (`RANKING_WORDS`)")
    unit_risks: list[Risk] = Field(
        default_factory=list,
        description="Each scenario assessed per business unit, in each unit: the drill-down",
    )
    compliance: list[FrameworkResult]
    exposure: Exposure
    exceedance: list[ExceedancePoint]
    summary: Summary
    budget: Budget | None = None
    change: MoneyChange | None = None
    follow_ups: list[FollowUp] = Field(
        default_factory=list,
        description="Last pack's decisions and where each stands (set when a history is kept)",
    )
    follow_ups_from: str | None = Field(
        default=None, description="The pack they come from: its title and publication date"
    )
    thresholds: list[Threshold] = Field(
        default_factory=list, description="Tolerance, insurance and materiality on the loss curve"
    )
    insurance: InsuranceView | None = None
    materiality: MaterialityView | None = None
    trials: int = Field(default=50_000, description="Simulated years behind every loss figure")
    caveats: list[Caveat] = Field(
        default_factory=list, description="What the figures do not rest on, for every view"
    )
    definitions: dict[str, MetricDefinition] = Field(
        default_factory=dict, description="Every metric the report holds values for"
    )
    key_metrics: list[str] = Field(
        default_factory=list,
        description="Company-wide metrics that matter most this quarter, for trend views",
    )

    def series(self, metric_id: str, business_unit: str | None = None) -> list[tuple[str, float]]:
        """(quarter, value) of one metric (and business unit), earliest quarter first."""
        points = [
            (o.period, o.value)
            for o in self.observations
            if o.metric_id == metric_id and o.business_unit == business_unit
        ]
        return sorted(points, key=lambda p: quarters.sort_key(p[0]))

    def company_wide(self, metric_id: str) -> bool:
        """Whether the metric has a company-wide figure (else only business units')."""
        return any(o.metric_id == metric_id and o.business_unit is None for o in self.observations)

    def units_by_status(self, metric_id: str) -> list[tuple[str, dict[str, int]]]:
        """(quarter, units on, near and off target) of a metric reported by business unit,
        earliest quarter first: how a metric of many units is trended (one count per status,
        not a line per unit)."""
        counts: dict[str, dict[str, int]] = {}
        for o in self.observations:
            if o.metric_id == metric_id and o.business_unit is not None and o.status:
                found = counts.setdefault(o.period, {"green": 0, "amber": 0, "red": 0})
                found[o.status] += 1
        return sorted(counts.items(), key=lambda item: quarters.sort_key(item[0]))

    def risk(self, risk_id: str) -> Risk | None:
        """A scenario's risk, or one unit's (`data_breach:card-payments`)."""
        return next((r for r in (*self.risks, *self.unit_risks) if r.id == risk_id), None)

    def units_of(self, risk: Risk) -> list[Risk]:
        """The scenario's risk in each business unit, worst first, for a register row that
        rolls them up; empty otherwise."""
        if not risk.units:
            return []
        return [r for r in self.unit_risks if r.scenario == risk.scenario]

    @property
    def outside_appetite(self) -> list[Risk]:
        return [r for r in self.risks if not r.within_appetite]
