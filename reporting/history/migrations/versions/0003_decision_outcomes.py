"""What the board decided on each decision of a published pack.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decision_outcomes",
        sa.Column(
            "pack_id", sa.Integer, sa.ForeignKey("packs.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("risk_id", sa.String(120), primary_key=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("decision_outcomes")
