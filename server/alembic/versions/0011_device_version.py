"""A device's app version and protocol as it last said them (the ``User-Agent`` and
``Veldwerk-Protocol`` headers of its requests), shown to the administrator with its last
contact (``veldwerk-server list-devices``).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
# The head of main when this was written. Migrations 0009 and 0010 are being written
# concurrently: whoever merges them sets this to "0010" (one head, a straight line).
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("device") as table:
        table.add_column(sa.Column("app_version", sa.String(length=40), nullable=True))
        table.add_column(sa.Column("app_protocol", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("device") as table:
        table.drop_column("app_protocol")
        table.drop_column("app_version")
