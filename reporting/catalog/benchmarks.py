"""Public reference figures for one loss event (`benchmarks.yaml`), validated at load."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reporting.catalog import read_yaml

PATH = Path(__file__).with_name("benchmarks.yaml")


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    url: str
    scope: str


class Reference(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    typical: float = Field(gt=0)
    what: str
    source: str
    sectors: dict[str, float] = {}


class Benchmarks(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    spread: float = Field(gt=1)
    sources: dict[str, Source]
    default: Reference
    references: dict[str, Reference]

    @model_validator(mode="after")
    def _known_sources(self) -> Benchmarks:
        for name, ref in {"default": self.default, **self.references}.items():
            if ref.source not in self.sources:
                raise ValueError(f"benchmark '{name}' cites unknown source '{ref.source}'")
        return self

    def for_scenario(self, scenario: str, sector: str | None) -> tuple[Reference, float]:
        """The reference for a scenario, and its figure for the company's sector."""
        ref = self.references.get(scenario, self.default)
        figure = ref.sectors.get((sector or "").casefold(), ref.typical)
        return ref, figure


@lru_cache(maxsize=1)
def load_benchmarks() -> Benchmarks:
    return Benchmarks.model_validate(read_yaml(PATH))
