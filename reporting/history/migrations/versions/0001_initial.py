"""The first history schema: uploads, their files and quarters, observations, contexts, packs.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "context_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("yaml", sa.Text, nullable=False),
    )
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("context_version_id", sa.Integer, sa.ForeignKey("context_versions.id")),
    )
    op.create_table(
        "upload_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "upload_id", sa.Integer, sa.ForeignKey("uploads.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_upload_files_upload_id", "upload_files", ["upload_id"])
    op.create_table(
        "upload_quarters",
        sa.Column(
            "upload_id",
            sa.Integer,
            sa.ForeignKey("uploads.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "one_active_upload_per_quarter",
        "upload_quarters",
        ["period"],
        unique=True,
        postgresql_where=sa.text("state = 'active'"),
        sqlite_where=sa.text("state = 'active'"),
    )
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "upload_id", sa.Integer, sa.ForeignKey("uploads.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("metric_id", sa.String(80), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("period_label", sa.Text, nullable=False),
        sa.Column("business_unit", sa.Text),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("target", sa.Float),
        sa.Column("owner", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("sheet", sa.Text),
        sa.Column("cell", sa.String(16)),
    )
    op.create_index("ix_observations_upload_id", "observations", ["upload_id"])
    op.create_index("ix_observations_period", "observations", ["period"])
    op.create_table(
        "packs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("report_json", sa.Text, nullable=False),
        sa.Column("deck", sa.LargeBinary),
    )
    op.create_index("ix_packs_period", "packs", ["period"])


def downgrade() -> None:
    for table in (
        "packs",
        "observations",
        "upload_quarters",
        "upload_files",
        "uploads",
        "context_versions",
    ):
        op.drop_table(table)
