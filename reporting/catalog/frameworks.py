"""Framework mappings: which catalog metrics evidence which controls.

One YAML file per framework under `frameworks/`, written by us: control ids and short
titles in our own words (no standard text is copied), a plain-language statement of what
the control protects for a board, and the metrics whose status evidences it. The status
derived from them is indicator-based, never an audit opinion.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reporting.catalog import load_catalog, read_yaml
from reporting.context import FRAMEWORKS


class Control(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str = Field(max_length=90, description="Short title in our own words")
    business: str = Field(
        description="What failing it means for the business, in board words: "
        "'Stolen passwords alone could open customer data.'"
    )
    metrics: tuple[str, ...] = Field(min_length=1)


class Framework(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    framework: str
    controls: tuple[Control, ...] = Field(min_length=5)

    @model_validator(mode="after")
    def _valid(self) -> Framework:
        if self.framework not in FRAMEWORKS:
            raise ValueError(f"unknown framework {self.framework!r}")
        catalog = load_catalog()
        ids = [c.id for c in self.controls]
        if len(ids) != len(set(ids)):
            raise ValueError(f"{self.framework}: control ids must be unique")
        for control in self.controls:
            unknown = [m for m in control.metrics if m not in catalog]
            if unknown:
                raise ValueError(f"{self.framework} {control.id}: unknown metric(s) {unknown}")
        return self


FRAMEWORKS_DIR = Path(__file__).with_name("frameworks")


@lru_cache(maxsize=1)
def load_frameworks() -> dict[str, Framework]:
    """Every bundled framework mapping, by canonical framework name."""
    out = {}
    for path in sorted(FRAMEWORKS_DIR.glob("*.yaml")):
        framework = Framework.model_validate(read_yaml(path))
        out[framework.framework] = framework
    return out
