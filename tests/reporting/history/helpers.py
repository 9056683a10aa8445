"""What the history tests share: the sample context, one-quarter CSV files, adding them as
the app and the CLI do (ingest once, hand the store the files and the result), and an upload
with text no database can hold."""

from __future__ import annotations

from collections.abc import Sequence

from reporting.context import BusinessContext, load_context
from reporting.history import AddOutcome, HistoryStore
from reporting.ingest import InputFile, ingest
from reporting.observations import IngestResult, Notice, Observation, Source, UnmappedLabel
from tests.conftest import SAMPLE

CONTEXT = load_context((SAMPLE / "context.yaml").read_bytes())
FFFD = "\ufffd"


def quarter_csv(period: str, mfa: float, name: str | None = None) -> InputFile:
    data = f"Quarter,Metric,Value\n{period},MFA coverage,{mfa}\n{period},EDR coverage,90\n"
    return InputFile(name or f"kpis_{period}.csv", data.encode())


def read(files: Sequence[InputFile], context: BusinessContext | None) -> IngestResult:
    """The files ingested as the app and the CLI read them: the context's fiscal year and
    mappings."""
    return ingest(
        files,
        fiscal_year_start_month=context.fiscal_start_month if context else None,
        mappings=context.mappings if context else None,
    )


def add(
    store: HistoryStore,
    files: Sequence[InputFile],
    context: BusinessContext | None,
    *,
    replace: bool = False,
) -> AddOutcome:
    """Ingest the files once and add them, with that result, to the history."""
    return store.add(files, read(files, context), context, replace=replace)


def mfa_by_period(store: HistoryStore) -> dict[str, float]:
    return {
        o.period: o.value
        for o in store.observations().observations
        if o.metric_id == "mfa_coverage_pct"
    }


def nul_upload() -> tuple[list[InputFile], IngestResult]:
    """An upload with NUL (and a lone surrogate, from a file name that was not UTF-8) in
    every text the store keeps."""
    name = "kpis\x00_2026-Q3.csv"
    sheet = Source(file=name, sheet="Sheet\x00One", cell="C2")
    observation = Observation(
        metric_id="mfa_coverage_pct",
        label="MFA\x00 coverage",
        period="2026-Q3",
        period_label="Q3\x00 2026",
        business_unit="Retail\x00",
        value=95,
        unit="percent",
        owner="CISO\x00",
        note="checked\x00 by audit",
        source=sheet,
    )
    plain = observation.model_copy(
        update={
            "metric_id": "edr_coverage_pct",
            "label": "EDR coverage",
            "value": 90,
            "owner": None,
            "note": None,
            "business_unit": None,
            "source": Source(file="odd\udcff.csv", sheet=None, cell="C3"),
        }
    )
    result = IngestResult(
        observations=[observation, plain],
        unmapped=[UnmappedLabel(label="Coffee\x00 uptime", source=sheet.model_copy())],
        warnings=[Notice(kind="value", message="Bad\x00 value", source=sheet)],
    )
    files = [
        InputFile(name, b"Quarter,Metric,Value\x00\n"),  # the bytes are stored as they came
        InputFile("odd\udcff.csv", b"x"),
    ]
    return files, result
