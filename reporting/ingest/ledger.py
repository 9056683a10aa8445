"""What one ingest call carries from sheet to sheet and file to file.

The rule for a value given twice lives here: each (metric, period, business unit) is kept
once, the first wins, and the user is told of every repeat (a duplicate when the values
agree, a conflict when they differ). So does the rule that the fiscal-year assumption is
told once per file, however many of its sheets hold fiscal labels.
"""

from __future__ import annotations

from pydantic import TypeAdapter

from reporting.observations import IngestResult, Notice, Observation, Source

_OBSERVATIONS = TypeAdapter(list[Observation])

Key = tuple[str, str, str | None]  # metric id, period, business unit


class Ledger:
    """The observations kept so far (as plain dicts, validated once at the end)."""

    __slots__ = ("_fiscal_told", "_kept", "_result", "_seen")

    def __init__(self, result: IngestResult) -> None:
        self._result = result
        self._seen: dict[Key, dict] = {}
        self._kept: list[dict] = []
        self._fiscal_told: set[str] = set()

    def keep(self, observation: dict) -> bool:
        """Keep an observation unless its metric, period and unit are already kept."""
        key = (observation["metric_id"], observation["period"], observation["business_unit"])
        earlier = self._seen.get(key)
        if earlier is None:
            self._seen[key] = observation
            self._kept.append(observation)
            return True
        self._result.warnings.append(_repeat(earlier, observation))
        return False

    def first_fiscal_assumption(self, file_name: str) -> bool:
        """True the first time a file's fiscal labels are read as calendar-year ones."""
        if file_name in self._fiscal_told:
            return False
        self._fiscal_told.add(file_name)
        return True

    def observations(self) -> list[Observation]:
        """Everything kept, validated in one pass at the boundary (far faster than one by
        one)."""
        return _OBSERVATIONS.validate_python(self._kept)


def _repeat(earlier: dict, observation: dict) -> Notice:
    """The notice for a value given a second time: the same (duplicate) or not (conflict)."""
    unit = observation["business_unit"]
    what = f"'{observation['label']}' {observation['period']}" + (f" for {unit}" if unit else "")
    first, second = Source(**earlier["source"]), Source(**observation["source"])
    if earlier["value"] == observation["value"]:
        return Notice(
            message=f"{what} is given twice with the same value ({observation['value']:g}) in "
            f"{first} and {second}; counted once.",
            kind="duplicate",
            source=second,
        )
    return Notice(
        message=f"Conflict: {what} is {earlier['value']:g} in {first} but "
        f"{observation['value']:g} in {second}; the first ({earlier['value']:g}) is kept.",
        kind="conflict",
        source=second,
    )
