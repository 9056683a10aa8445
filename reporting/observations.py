"""What ingest hands on: observations with their source cells, and everything it could not use.

These models are the boundary between reading files and translating metrics. Every input
row ends in exactly one of: an `Observation`, a `Notice`, or an `UnmappedLabel`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, WrapSerializer

Status = Literal["green", "amber", "red"]
Layout = Literal["long", "wide", "per_quarter", "none"]
MappingMethod = Literal["override", "alias", "normalised", "fuzzy", "ignored", "none"]
NoticeKind = Literal[
    "file",  # a file could not be read at all
    "sheet",  # a sheet held no metric table
    "ignored",  # rows or columns deliberately left out (titles, notes, headings)
    "value",  # a value was rejected
    "missing",  # a cell was blank or marked not available
    "conflict",  # the same metric, period and unit given twice with different values
    "duplicate",  # the same value given twice
    "period",  # a period could not be read
    "mapping",  # a mapping override or label problem
    "scaling",  # fractions read as percentages
    "context",  # business context problems
    "assumption",  # something assumed for lack of information
    "no_unit",  # rows naming no business unit among rows that do: read as company-wide
]


class Source(BaseModel):
    """Where a figure came from. `cell` is an A1 reference, or None for a whole file."""

    model_config = ConfigDict(frozen=True)

    file: str
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.cell:
            parts.append(f"cell {self.cell}")
        return ", ".join(parts)


class Observation(BaseModel):
    """One metric value for one period (and business unit, when the data is split)."""

    metric_id: str
    label: str = Field(description="The label as the workbook wrote it")
    period: str = Field(description="Calendar quarter, YYYY-Qn")
    period_label: str = Field(description="The period as the workbook wrote it")
    business_unit: str | None = None
    value: float
    unit: str
    status: Status | None = Field(default=None, description="Judged when a report is built")
    target: float | None = Field(default=None, description="A target given beside the value")
    owner: str | None = None
    note: str | None = None
    source: Source
    name: str | None = Field(default=None, description="The metric's name, set in a report")
    applied_target: float | None = Field(
        default=None, description="The target judged against in a report: given, set or catalog"
    )


#: Fields a report sets on its judged copies of observations; ingest leaves them unset.
JUDGED_FIELDS = ("status", "name", "applied_target")
#: Fields ingest reads from a file, in the model's order: the one list every store of
#: observations (history columns, column table) follows.
READ_FIELDS = tuple(name for name in Observation.model_fields if name not in JUDGED_FIELDS)


class Notice(BaseModel):
    """A warning or note for the user, tied to a cell wherever one applies."""

    message: str
    kind: NoticeKind
    source: Source | None = None


class UnmappedLabel(BaseModel):
    """A label that was not turned into a metric, with the best guess when there is one."""

    label: str
    source: Source
    suggestion: str | None = Field(default=None, description="Closest catalog metric id")
    alternatives: list[str] = Field(
        default=[], description="The closest catalog metric ids, best first (up to three)"
    )
    confidence: float = 0.0
    rows: int = Field(default=1, description="How many values this label carried")


class LabelMapping(BaseModel):
    """How one distinct label of one sheet was understood."""

    label: str
    metric_id: str | None
    confidence: float
    method: MappingMethod
    needs_confirmation: bool = False
    source: Source


class ColumnReading(BaseModel):
    """How one headed column of a sheet was read, for the Data page to show and change."""

    column: str = Field(description="Column letter, e.g. 'C'")
    header: str
    role: str | None = Field(description="Column role, or None when the column was not used")
    how: Literal["header", "choice", "content", "guess", "quarter"] = "header"


class SheetSummary(BaseModel):
    name: str
    layout: Layout
    header_cell: str | None = None
    columns: list[ColumnReading] = []
    observations: int = 0
    periods: list[str] = []
    business_units: list[str] = []
    mappings: list[LabelMapping] = []
    ignored: list[str] = []


class FileSummary(BaseModel):
    name: str
    format: str | None = None
    ok: bool
    error: str | None = None
    sheets: list[SheetSummary] = []

    @property
    def observations(self) -> int:
        return sum(sheet.observations for sheet in self.sheets)


def _observation_list(value: object, handler: SerializerFunctionWrapHandler) -> object:
    """Observations held by column (`observation_table.Observations`) dump as the list of
    models they present; a plain list as it is."""
    return handler(value if isinstance(value, list) else list(value))


# Observations as a model field: a list, or observations held by column presented as one.
ObservationList = Annotated[list[Observation], WrapSerializer(_observation_list)]


class IngestResult(BaseModel):
    """Everything read from a set of files.

    `observations` is what ingest kept, held by column and presented as a list of models
    (see `observation_table`); `periods` and `business_units` read the columns."""

    observations: ObservationList = []
    unmapped: list[UnmappedLabel] = []
    warnings: list[Notice] = []
    files: list[FileSummary] = []
    fiscal_year_start_month: int | None = Field(
        default=None, description="The fiscal-year start a workbook stated, when one did"
    )
    fiscal_year_stated_in: Source | None = Field(
        default=None, description="The cell that stated it"
    )
    fiscal_assumed: bool = Field(
        default=False,
        description="Fiscal quarter labels were read as calendar quarters for lack of a start",
    )

    @property
    def usable(self) -> bool:
        return bool(self.observations)

    @property
    def periods(self) -> list[str]:
        if table := getattr(self.observations, "table", None):
            return sorted(table.distinct("period"))
        return sorted({obs.period for obs in self.observations})

    @property
    def business_units(self) -> list[str]:
        if table := getattr(self.observations, "table", None):
            return sorted(unit for unit in table.distinct("business_unit") if unit)
        return sorted({obs.business_unit for obs in self.observations if obs.business_unit})
