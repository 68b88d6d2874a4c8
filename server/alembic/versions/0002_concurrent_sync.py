"""Concurrent sync: scope marks, late sequence numbers, audit entries chained after commit.

Pull compares a device's whole scope only after something that changes scopes; rows written
by a push have no sequence number (NULL) until the push takes the sequence lock at its end;
requests add their audit entries to ``audit_pending``, which the server links into the hash
chain shortly after (no request waits for the chain's lock).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("municipality") as table:
        table.add_column(
            sa.Column("scope_version", sa.BigInteger(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("device") as table:
        table.add_column(sa.Column("scope_mark", sa.String(length=64), nullable=True))
    for name in ("record", "conflict"):
        with op.batch_alter_table(name) as table:
            table.alter_column("seq", existing_type=sa.BigInteger(), nullable=True)
    op.create_table(
        "audit_pending",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("municipality_id", sa.String(length=36), nullable=True),
        sa.Column("user_id", sa.String(length=36), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("result", sa.String(length=30), nullable=False),
        sa.Column("records", JSON, nullable=False),
        sa.Column("detail", JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("audit_pending")
    for name in ("record", "conflict"):
        with op.batch_alter_table(name) as table:
            table.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
    with op.batch_alter_table("device") as table:
        table.drop_column("scope_mark")
    with op.batch_alter_table("municipality") as table:
        table.drop_column("scope_version")
