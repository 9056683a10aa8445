"""The files a command is given: the data files and the business context among them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reporting.context import (
    BusinessContext,
    describe_defaults,
    load_context_file,
)


def split_context(files: Sequence[str], context: str | None) -> tuple[list[str], str | None]:
    """A single .yaml among the data files is the business context (`validate sample_data/*`)."""
    yamls = [f for f in files if f.casefold().endswith((".yaml", ".yml"))]
    if context is None and len(yamls) == 1:
        return [f for f in files if f not in yamls], yamls[0]
    return list(files), context


def read_context(path: str | None) -> tuple[BusinessContext, list[str]]:
    if path is None:
        context = BusinessContext()
        return context, describe_defaults(context, given=False)
    context = load_context_file(Path(path))
    return context, describe_defaults(context, given=True)
