"""Devices upload their own access log (issue 15): which entries each device delivered, so
an upload sent again links none twice.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "device_audit_received",
        sa.Column("device_id", sa.String(length=36), primary_key=True),
        sa.Column("entry_id", sa.String(length=36), primary_key=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("device_audit_received")
