"""Scope moves: which youths and records a scope-moving write concerned.

A pull used to compare a device's whole scope with its holdings after any such write; with
the moves logged it compares only the records they concern (``scope_move``), from the version
the device last compared at (``device.scope_seen``).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("device") as table:
        table.add_column(sa.Column("scope_seen", sa.BigInteger(), nullable=True))
    op.create_table(
        "scope_move",
        sa.Column("municipality_id", sa.String(length=36), primary_key=True),
        sa.Column("version", sa.BigInteger(), primary_key=True),
        sa.Column("youth_ids", JSON, nullable=False),
        sa.Column("record_ids", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("scope_move")
    with op.batch_alter_table("device") as table:
        table.drop_column("scope_seen")
