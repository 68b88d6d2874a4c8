"""Working together: grants to organisations (shares are records now), match keys for "wie doet
wat", work contacts of users, and the combination flags the server keeps for the meeting.

A share used to be a row of ``signal_share``; it is a record of kind ``share`` now (synced,
audited, withdrawable), which gives its organisation the signal through ``grantee_org_id``.
Existing shares become share records.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("record") as table:
        table.add_column(sa.Column("grantee_org_id", sa.String(length=36), nullable=True))
        table.add_column(sa.Column("match_bsn", sa.String(length=64), nullable=True))
        table.add_column(sa.Column("match_name", sa.String(length=64), nullable=True))
    op.create_index("record_grantee", "record", ["municipality_id", "grantee_org_id"])
    op.create_index("record_match_bsn", "record", ["municipality_id", "match_bsn"])
    op.create_index("record_match_name", "record", ["municipality_id", "match_name"])
    with op.batch_alter_table("app_user") as table:
        table.add_column(
            sa.Column("phone", sa.String(length=40), nullable=False, server_default="")
        )
        table.add_column(
            sa.Column("email", sa.String(length=150), nullable=False, server_default="")
        )
    op.create_table(
        "server_flag",
        sa.Column("youth_id", sa.String(length=36), primary_key=True),
        sa.Column("rule_id", sa.String(length=80), primary_key=True),
        sa.Column("municipality_id", sa.String(length=36), nullable=False),
        sa.Column("signals", sa.Integer(), nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("server_flag_municipality", "server_flag", ["municipality_id"])
    _shares_become_records()
    op.drop_table("signal_share")


def _shares_become_records() -> None:
    """Each old share row as a share record (version 1, at the end of its municipality's
    sequence), so devices receive it and its recipient keeps the signal."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT s.signal_id, s.organisation_id, s.legal_basis, s.purpose, s.shared_by, "
            "s.shared_at, r.municipality_id, r.owner_org_id, o.name "
            "FROM signal_share s JOIN record r ON r.id = s.signal_id "
            "JOIN organisation o ON o.id = s.organisation_id"
        )
    ).fetchall()
    for signal, organisation, basis, purpose, shared_by, shared_at, town, owner, name in rows:
        seq = connection.execute(
            sa.text(
                "UPDATE municipality SET last_seq = last_seq + 1 WHERE id = :id RETURNING last_seq"
            ),
            {"id": town},
        ).scalar_one()
        moment = shared_at if isinstance(shared_at, datetime) else datetime.now(UTC)
        data = {
            "id": str(uuid.uuid4()),
            "created_at": moment.isoformat(),
            "updated_at": moment.isoformat(),
            "signal_id": signal,
            "organisation_id": organisation,
            "organisation_name": name,
            "legal_basis": basis,
            "purpose": purpose,
            "youth_informed": "not_applicable",
            "parents_informed": "not_applicable",
            "shared_by": "",
            "shared_by_organisation": "",
        }
        connection.execute(
            sa.text(
                "INSERT INTO record (id, kind, municipality_id, version, seq, deleted, data, "
                "field_versions, created_by, owner_org_id, parent_id, grantee_org_id, "
                "valid_from, updated_at) VALUES (:id, 'share', :town, 1, :seq, false, :data, "
                "'{}', :by, :owner, :signal, :organisation, :since, :at)"
            ),
            {
                "id": data["id"],
                "town": town,
                "seq": seq,
                "data": json.dumps(data),
                "by": shared_by,
                "owner": owner,
                "signal": signal,
                "organisation": organisation,
                "since": moment.date().isoformat(),
                "at": moment,
            },
        )


def downgrade() -> None:
    op.create_table(
        "signal_share",
        sa.Column("signal_id", sa.String(length=36), primary_key=True),
        sa.Column("organisation_id", sa.String(length=36), primary_key=True),
        sa.Column("legal_basis", sa.String(length=40), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("shared_by", sa.String(length=36), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.drop_index("server_flag_municipality", table_name="server_flag")
    op.drop_table("server_flag")
    with op.batch_alter_table("app_user") as table:
        table.drop_column("email")
        table.drop_column("phone")
    op.drop_index("record_match_name", table_name="record")
    op.drop_index("record_match_bsn", table_name="record")
    op.drop_index("record_grantee", table_name="record")
    with op.batch_alter_table("record") as table:
        table.drop_column("match_name")
        table.drop_column("match_bsn")
        table.drop_column("grantee_org_id")
