"""The thesaurus: the words security teams and their tools use for the same idea.

Data lives in `thesaurus.yaml`, validated into `Thesaurus` when first loaded: concept names
are identifiers, every phrase is non-empty once normalised and belongs to one concept, and
every concept named in `exclusive` exists. Phrases are compared as labels are, after
`reporting.ingest.labels.normalise`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

_NAME = re.compile(r"^[a-z][a-z_]*$")

THESAURUS_PATH = Path(__file__).with_name("thesaurus.yaml")


class Thesaurus(BaseModel):
    """Concept -> the phrases that mean it; contradicting concepts; words that carry nothing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    concepts: dict[str, tuple[str, ...]]
    exclusive: tuple[tuple[str, ...], ...] = ()
    generic: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @field_validator("concepts")
    @classmethod
    def _names_and_phrases(cls, concepts: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for name, phrases in concepts.items():
            if not _NAME.match(name):
                raise ValueError(f"concept name {name!r} must be lower-case words joined by _")
            if not phrases:
                raise ValueError(f"concept {name!r} lists no phrases")
        return concepts

    @model_validator(mode="after")
    def _each_phrase_once(self) -> Thesaurus:
        from reporting.ingest.labels import normalise

        owner: dict[str, str] = {}
        for name, phrases in self.concepts.items():
            for phrase in phrases:
                key = normalise(str(phrase))
                if not key:
                    raise ValueError(f"concept {name!r} lists an empty phrase ({phrase!r})")
                if owner.get(key, name) != name:
                    raise ValueError(
                        f"phrase {phrase!r} is listed under both {owner[key]!r} and {name!r}"
                    )
                owner[key] = name
        for where, names in [("exclusive", c) for c in self.exclusive] + [
            ("generic", self.generic)
        ]:
            unknown = [c for c in names if c not in self.concepts]
            if unknown:
                raise ValueError(f"{where} names unknown concept(s): {', '.join(unknown)}")
        return self

    def phrases(self) -> dict[str, str]:
        """Normalised phrase -> its concept."""
        from reporting.ingest.labels import normalise

        return {
            normalise(str(phrase)): name
            for name, phrases in self.concepts.items()
            for phrase in phrases
        }


def load_thesaurus(path: Path | None = None) -> Thesaurus:
    """Load and validate a thesaurus (the bundled one by default, cached)."""
    if path is None:
        return _bundled()
    return Thesaurus.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _bundled() -> Thesaurus:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return Thesaurus.model_validate(yaml.load(THESAURUS_PATH.read_text(encoding="utf-8"), loader))


__all__ = ["THESAURUS_PATH", "Thesaurus", "load_thesaurus"]
