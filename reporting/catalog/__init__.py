"""The metric catalog: what each security metric means, how it is judged, what it is called.

The catalog is data (`metrics.yaml` beside this module), validated into `Metric` models
when first loaded. Adding a metric is a change to the YAML, not to code.

Status rule, stated once here and used everywhere: a metric is *green* when it meets its
target, *amber* when it misses by no more than its tolerance, *red* beyond that. The
direction says which side of the target is the good one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reporting.board.words import format_value

Unit = Literal["percent", "count", "days", "hours", "ratio"]
Direction = Literal["higher_is_better", "lower_is_better"]
Domain = Literal[
    "vulnerability",
    "identity",
    "endpoint",
    "detection_response",
    "people",
    "resilience",
    "third_party",
    "cloud_data",
    "governance",
    "application_security",
]

DOMAIN_NAMES: dict[str, str] = {
    "vulnerability": "Vulnerability management",
    "identity": "Identity and access",
    "endpoint": "Endpoint and asset security",
    "detection_response": "Detection and response",
    "people": "People and awareness",
    "resilience": "Resilience and recovery",
    "third_party": "Third-party risk",
    "cloud_data": "Cloud and data protection",
    "governance": "Governance and assurance",
    "application_security": "Application security",
}

UNIT_SYMBOLS: dict[str, str] = {
    "percent": "%",
    "count": "",
    "days": " days",
    "hours": " h",
    "ratio": "",
}

_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


class Metric(BaseModel):
    """One catalog entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str = Field(min_length=3, description="Board-friendly name")
    definition: str = Field(min_length=10, description="One-line definition")
    unit: Unit
    direction: Direction
    target: float
    tolerance: float = Field(ge=0)
    domain: Domain
    aliases: tuple[str, ...] = ()
    phrase: str | None = Field(
        default=None,
        description="Words that follow the number in board prose: '14' + ' high-severity "
        "vulnerabilities past their fix-by date'. Spell acronyms out: 'multi-factor "
        "authentication (MFA)'.",
    )
    phrase_one: str | None = Field(
        default=None,
        description="The phrase after the number 1, for a count: '1' + ' critical "
        "vulnerability open'. Without it, a count of 1 is said as 'name: 1'.",
    )

    @field_validator("id")
    @classmethod
    def _snake_case(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"metric id {value!r} is not snake_case")
        return value

    @model_validator(mode="after")
    def _target_in_range(self) -> Metric:
        if self.unit == "percent" and not 0 <= self.target <= 100:
            raise ValueError(f"{self.id}: a percent target must lie between 0 and 100")
        if self.target < 0:
            raise ValueError(f"{self.id}: a target cannot be negative")
        return self

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher_is_better"

    @property
    def domain_name(self) -> str:
        return DOMAIN_NAMES[self.domain]

    def describe(self, value: float) -> str:
        """The value in words for a board paper: '14 high-severity vulnerabilities past ...'."""
        number = format_value(value, self.unit)
        phrase = self.phrase
        if self.unit == "count" and number == "1":
            phrase = self.phrase_one
        return f"{number} {phrase}" if phrase else f"{self.name}: {number}"


class Catalog(BaseModel):
    """All metrics, by id."""

    model_config = ConfigDict(frozen=True)

    version: int
    metrics: dict[str, Metric]

    @model_validator(mode="before")
    @classmethod
    def _index(cls, data: dict) -> dict:
        raw = data.get("metrics")
        if isinstance(raw, list):
            by_id: dict[str, dict] = {}
            for entry in raw:
                mid = entry.get("id") if isinstance(entry, dict) else None
                if mid in by_id:
                    raise ValueError(f"metric id {mid!r} appears twice in the catalog")
                by_id[mid] = entry
            data = {**data, "metrics": by_id}
        return data

    @model_validator(mode="after")
    def _aliases_unique(self) -> Catalog:
        owner: dict[str, str] = {}
        for metric in self.metrics.values():
            for alias in (metric.id, metric.name, *metric.aliases):
                key = alias.casefold().strip()
                if owner.get(key, metric.id) != metric.id:
                    raise ValueError(
                        f"alias {alias!r} is claimed by both {owner[key]} and {metric.id}"
                    )
                owner[key] = metric.id
        return self

    def __getitem__(self, metric_id: str) -> Metric:
        return self.metrics[metric_id]

    def __contains__(self, metric_id: object) -> bool:
        return metric_id in self.metrics

    def __iter__(self):  # type: ignore[override]
        return iter(self.metrics.values())

    def __len__(self) -> int:
        return len(self.metrics)


CATALOG_PATH = Path(__file__).with_name("metrics.yaml")
# libyaml's safe loader when PyYAML was built with it (ten times the pure-Python one's speed,
# the same documents accepted); the pure-Python safe loader otherwise.
_SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> object:
    """A bundled data file's YAML, read safely (no Python objects can be built from it)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # a safe loader


def load_catalog(path: Path | None = None) -> Catalog:
    """Load and validate a metric catalog (the bundled one by default, cached)."""
    if path is None:
        return _bundled()
    return Catalog.model_validate(read_yaml(path))


@lru_cache(maxsize=1)
def _bundled() -> Catalog:
    return Catalog.model_validate(read_yaml(CATALOG_PATH))
