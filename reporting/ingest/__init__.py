"""Ingest: files in, validated observations out, with everything that was not used reported.

    result = ingest([InputFile("kpis.xlsx", data)], fiscal_year_start_month=7)

Each file is identified by content and sized before parsing (`safety`, `census`, within
the `limits`), read into grids in a worker process (`isolation`, `readers`), its metric
table found (`layout`), its labels mapped to catalog ids (`labels`), its values and periods
read (`values`, `periods`); `pipeline` runs these steps. One bad file never stops the
others. Nothing raises for bad input: problems become `Notice`s naming file, sheet and cell.

Everything is held by column, so that a million-row export fits a laptop: a sheet's cells
(`grid`), a table's value cells (`records`, read by `numbers` and `series`) and the
observations kept (`reporting.observation_table`, presented as a list of models).

The names below are loaded on first use, so that the reader worker can import the file
readers without the catalog, pydantic and the label matcher (a quicker start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["IngestResult", "InputFile", "ingest", "ingest_paths"]

if TYPE_CHECKING:
    from reporting.ingest.pipeline import InputFile, ingest, ingest_paths
    from reporting.observations import IngestResult


def __getattr__(name: str) -> object:
    if name in __all__:
        from reporting.ingest import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'reporting.ingest' has no attribute {name!r}")
