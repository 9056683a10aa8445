"""Quarter uploads: adding, replacing, withdrawing and restoring them, and reading back the
figures in use, all within the store's organisation.

Rules:
- Each upload (its files, their bytes and hash, its observations with their source cells,
  what ingest reported but did not use) is written in one transaction: a crash midway
  leaves nothing half-written. The store keeps the ingest result it is handed; it never
  reads the files again.
- Per quarter of an organisation, exactly one upload is in use (two organisations each
  have their own, and never replace, withdraw or restore each other's). Adding a quarter
  that is already there is refused (`QuarterConflict`) unless `replace=True`; the replaced
  upload is kept and can be brought back (`rollback`). Deleting withdraws a quarter but
  keeps its data, so it can be restored too. Concurrent writers queue and retry as `races`
  says.
- Adding, withdrawing and restoring each record one audit event, in the same transaction
  as the change (`audit`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError
from sqlalchemy.orm import Session

from reporting.context import BusinessContext
from reporting.history import races
from reporting.history.audit import REPLACED, RESTORED, UPLOADED, WITHDREW, AuditTrail
from reporting.history.contexts import context_version_id, version_label
from reporting.history.errors import HistoryError, QuarterConflict, join, not_stored, writing
from reporting.history.schema import StoredObservation, Upload, UploadFile, UploadQuarter, now
from reporting.history.text import storable, storable_upload
from reporting.ingest import InputFile
from reporting.observations import (
    READ_FIELDS,
    IngestResult,
    Notice,
    Observation,
    Source,
    UnmappedLabel,
)

# Observation fields stored as columns of the same name (the source is stored flat).
_OBSERVATION_FIELDS = tuple(name for name in READ_FIELDS if name != "source")


@dataclass(frozen=True)
class QuarterEntry:
    period: str
    upload_id: int
    files: list[str]
    added: dt.datetime
    versions: int = 1


@dataclass(frozen=True)
class UploadEntry:
    id: int
    added: dt.datetime
    files: list[str]
    quarters: dict[str, str]  # period -> active | replaced | deleted


@dataclass(frozen=True)
class UploadReading:
    """How an upload's files were read when stored: the values taken, and what ingest said
    but did not use (labels not understood, warnings), each with its cell."""

    values: int
    unmapped: list[UnmappedLabel]
    warnings: list[Notice]


@dataclass
class AddOutcome:
    upload_id: int
    added: list[str]
    replaced: list[str] = field(default_factory=list)
    result: IngestResult | None = None


class Uploads(AuditTrail):
    """The upload part of `HistoryStore` (which gives it its sessions)."""

    def add(
        self,
        files: Sequence[InputFile],
        result: IngestResult,
        context: BusinessContext | None = None,
        *,
        replace: bool = False,
    ) -> AddOutcome:
        """Store files as one upload, in one transaction.

        `result` is what ingest made of these files (read with the context's fiscal year and
        mappings): its observations, unmapped labels and warnings are stored as handed. The
        files are stored for their bytes. Text the database cannot hold is stored with
        U+FFFD in its place, and a warning saying where is added to the upload's warnings;
        the outcome's `result` is the one stored. A write that loses a race with another
        writer of the same quarters is retried from the start of its transaction."""
        if not result.observations:
            raise HistoryError(
                "No usable metric values were found in these files; nothing was added."
            )
        files, result = storable_upload(files, result)
        periods = result.periods
        self._organisation_id()  # its row exists before the upload's transaction begins
        for attempt in range(1, races.WRITE_ATTEMPTS + 1):
            try:
                upload_id, replaced = self._write_upload(files, result, context, replace)
                break
            except DBAPIError as problem:
                race = races.race(problem)
                if race and attempt < races.WRITE_ATTEMPTS:
                    races.pause(attempt)
                    continue
                if race == "taken":
                    raise HistoryError(
                        f"Another upload for {join(periods)} was saved at the same moment; "
                        "reload the history and try again."
                    ) from None
                if race == "busy":
                    raise HistoryError(
                        f"The history was busy with other changes to {join(periods)}; "
                        "nothing was added. Try again."
                    ) from None
                raise not_stored("The upload", problem) from None
            except (StatementError, UnicodeError) as problem:
                raise not_stored("The upload", problem) from None
        return AddOutcome(upload_id=upload_id, added=periods, replaced=replaced, result=result)

    def _write_upload(
        self,
        files: Sequence[InputFile],
        result: IngestResult,
        context: BusinessContext | None,
        replace: bool,
    ) -> tuple[int, list[str]]:
        """One attempt at storing an upload: its own transaction, all or nothing."""
        periods = result.periods
        organisation_id = self._organisation_id()
        with self._sessions.begin() as session:
            self._queue_for(session, periods)
            current = self._active(session, periods, lock=True)
            if current and not replace:
                raise QuarterConflict({p: self._entry(session, p, q) for p, q in current.items()})
            for quarter in current.values():
                quarter.state, quarter.changed_at = "replaced", now()
            session.flush()
            version, new_context = context_version_id(session, context, organisation_id)
            upload = Upload(
                organisation_id=organisation_id,
                context_version_id=version,
                notes=json.dumps(
                    {
                        "warnings": [w.model_dump(mode="json") for w in result.warnings],
                        "unmapped": [u.model_dump(mode="json") for u in result.unmapped],
                    }
                ),
            )
            session.add(upload)
            session.flush()
            session.add_all(
                UploadFile(
                    upload_id=upload.id,
                    name=f.name,
                    size=len(f.data),
                    data=f.data,
                    sha256=hashlib.sha256(f.data).hexdigest(),
                )
                for f in files
            )
            session.add_all(
                UploadQuarter(
                    upload_id=upload.id, organisation_id=organisation_id, period=p, state="active"
                )
                for p in periods
            )
            self._store_observations(session, upload.id, result.observations)
            detail = f"{join(periods)} from {', '.join(f.name for f in files)}"
            if current:
                detail += f"; replaced {join(sorted(current))}"
            if new_context:
                detail += f"; read with context {version_label(session, version)}"
            self._audit(session, organisation_id, REPLACED if current else UPLOADED, detail)
            return upload.id, sorted(current)

    def _queue_for(self, session: Session, periods: Sequence[str]) -> None:
        """Wait for other writers of these quarters of this organisation (see
        `races.queue_for`)."""
        races.queue_for(session, periods, self._organisation_id())

    def _store_observations(
        self, session: Session, upload_id: int, observations: list[Observation]
    ) -> None:
        rows = [
            {
                **{name: getattr(o, name) for name in _OBSERVATION_FIELDS},
                "upload_id": upload_id,
                "file": o.source.file,
                "sheet": o.source.sheet,
                "cell": o.source.cell,
            }
            for o in observations
        ]
        if rows:
            session.execute(insert(StoredObservation), rows)

    def _active(
        self, session: Session, periods: Sequence[str], *, lock: bool = False
    ) -> dict[str, UploadQuarter]:
        query = select(UploadQuarter).where(
            UploadQuarter.organisation_id == self._scope(), UploadQuarter.state == "active"
        )
        if periods:
            query = query.where(UploadQuarter.period.in_(list(periods)))
        if lock:
            query = query.with_for_update()
        return {q.period: q for q in session.scalars(query)}

    def _entry(self, session: Session, period: str, quarter: UploadQuarter) -> QuarterEntry:
        upload = session.get(Upload, quarter.upload_id)
        versions = session.scalar(
            select(func.count())
            .select_from(UploadQuarter)
            .where(
                UploadQuarter.organisation_id == quarter.organisation_id,
                UploadQuarter.period == period,
            )
        )
        return QuarterEntry(
            period=period,
            upload_id=upload.id,
            files=[f.name for f in upload.files],
            added=upload.created_at,
            versions=versions,
        )

    def active(self) -> tuple[tuple[str, int], ...]:
        """(quarter, upload) of each quarter in use, oldest first: one query, for telling
        whether the history changed."""
        with self._sessions() as session:
            rows = session.execute(
                select(UploadQuarter.period, UploadQuarter.upload_id).where(
                    UploadQuarter.organisation_id == self._scope(),
                    UploadQuarter.state == "active",
                )
            ).all()
        return tuple(sorted((period, upload) for period, upload in rows))

    def quarters(self) -> list[QuarterEntry]:
        """The quarters in use, oldest first, with the files they came from."""
        with self._sessions() as session:
            active = self._active(session, [])
            return [self._entry(session, p, q) for p, q in sorted(active.items())]

    def uploads(self) -> list[UploadEntry]:
        """Every upload ever accepted, newest first, with the state of each quarter."""
        with self._sessions() as session:
            out = []
            for upload in session.scalars(
                select(Upload)
                .where(Upload.organisation_id == self._scope())
                .order_by(Upload.id.desc())
            ):
                out.append(
                    UploadEntry(
                        id=upload.id,
                        added=upload.created_at,
                        files=[f.name for f in upload.files],
                        quarters={
                            q.period: q.state
                            for q in sorted(upload.quarters, key=lambda q: q.period)
                        },
                    )
                )
            return out

    def _upload(self, session: Session, upload_id: int) -> Upload:
        """One of this organisation's uploads; another's is as missing as one never made."""
        upload = session.scalar(
            select(Upload).where(Upload.id == upload_id, Upload.organisation_id == self._scope())
        )
        if upload is None:
            raise HistoryError(f"There is no upload number {upload_id} in the history.")
        return upload

    def files(self, upload_id: int) -> list[InputFile]:
        with self._sessions() as session:
            upload = self._upload(session, upload_id)
            return [InputFile(f.name, f.data) for f in upload.files]

    def reading(self, upload_id: int) -> UploadReading:
        """How one stored upload was read: its values, unmapped labels and warnings."""
        with self._sessions() as session:
            upload = self._upload(session, upload_id)
            values = session.scalar(
                select(func.count())
                .select_from(StoredObservation)
                .where(StoredObservation.upload_id == upload_id)
            )
            kept = json.loads(upload.notes) if upload.notes else {}
            return UploadReading(
                values=values or 0,
                unmapped=[UnmappedLabel.model_validate(u) for u in kept.get("unmapped", [])],
                warnings=[Notice.model_validate(w) for w in kept.get("warnings", [])],
            )

    def observations(self) -> IngestResult:
        """The observations in use (for each quarter, those of its active upload), with the
        warnings and unmapped labels of the uploads they come from."""
        with self._sessions() as session:
            rows = session.execute(
                select(StoredObservation)
                .join(
                    UploadQuarter,
                    (UploadQuarter.upload_id == StoredObservation.upload_id)
                    & (UploadQuarter.period == StoredObservation.period),
                )
                .where(
                    UploadQuarter.organisation_id == self._scope(),
                    UploadQuarter.state == "active",
                )
                .order_by(StoredObservation.id)
            ).scalars()
            result = IngestResult(
                observations=[
                    Observation(
                        **{name: getattr(r, name) for name in _OBSERVATION_FIELDS},
                        source=Source(file=r.file, sheet=r.sheet, cell=r.cell),
                    )
                    for r in rows
                ]
            )
            in_use = select(UploadQuarter.upload_id).where(
                UploadQuarter.organisation_id == self._scope(), UploadQuarter.state == "active"
            )
            for notes in session.scalars(
                select(Upload.notes).where(Upload.id.in_(in_use)).order_by(Upload.id)
            ):
                if notes:
                    kept = json.loads(notes)
                    result.warnings += [Notice.model_validate(w) for w in kept.get("warnings", [])]
                    result.unmapped += [
                        UnmappedLabel.model_validate(u) for u in kept.get("unmapped", [])
                    ]
            return result

    def delete(self, period: str) -> None:
        """Withdraw a quarter from use; its data stays and can be restored with rollback."""
        organisation_id = self._organisation_id()
        with writing(f"The withdrawal of {storable(period)}"), self._sessions.begin() as session:
            self._queue_for(session, [period])
            current = self._active(session, [period], lock=True).get(period)
            if current is None:
                raise HistoryError(f"{storable(period)} is not in the history.")
            current.state, current.changed_at = "deleted", now()
            self._audit(
                session, organisation_id, WITHDREW, f"{period} (upload {current.upload_id})"
            )

    def rollback(self, period: str, upload_id: int) -> None:
        """Put an earlier (replaced or deleted) version of a quarter back in use."""
        organisation_id = self._organisation_id()
        with writing(f"The restore of {storable(period)}"):
            try:
                with self._sessions.begin() as session:
                    self._queue_for(session, [period])
                    target = session.get(UploadQuarter, (upload_id, period))
                    if target is None or target.organisation_id != organisation_id:
                        raise HistoryError(
                            f"Upload {upload_id} holds no figures for {storable(period)}."
                        )
                    if target.state == "active":
                        return
                    for current in self._active(session, [period], lock=True).values():
                        current.state, current.changed_at = "replaced", now()
                    session.flush()
                    target.state, target.changed_at = "active", now()
                    self._audit(
                        session, organisation_id, RESTORED, f"{period} from upload {upload_id}"
                    )
            except IntegrityError:
                raise HistoryError(
                    f"{storable(period)} changed at the same moment; reload and try again."
                ) from None
