"""Scope marks, and sequence numbers handed out at the end of a push.

Pull compares a device's whole scope only after something that changes scopes; rows written
by a push have no sequence number (NULL) until the push takes the sequence lock at its end.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


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


def downgrade() -> None:
    for name in ("record", "conflict"):
        with op.batch_alter_table(name) as table:
            table.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
    with op.batch_alter_table("device") as table:
        table.drop_column("scope_mark")
    with op.batch_alter_table("municipality") as table:
        table.drop_column("scope_version")
