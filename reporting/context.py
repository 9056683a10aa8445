"""The business context: who the company is, what matters to it, how much risk it accepts.

Users keep this YAML file under version control and carry it from quarter to quarter, so
its keys are a contract (see DESIGN.md). Every key is optional except a business unit's
name. A mistake gives one sentence per problem naming the key, and for an unknown key the
nearest known one. Without a file, `BusinessContext()` holds the defaults, and
`describe_defaults` says which were assumed.

The file is untrusted input (uploaded in the app, passed to the CLI): `context_yaml`
parses it within limits, this module validates what it holds (finite numbers only).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from reporting.catalog.headers import ROLES
from reporting.context_yaml import (
    MAX_CONTEXT_BYTES,
    ContextError,
    parse,
    too_large,
)
from reporting.ingest.safety import UnreadableFile, read_sized

Appetite = Literal["low", "moderate", "high"]

MAX_PROBLEMS = 20  # sentences shown; a file of 100,000 wrong keys should not print 100,000

DATA_CLASSES: dict[str, str] = {
    "payment_card": "payment card data",
    "health": "health records",
    "personal": "personal data",
    "financial": "financial records",
    "intellectual_property": "intellectual property",
    "credentials": "credentials and secrets",
    "employee": "employee records",
    "children": "children's data",
    "government": "government or classified data",
    "operational_technology": "operational technology",
}

FRAMEWORKS: dict[str, tuple[str, ...]] = {
    "NIST CSF 2.0": ("nist csf", "nist csf 2", "nist cybersecurity framework", "csf 2.0", "csf"),
    "CIS v8.1": ("cis", "cis v8", "cis controls", "cis controls v8.1", "cis 8.1", "cis csc"),
    "ISO 27001:2022": ("iso 27001", "iso/iec 27001:2022", "iso27001", "iso 27001 2022", "iso"),
    "PCI DSS 4.0": ("pci", "pci dss", "pci dss v4", "pci-dss", "pci dss 4", "pci dss v4.0"),
    "SOC 2": ("soc2", "soc 2 type ii", "soc 2 type 2", "aicpa soc 2"),
}


# The regulations offered for a business unit; any other may be typed in.
REGULATIONS: tuple[str, ...] = tuple(
    sorted({*FRAMEWORKS, "GDPR", "HIPAA", "SOX", "NIS2", "DORA", "CCPA", "GLBA"})
)


def canonical_framework(name: str) -> str | None:
    key = " ".join(name.casefold().replace("-", " ").split())
    for canonical, aliases in FRAMEWORKS.items():
        if key == canonical.casefold() or key in aliases:
            return canonical
    return None


class _Strict(BaseModel):
    # allow_inf_nan=False: .inf or .nan in any number would only fail later, in the build.
    model_config = ConfigDict(
        extra="forbid", validate_by_name=True, validate_by_alias=True, allow_inf_nan=False
    )


class Organization(_Strict):
    name: str = "Your organisation"
    sector: str | None = None
    annual_revenue: float | None = Field(default=None, gt=0)
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    fiscal_year_start_month: int = Field(default=1, ge=1, le=12)


class BusinessUnit(_Strict):
    name: str = Field(min_length=1)
    criticality: int = Field(default=3, ge=1, le=5)
    data: list[str] = []
    regulations: list[str] = []
    owner: str | None = None

    @field_validator("data")
    @classmethod
    def _known_data(cls, values: list[str]) -> list[str]:
        out = []
        for value in values:
            key = str(value).strip().casefold().replace(" ", "_").replace("-", "_")
            if key not in DATA_CLASSES:
                near = difflib.get_close_matches(key, DATA_CLASSES, n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                raise ValueError(
                    f"'{value}' is not a known kind of data{hint}; use one of "
                    + ", ".join(DATA_CLASSES)
                )
            out.append(key)
        return out


class RiskAppetite(_Strict):
    default: Appetite = "moderate"
    per_scenario: dict[str, Appetite] = {}
    tolerance: float | None = Field(
        default=None, gt=0, description="Loss the board accepts, per year"
    )


class Cost(_Strict):
    """What an initiative costs: once, and every year after."""

    one_off: float = Field(default=0, ge=0)
    yearly: float = Field(default=0, ge=0)

    def over(self, years: int) -> float:
        return self.one_off + self.yearly * years

    @model_validator(mode="after")
    def _above_zero(self) -> Cost:
        if self.one_off + self.yearly <= 0:
            raise ValueError(
                "an initiative's cost must be above zero; leave cost out while it is not known"
            )
        return self


class Effect(_Strict):
    """What an initiative achieves: a metric brought to a value (in one unit, or wherever
    it is reported)."""

    metric: str
    to: float
    business_unit: str | None = None

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, value: str) -> str:
        from reporting.catalog import load_catalog

        ids = [m.id for m in load_catalog()]
        if value not in ids:
            near = difflib.get_close_matches(value, ids, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise ValueError(f"'{value}' is not a catalog metric{hint}")
        return value


class Initiative(_Strict):
    """An option the board can fund."""

    name: str = Field(min_length=1)
    owner: str | None = None
    cost: Cost | None = Field(default=None, description="None: the cost is not known yet")
    due: dt.date | None = None
    effect: list[Effect] = Field(min_length=1)


class Insurance(_Strict):
    """Cyber insurance: the loss the company keeps per year (retention) and the most the
    policy pays (limit)."""

    retention: float = Field(ge=0)
    limit: float = Field(gt=0)


class Materiality(_Strict):
    threshold: float = Field(
        gt=0, description="A year's loss a disclosure committee calls material"
    )


#: What a column can be said to be: a role ingest reads, or left out.
COLUMN_CHOICES = (*(role for role in ROLES if role != "status"), "ignore")


class Confirmed(_Strict):
    """When the user confirmed each label mapping and column role, by label or header."""

    mappings: dict[str, dt.date] = {}
    columns: dict[str, dt.date] = {}


# Indexes of units by name, made once per list of units: a report looks units up
# thousands of times. A context's units are never changed in place, only replaced; each
# entry holds its list, so the list's id is not reused while the entry lives.
_UNIT_INDEXES: dict[int, tuple[list, dict[str, Any]]] = {}


def _units_by_name(units: list[BusinessUnit]) -> dict[str, BusinessUnit]:
    found = _UNIT_INDEXES.get(id(units))
    if found is not None and found[0] is units:
        return found[1]
    by_name: dict[str, BusinessUnit] = {}
    for u in units:
        by_name.setdefault(u.name.casefold().strip(), u)
    if len(_UNIT_INDEXES) >= 32:
        _UNIT_INDEXES.clear()
    _UNIT_INDEXES[id(units)] = (units, by_name)
    return by_name


class BusinessContext(_Strict):
    organization: Organization = Field(default_factory=Organization, alias="organisation")
    business_units: list[BusinessUnit] = []
    risk_appetite: RiskAppetite = Field(default_factory=RiskAppetite)
    frameworks: list[str] = ["NIST CSF 2.0", "CIS v8.1", "ISO 27001:2022"]
    targets: dict[str, float] = {}
    mappings: dict[str, str] = {}
    columns: dict[str, str] = {}
    confirmed: Confirmed = Field(default_factory=Confirmed)
    owners: dict[str, str] = {}
    initiatives: list[Initiative] = []
    budget: float | None = Field(
        default=None, gt=0, description="Money the board could fund this year for initiatives"
    )
    insurance: Insurance | None = None
    materiality: Materiality | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_british(cls, data: Any) -> Any:
        if isinstance(data, dict) and "organization" in data and "organisation" in data:
            raise ValueError("give either 'organization' or 'organisation', not both")
        return data

    @field_validator("frameworks")
    @classmethod
    def _known_frameworks(cls, values: list[str]) -> list[str]:
        """Known frameworks by their canonical name; any other is kept as written, and the
        report says it has no control mapping (`compliance.unmapped_frameworks`)."""
        out = []
        for value in values:
            name = canonical_framework(str(value)) or " ".join(str(value).split())
            if name and name not in out:
                out.append(name)
        return out

    @field_validator("columns")
    @classmethod
    def _known_roles(cls, columns: dict[str, str]) -> dict[str, str]:
        """A role by its id or its words ("Business unit"), kept as the id."""
        out = {}
        for header, role in columns.items():
            key = str(role).strip().casefold().replace(" ", "_").replace("-", "_")
            if key not in COLUMN_CHOICES:
                raise ValueError(
                    f"column '{header}' is given the role '{role}'; use one of "
                    + ", ".join(COLUMN_CHOICES)
                )
            out[str(header)] = key
        return out

    @model_validator(mode="after")
    def _unique_initiatives(self) -> BusinessContext:
        counts = Counter(i.name.casefold() for i in self.initiatives)
        twice = sorted({i.name for i in self.initiatives if counts[i.name.casefold()] > 1})
        if twice:
            raise ValueError(f"initiative '{twice[0]}' is listed twice; give each its own name")
        return self

    @model_validator(mode="after")
    def _unique_units(self) -> BusinessContext:
        # Counted once, not per unit: a file of 70,000 units must not take minutes.
        counts = Counter(unit.name.casefold() for unit in self.business_units)
        dupes = sorted(
            {unit.name for unit in self.business_units if counts[unit.name.casefold()] > 1}
        )
        if dupes:
            raise ValueError(f"business unit '{dupes[0]}' is listed twice")
        return self

    def unit(self, name: str | None) -> BusinessUnit | None:
        if name is None:
            return None
        return _units_by_name(self.business_units).get(name.casefold().strip())

    @property
    def fiscal_start_month(self) -> int | None:
        """The fiscal-year start month when the user gave one; None when only assumed."""
        given = "fiscal_year_start_month" in self.organization.model_fields_set
        return self.organization.fiscal_year_start_month if given else None

    def ingest_options(self) -> dict[str, Any]:
        """How this company's files are read: its fiscal year, and the label mappings and
        column roles it confirmed (the keyword arguments of `reporting.ingest.ingest`)."""
        return {
            "fiscal_year_start_month": self.fiscal_start_month,
            "mappings": dict(self.mappings),
            "columns": dict(self.columns),
        }

    def to_yaml(self) -> str:
        # Only what the user set, so an assumed default never turns into a stated fact.
        data = self.model_dump(mode="json", by_alias=False, exclude_none=True, exclude_unset=True)
        data = {"organization": data.pop("organization", {}), **data}
        return _dump(data)


# Loss ranges scale with revenue; without one, a mid-size company is assumed.
DEFAULT_REVENUE = 300_000_000


def describe_defaults(context: BusinessContext, given: bool) -> list[str]:
    """Sentences telling the user what was assumed for lack of context."""
    notes = []
    if not given:
        notes.append(
            "No business context file was given: every business unit is treated as of medium "
            "criticality (3 of 5), the risk appetite as moderate, fiscal quarters as calendar "
            "quarters unless a workbook states when its fiscal year starts, and loss ranges "
            f"assume annual revenue of {DEFAULT_REVENUE / 1e6:,.0f} "
            "million."
        )
        return notes
    if context.organization.annual_revenue is None:
        notes.append(
            "No annual revenue was given: loss ranges assume a mid-size company "
            f"({DEFAULT_REVENUE / 1e6:,.0f} million in revenue)."
        )
    if not context.business_units:
        notes.append("No business units were listed: every unit is of medium criticality (3 of 5).")
    return notes


def edited(
    context: BusinessContext, *, source: str = "Your change", **changes: Any
) -> BusinessContext:
    """The context with top-level keys replaced by `changes`, validated by the same loader as a
    file (so a mistake reads the same), or `ContextError`. Keys not changed keep only what the
    user set, so an assumed default never becomes a stated fact."""
    data = {**context.model_dump(mode="json", exclude_none=True, exclude_unset=True), **changes}
    return load_context(_dump(data), source=source)


class _PlainDumper(yaml.SafeDumper):
    """Writes every value out in full: the same object twice (one date for two choices)
    must not become an anchor and alias, which the context loader refuses."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100)


def load_context(text: str | bytes, source: str = "context file") -> BusinessContext:
    """Parse and validate a context file, or raise `ContextError` with one sentence per problem."""
    data = parse(text, source) if text else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContextError(
            source, ["must be a mapping of keys such as organization and business_units."]
        )
    try:
        return BusinessContext.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        problems = [_explain(err, data) for err in errors[:MAX_PROBLEMS]]
        if len(errors) > MAX_PROBLEMS:
            problems.append(
                f"There are {len(errors) - MAX_PROBLEMS:,} more problems like these; correct the "
                "ones above first."
            )
        raise ContextError(source, problems) from None


def load_context_file(path: Path) -> BusinessContext:
    """A context file from disk, sized before it is read (a 2 GB file is never loaded)."""
    try:
        size = path.stat().st_size if path.is_file() else 0
    except OSError:
        size = 0
    if size > MAX_CONTEXT_BYTES:
        raise too_large(path.name, size)
    try:
        data = read_sized(path, MAX_CONTEXT_BYTES)
    except UnreadableFile as problem:
        raise ContextError(str(path), [str(problem).removeprefix(f"{path} ")]) from None
    return load_context(data, source=path.name)


_MODELS_BY_PATH = {
    (): BusinessContext,
    ("organization",): Organization,
    ("organisation",): Organization,
    ("business_units",): BusinessUnit,
    ("risk_appetite",): RiskAppetite,
}


def _explain(error: dict, data: dict) -> str:
    loc = [part for part in error["loc"] if part != "__root__"]
    path = _path(loc)
    where = f"'{path}'"
    units = data.get("business_units")
    if (
        len(loc) >= 2
        and loc[0] == "business_units"
        and isinstance(loc[1], int)
        and isinstance(units, list)
    ):
        unit = units[loc[1]] if loc[1] < len(units) else None
        if isinstance(unit, dict) and unit.get("name"):
            where = f"business unit '{unit['name']}'" + (f", {_path(loc[2:])}" if loc[2:] else "")
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent = tuple(str(p) for p in loc[:-1] if not isinstance(p, int))
        model = _MODELS_BY_PATH.get(parent)
        known = [f.alias or n for n, f in model.model_fields.items()] if model else []
        if model is BusinessContext:
            known = [k if k != "organisation" else "organization" for k in known]
        near = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
        hint = f"; did you mean '{near[0]}'?" if near else f"; known keys are {', '.join(known)}."
        where = f" under '{_path(loc[:-1])}'" if loc[:-1] else ""
        return f"unknown key '{key}'{where}{hint}".rstrip(".") + ("." if not near else "")
    if kind == "missing":
        return f"{where} is required."
    given = error.get("input")
    if kind == "finite_number":
        return f"{where} must be a finite number, not {given!r}; write a plain number instead."
    message = error["msg"].removeprefix("Value error, ").replace("Input should be", "should be")
    shown = f" (got {given!r})" if given is not None and not isinstance(given, (dict, list)) else ""
    if len(shown) > 80:  # a 4,000-digit number is not worth repeating in full
        shown = shown[:72] + "...)"
    if not message.startswith("should"):
        message = ": " + message
    return f"{where} {message}{shown}.".replace(" : ", ": ") if path else f"{message.lstrip(': ')}."


def _path(loc: list) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out.replace("organisation", "organization")
