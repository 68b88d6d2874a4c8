"""Ownership: the device that created a record, and proposals addressed to an organisation.

A proposal is a conflict row whose ``organisation_id`` names the organisation that owns the
record: its users see it and accept or decline it; ``user_id`` is the proposer.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("record") as table:
        table.add_column(sa.Column("created_device", sa.String(length=36), nullable=True))
    with op.batch_alter_table("conflict") as table:
        table.add_column(sa.Column("organisation_id", sa.String(length=36), nullable=True))
    op.create_index("conflict_to_organisation", "conflict", ["organisation_id", "status"])


def downgrade() -> None:
    op.drop_index("conflict_to_organisation", table_name="conflict")
    with op.batch_alter_table("conflict") as table:
        table.drop_column("organisation_id")
    with op.batch_alter_table("record") as table:
        table.drop_column("created_device")
