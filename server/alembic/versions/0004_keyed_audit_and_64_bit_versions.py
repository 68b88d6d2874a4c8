"""A keyed audit chain and 64-bit versions.

- ``audit_log.key_id``: the audit key whose HMAC is the entry's hash (NULL: an entry linked
  before this migration, a plain SHA-256 link; see services/audit.py on legacy entries).
- Record versions, what devices hold and conflicts' versions become 64-bit: the wire allows a
  device's base version up to 2**63 - 1 and PostgreSQL's ``integer`` refused more than 2**31 - 1
  with a crash, where SQLite stored it.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONS = (
    ("record", "version", False),
    ("device_record", "version", False),
    ("conflict", "base_version", False),
    ("conflict", "server_version", True),
)


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as table:
        table.add_column(sa.Column("key_id", sa.String(length=32), nullable=True))
    for name, column, nullable in VERSIONS:
        with op.batch_alter_table(name) as table:
            table.alter_column(
                column,
                existing_type=sa.Integer(),
                type_=sa.BigInteger(),
                existing_nullable=nullable,
            )


def downgrade() -> None:
    for name, column, nullable in VERSIONS:
        with op.batch_alter_table(name) as table:
            table.alter_column(
                column,
                existing_type=sa.BigInteger(),
                type_=sa.Integer(),
                existing_nullable=nullable,
            )
    with op.batch_alter_table("audit_log") as table:
        table.drop_column("key_id")
