"""The risk scenario catalog: what could go wrong, in board words, and what drives it.

Data lives in `scenarios.yaml`. Each scenario names its driving metrics with weights (how
much each metric's weakness raises the likelihood), the impact types it carries, the
kinds of data and regulation that make it worse for a business unit, and FAIR inputs for a
reference company: loss event frequency per year as a PERT (low, mode, high) and loss
magnitude per event as a share of annual revenue (10th and 90th percentiles of a
lognormal).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reporting.catalog import DOMAIN_NAMES, load_catalog, read_yaml

ImpactType = Literal["operational", "financial", "legal_regulatory", "reputational"]


class Driver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: str
    weight: float = Field(gt=0, le=5)


class Frequency(BaseModel):
    """Loss events per year for a reference company with its controls at target."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: float = Field(ge=0)
    mode: float = Field(gt=0)
    high: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Frequency:
        if not self.low <= self.mode <= self.high or self.low == self.high:
            raise ValueError("frequency needs low <= mode <= high and low < high")
        return self


class Magnitude(BaseModel):
    """Loss per event as a share of annual revenue: the 10th and 90th percentiles."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    p10: float = Field(gt=0, lt=1)
    p90: float = Field(gt=0, lt=1)

    @model_validator(mode="after")
    def _ordered(self) -> Magnitude:
        if not self.p10 < self.p90:
            raise ValueError("magnitude needs p10 < p90")
        return self


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str = Field(description="Short board title: 'Ransomware disrupting operations'")
    what_could_happen: str = Field(
        description="One sentence, present tense, with {where} for the business unit or "
        "'the company': 'Criminals encrypt systems in {where} and halt trading until "
        "they are rebuilt.'"
    )
    impact_types: tuple[ImpactType, ...]
    drivers: tuple[Driver, ...] = Field(min_length=2)
    sensitive_data: tuple[str, ...] = Field(
        default=(), description="Data classes that raise impact when a unit holds them"
    )
    regulated: bool = Field(
        default=False, description="Whether regulations a unit is under raise impact"
    )
    frequency: Frequency
    magnitude: Magnitude
    remedy: str = Field(description="What reduces it, as a board would fund it")

    @model_validator(mode="after")
    def _known_metrics(self) -> Scenario:
        catalog = load_catalog()
        unknown = [d.metric for d in self.drivers if d.metric not in catalog]
        if unknown:
            raise ValueError(f"scenario {self.id}: unknown driving metric(s) {unknown}")
        if "{where}" not in self.what_could_happen:
            raise ValueError(f"scenario {self.id}: what_could_happen needs a {{where}}")
        for brace in re.findall(r"\{([^{}]*)\}", self.what_could_happen):
            if brace != "where" and len([w for w in brace.split("|") if w.strip()]) != 2:
                raise ValueError(
                    f"scenario {self.id}: {{{brace}}} is neither {{where}} nor a "
                    "{one|many} choice of two words"
                )
        return self


class ScenarioCatalog(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: int
    scenarios: tuple[Scenario, ...]

    @model_validator(mode="after")
    def _unique(self) -> ScenarioCatalog:
        ids = [s.id for s in self.scenarios]
        if len(ids) != len(set(ids)):
            raise ValueError("scenario ids must be unique")
        return self

    def get(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.scenarios]


SCENARIOS_PATH = Path(__file__).with_name("scenarios.yaml")


def load_scenarios(path: Path | None = None) -> ScenarioCatalog:
    if path is None:
        return _bundled()
    return ScenarioCatalog.model_validate(read_yaml(path))


@lru_cache(maxsize=1)
def _bundled() -> ScenarioCatalog:
    return ScenarioCatalog.model_validate(read_yaml(SCENARIOS_PATH))


__all__ = ["DOMAIN_NAMES", "Scenario", "ScenarioCatalog", "load_scenarios"]
