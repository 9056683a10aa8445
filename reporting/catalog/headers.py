"""The column-header vocabulary: which header words name which column of a metric table.

Data lives in `headers.yaml`, validated into `HeaderVocabulary` when first loaded: every
role known and given, every word non-empty and claimed by one role only. Words are compared
as ingest matches them, after `reporting.ingest.labels.normalise` (so "Notes" and "notes",
or "No." and "Number", are the same word). Teaching ingest a new header is a change to the
YAML, not to code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from reporting.ingest.labels import normalise

# The column roles `reporting.ingest.layout` reads; "status" is recognised so that it can be
# left out by name (status and trend are recalculated here).
ROLES = (
    "metric",
    "period",
    "value",
    "business_unit",
    "target",
    "unit",
    "owner",
    "notes",
    "status",
)

#: Each role in words a user reads (the Data page, notices).
ROLE_WORDS = {
    "metric": "Metric name",
    "period": "Quarter",
    "value": "Value",
    "business_unit": "Business unit",
    "target": "Target",
    "unit": "Unit of measure",
    "owner": "Owner",
    "notes": "Notes",
    "status": "Status (recalculated here, so not read)",
}


class HeaderVocabulary(BaseModel):
    """Column role -> the header words that name it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    roles: dict[str, tuple[str, ...]]

    @field_validator("roles")
    @classmethod
    def _roles_known_and_given(
        cls, roles: dict[str, tuple[str, ...]]
    ) -> dict[str, tuple[str, ...]]:
        """Every role is one layout reads, and each of them lists at least one word."""
        unknown = [role for role in roles if role not in ROLES]
        if unknown:
            raise ValueError(
                f"unknown column role(s) {', '.join(map(repr, unknown))}; "
                f"the roles are {', '.join(ROLES)}"
            )
        for role in ROLES:
            if not roles.get(role):
                raise ValueError(f"column role {role!r} lists no words")
        return roles

    @model_validator(mode="after")
    def _words_unique(self) -> HeaderVocabulary:
        """No word is empty once normalised, and none is listed twice, under any roles."""
        owner: dict[str, tuple[str, str]] = {}  # normalised word -> (role, word as written)
        for role, words in self.roles.items():
            for word in words:
                key = normalise(word)
                if not key:
                    raise ValueError(f"column role {role!r} lists an empty word ({word!r})")
                if key in owner:
                    first_role, first_word = owner[key]
                    where = (
                        f"twice under {role}"
                        if first_role == role
                        else f"under both {first_role} and {role}"
                    )
                    same = "" if first_word == word else f", once as {first_word!r}"
                    raise ValueError(
                        f"header word {word!r} is listed {where}{same} "
                        "(words are compared after normalising)"
                    )
                owner[key] = (role, word)
        return self

    def role_by_word(self) -> dict[str, str]:
        """Normalised header word -> the role it names."""
        return {normalise(word): role for role, words in self.roles.items() for word in words}


HEADERS_PATH = Path(__file__).with_name("headers.yaml")


def load_headers(path: Path | None = None) -> HeaderVocabulary:
    """Load and validate a header vocabulary (the bundled one by default, cached)."""
    if path is None:
        return _bundled()
    return HeaderVocabulary.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _bundled() -> HeaderVocabulary:
    return HeaderVocabulary.model_validate(yaml.safe_load(HEADERS_PATH.read_text(encoding="utf-8")))


__all__ = ["HEADERS_PATH", "ROLES", "ROLE_WORDS", "HeaderVocabulary", "load_headers"]
