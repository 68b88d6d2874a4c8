"""Merged registrations of one youth: where a merged youth's id leads (the kept youth), so that
a change naming it that a device made before it knew of the merge lands on the kept youth.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "youth_redirect",
        sa.Column("merged_id", sa.String(length=36), primary_key=True),
        sa.Column("kept_id", sa.String(length=36), nullable=False),
        sa.Column("municipality_id", sa.String(length=36), nullable=False),
        sa.Column("merge_id", sa.String(length=36), nullable=False),
    )
    op.create_index("youth_redirect_kept", "youth_redirect", ["kept_id"])


def downgrade() -> None:
    op.drop_index("youth_redirect_kept", table_name="youth_redirect")
    op.drop_table("youth_redirect")
