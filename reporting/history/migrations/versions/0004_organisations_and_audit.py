"""Organisations and the audit trail: every upload, context version and pack belongs to one
organisation, the quarter in use is per organisation, and each change is recorded.

Everything stored before belongs to the organisation "local". On SQLite, the store runs
this with foreign keys off (batch mode rebuilds `uploads`, `context_versions`, `packs` and
`upload_quarters`; dropping the originals with foreign keys on would delete the rows that
refer to them) and checks them before committing.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The organisation of everything stored before organisations existed. Written out here
# rather than imported, so this migration stays what it was whatever the code becomes.
LOCAL = "local"
OWNED = ("context_versions", "uploads", "packs")

organisations = sa.table(
    "organisations",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name", name="organisations_name_key"),
    )
    bind = op.get_bind()
    bind.execute(organisations.insert().values(name=LOCAL, created_at=dt.datetime.now(dt.UTC)))
    local = bind.execute(
        sa.select(organisations.c.id).where(organisations.c.name == LOCAL)
    ).scalar_one()

    for table in OWNED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("organisation_id", sa.Integer, nullable=True))
        op.execute(sa.text(f"UPDATE {table} SET organisation_id = :local").bindparams(local=local))
        with op.batch_alter_table(table) as batch:
            batch.alter_column("organisation_id", existing_type=sa.Integer, nullable=False)
            batch.create_foreign_key(
                f"{table}_organisation_id_fkey", "organisations", ["organisation_id"], ["id"]
            )
            if table == "uploads":
                # What an upload's quarters refer to, so their copy of the organisation holds.
                batch.create_unique_constraint(
                    "uploads_id_organisation_key", ["id", "organisation_id"]
                )
        op.create_index(f"ix_{table}_organisation_id", table, ["organisation_id"])

    # The quarter in use becomes per organisation: each quarter row carries its upload's.
    op.drop_index("one_active_upload_per_quarter", table_name="upload_quarters")
    with op.batch_alter_table("upload_quarters") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer, nullable=True))
    op.execute(
        "UPDATE upload_quarters SET organisation_id = "
        "(SELECT uploads.organisation_id FROM uploads WHERE uploads.id = upload_quarters.upload_id)"
    )
    with op.batch_alter_table("upload_quarters") as batch:
        batch.alter_column("organisation_id", existing_type=sa.Integer, nullable=False)
        batch.create_foreign_key(
            "upload_quarters_upload_organisation_fkey",
            "uploads",
            ["upload_id", "organisation_id"],
            ["id", "organisation_id"],
            ondelete="CASCADE",
        )
    op.create_index(
        "one_active_upload_per_quarter",
        "upload_quarters",
        ["organisation_id", "period"],
        unique=True,
        postgresql_where=sa.text("state = 'active'"),
        sqlite_where=sa.text("state = 'active'"),
    )

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "organisation_id",
            sa.Integer,
            sa.ForeignKey("organisations.id", name="audit_events_organisation_id_fkey"),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.String(80), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_events_organisation_id", "audit_events", ["organisation_id"])


def downgrade() -> None:
    """Back to one history: only possible while nothing belongs to another organisation."""
    bind = op.get_bind()
    for table in OWNED:
        others = bind.execute(
            sa.text(
                f"SELECT count(*) FROM {table} JOIN organisations "
                f"ON organisations.id = {table}.organisation_id WHERE organisations.name <> :local"
            ).bindparams(local=LOCAL)
        ).scalar_one()
        if others:
            raise RuntimeError(
                f"{table} holds rows of organisations other than {LOCAL!r}; "
                "the history cannot go back to one organisation without losing them."
            )
    op.drop_index("ix_audit_events_organisation_id", table_name="audit_events")
    op.drop_table("audit_events")

    op.drop_index("one_active_upload_per_quarter", table_name="upload_quarters")
    with op.batch_alter_table("upload_quarters") as batch:
        batch.drop_constraint("upload_quarters_upload_organisation_fkey", type_="foreignkey")
        batch.drop_column("organisation_id")
    op.create_index(
        "one_active_upload_per_quarter",
        "upload_quarters",
        ["period"],
        unique=True,
        postgresql_where=sa.text("state = 'active'"),
        sqlite_where=sa.text("state = 'active'"),
    )

    for table in OWNED:
        op.drop_index(f"ix_{table}_organisation_id", table_name=table)
        with op.batch_alter_table(table) as batch:
            if table == "uploads":
                batch.drop_constraint("uploads_id_organisation_key", type_="unique")
            batch.drop_constraint(f"{table}_organisation_id_fkey", type_="foreignkey")
            batch.drop_column("organisation_id")
    op.drop_table("organisations")
