"""Retention: why a tombstone was made (deleted by a user, expired, destroyed on request), and
the statistical stubs of anonymised youths that monitoring still counts.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("record") as table:
        table.add_column(sa.Column("removed_as", sa.String(length=16), nullable=True))
    with op.batch_alter_table("municipality") as table:
        table.add_column(sa.Column("retention_ran_on", sa.String(length=10), nullable=True))
    op.create_table(
        "youth_stub",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("municipality_id", sa.String(length=36), nullable=False),
        sa.Column("youth_id", sa.String(length=36), nullable=True),
        sa.Column("age_band", sa.String(length=16), nullable=False),
        sa.Column("wijk", sa.String(length=100), nullable=False),
        sa.Column("registered_on", sa.String(length=10), nullable=False),
        sa.Column("destroyed_on", sa.String(length=10), nullable=True),
        sa.Column("signals", sa.Integer(), nullable=False),
        sa.Column("trajectories", sa.Integer(), nullable=False),
        sa.Column("first_signal_on", sa.String(length=10), nullable=True),
        sa.Column("last_signal_on", sa.String(length=10), nullable=True),
    )
    op.create_index("youth_stub_municipality", "youth_stub", ["municipality_id"])
    op.create_index("youth_stub_youth", "youth_stub", ["youth_id"])


def downgrade() -> None:
    op.drop_index("youth_stub_youth", table_name="youth_stub")
    op.drop_index("youth_stub_municipality", table_name="youth_stub")
    op.drop_table("youth_stub")
    with op.batch_alter_table("municipality") as table:
        table.drop_column("retention_ran_on")
    with op.batch_alter_table("record") as table:
        table.drop_column("removed_as")
