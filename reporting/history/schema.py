"""Tables of the history store. Changes go through an Alembic migration (`migrations/`).

Every text column is a `StorableText`/`StorableString`: what is bound to it (stored or
compared) has the characters a database cannot hold replaced by U+FFFD (`text.storable`).
PostgreSQL refuses NUL in text, and neither engine can encode a lone surrogate (a file name
that was not UTF-8), so without this one odd character in a workbook would fail the whole
upload.

Every upload, context version and published pack names its organisation; an upload's
quarters carry their upload's organisation too (a foreign key on both columns keeps the
copy true), so the index keeping one upload in use per quarter is per organisation.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from reporting.history.text import storable


class StorableText(TypeDecorator):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return storable(value) if isinstance(value, str) else value


class StorableString(TypeDecorator):
    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return storable(value) if isinstance(value, str) else value


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


#: The longest organisation name, in characters.
ORGANISATION_NAME_LIMIT = 100
#: The longest audit action ("uploaded", "changed the members"), in characters.
AUDIT_ACTION_LIMIT = 80


class Organisation(Base):
    """Whose history it is: everything stored belongs to one organisation."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(StorableString(ORGANISATION_NAME_LIMIT), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class ContextVersion(Base):
    __tablename__ = "context_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    yaml: Mapped[str] = mapped_column(StorableText)


class Upload(Base):
    """One accepted batch of files."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    context_version_id: Mapped[int | None] = mapped_column(ForeignKey("context_versions.id"))
    # What ingest reported but did not turn into values (JSON: warnings, unmapped), so the
    # history keeps showing it: nothing is dropped silently, even after a restart.
    notes: Mapped[str | None] = mapped_column(StorableText)
    files: Mapped[list[UploadFile]] = relationship(
        back_populates="upload", order_by="UploadFile.id"
    )
    quarters: Mapped[list[UploadQuarter]] = relationship(
        back_populates="upload", foreign_keys="UploadQuarter.upload_id"
    )

    # What an upload's quarters refer to, so their copy of the organisation stays true.
    __table_args__ = (
        UniqueConstraint("id", "organisation_id", name="uploads_id_organisation_key"),
    )


class UploadFile(Base):
    __tablename__ = "upload_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(StorableString(255))
    sha256: Mapped[str] = mapped_column(StorableString(64))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    upload: Mapped[Upload] = relationship(back_populates="files")


class UploadQuarter(Base):
    """Whether an upload's figures for a quarter are the ones in use.

    state: active (in use), replaced (kept, superseded by a later upload), deleted (kept,
    withdrawn by the user). At most one upload is active per quarter of an organisation: a
    partial unique index enforces it even with two writers at once. `organisation_id` is
    the upload's (a foreign key on both columns refers to the upload's pair).
    """

    __tablename__ = "upload_quarters"

    upload_id: Mapped[int] = mapped_column(
        ForeignKey("uploads.id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[str] = mapped_column(StorableString(7), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(StorableString(10), default="active")
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    upload: Mapped[Upload] = relationship(back_populates="quarters", foreign_keys=[upload_id])

    __table_args__ = (
        ForeignKeyConstraint(
            ["upload_id", "organisation_id"],
            ["uploads.id", "uploads.organisation_id"],
            ondelete="CASCADE",
            name="upload_quarters_upload_organisation_fkey",
        ),
        Index(
            "one_active_upload_per_quarter",
            "organisation_id",
            "period",
            unique=True,
            postgresql_where=text("state = 'active'"),
            sqlite_where=text("state = 'active'"),
        ),
    )


class StoredObservation(Base):
    __tablename__ = "observations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id", ondelete="CASCADE"), index=True)
    metric_id: Mapped[str] = mapped_column(StorableString(80))
    label: Mapped[str] = mapped_column(StorableText)
    period: Mapped[str] = mapped_column(StorableString(7), index=True)
    period_label: Mapped[str] = mapped_column(StorableText)
    business_unit: Mapped[str | None] = mapped_column(StorableText)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(StorableString(16))
    target: Mapped[float | None] = mapped_column(Float)
    owner: Mapped[str | None] = mapped_column(StorableText)
    note: Mapped[str | None] = mapped_column(StorableText)
    file: Mapped[str] = mapped_column(StorableText)
    sheet: Mapped[str | None] = mapped_column(StorableText)
    cell: Mapped[str | None] = mapped_column(StorableString(16))


class Pack(Base):
    """A board pack as published: the report the board saw, and the deck presented."""

    __tablename__ = "packs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    period: Mapped[str] = mapped_column(StorableString(7), index=True)
    title: Mapped[str] = mapped_column(StorableText)
    report_json: Mapped[str] = mapped_column(StorableText)
    deck: Mapped[bytes | None] = mapped_column(LargeBinary)


class DecisionOutcome(Base):
    """What the board decided on one decision of a published pack."""

    __tablename__ = "decision_outcomes"

    pack_id: Mapped[int] = mapped_column(
        ForeignKey("packs.id", ondelete="CASCADE"), primary_key=True
    )
    risk_id: Mapped[str] = mapped_column(StorableString(120), primary_key=True)
    status: Mapped[str] = mapped_column(StorableString(12))
    note: Mapped[str | None] = mapped_column(StorableText)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class StoredAuditEvent(Base):
    """One change to an organisation's history: when, who, what (a few plain words) and
    the particulars."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    actor: Mapped[str] = mapped_column(StorableText)
    action: Mapped[str] = mapped_column(StorableString(AUDIT_ACTION_LIMIT))
    detail: Mapped[str] = mapped_column(StorableText)
