"""Conflicts: both versions of concurrently edited fields, kept until a person chooses.

A conflict belongs to the user whose change lost; it travels to all their devices through
pull, in the same sequence as records. It is resolved when that user sends a change to the
record based on the server version the conflict showed (or newer): an upsert with the chosen
values, an empty upsert to keep the server's values, or a delete of an already deleted record
to accept the deletion. The resolution gets a new sequence number, so it reaches every device.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import UTC, datetime
from functools import cache
from typing import Any

from pydantic import JsonValue
from sqlalchemy import Select, String, bindparam, select
from sqlalchemy.orm import Session

from server.db_models import ConflictRow
from server.services.caller import Caller
from server.services.records import Numbering
from veldwerk_core.protocol import (
    Conflict,
    ConflictField,
    ConflictStatus,
    Mutation,
)
from veldwerk_core.reasons import ConflictReason


def field_entry(name: str, yours: Any, server: Any) -> dict[str, Any]:
    """One clashing field; the app labels it in the person's language."""
    return {"field": name, "yours": yours, "server": server}


def record_conflict(
    session: Session,
    caller: Caller,
    mutation: Mutation,
    reason: ConflictReason,
    server_version: int | None,
    fields: list[dict[str, Any]],
    numbering: Numbering,
    now: datetime,
    *,
    to_organisation: str | None = None,
) -> ConflictRow:
    """A conflict of the caller's; with ``to_organisation``, the caller's proposal to the
    organisation that owns the record (an earlier open proposal of theirs is replaced)."""
    if to_organisation is not None:
        for earlier in session.execute(
            _proposals(), {"user": caller.user_id, "record": str(mutation.record_id)}
        ).scalars():
            earlier.status, earlier.resolved_at = ConflictStatus.RESOLVED.value, now
            numbering.claim(earlier)
    row = ConflictRow(
        id=str(uuid.uuid4()),
        municipality_id=caller.municipality_id,
        user_id=caller.user_id,
        organisation_id=to_organisation,
        device_id=caller.device_id,
        mutation_id=str(mutation.mutation_id),
        record_kind=mutation.record_kind,
        record_id=str(mutation.record_id),
        reason=reason.value,
        status=ConflictStatus.OPEN.value,
        base_version=mutation.base_version,
        server_version=server_version,
        fields=fields,
        created_at=now,
    )
    session.add(row)
    numbering.claim(row)
    return row


def open_among(session: Session, caller: Caller, record_ids: Collection[str]) -> set[str]:
    """Which of ``record_ids`` have an open conflict of the caller's (one query)."""
    if not record_ids:
        return set()
    return set(
        session.execute(
            select(ConflictRow.record_id).where(
                ConflictRow.user_id == caller.user_id,
                ConflictRow.organisation_id.is_(None),
                ConflictRow.record_id.in_(sorted(record_ids)),
                ConflictRow.status == ConflictStatus.OPEN.value,
            )
        ).scalars()
    )


@cache
def _open() -> Select[ConflictRow]:
    """Built once: every change runs it. Proposals are answered, not resolved by a change."""
    return select(ConflictRow).where(
        ConflictRow.user_id == bindparam("user", type_=String),
        ConflictRow.organisation_id.is_(None),
        ConflictRow.record_id == bindparam("record", type_=String),
        ConflictRow.status == ConflictStatus.OPEN.value,
    )


@cache
def _proposals() -> Select[ConflictRow]:
    return select(ConflictRow).where(
        ConflictRow.user_id == bindparam("user", type_=String),
        ConflictRow.organisation_id.is_not(None),
        ConflictRow.record_id == bindparam("record", type_=String),
        ConflictRow.status == ConflictStatus.OPEN.value,
    )


def open_proposal(session: Session, proposal_id: str, record_id: str) -> ConflictRow | None:
    """An open proposal about ``record_id`` (None: unknown, answered, or about another)."""
    row = session.get(ConflictRow, proposal_id, with_for_update=True)
    if (
        row is None
        or row.organisation_id is None
        or row.record_id != record_id
        or row.status != ConflictStatus.OPEN.value
    ):
        return None
    return row


def close(row: ConflictRow, numbering: Numbering, now: datetime) -> None:
    row.status, row.resolved_at = ConflictStatus.RESOLVED.value, now
    numbering.claim(row)


def resolve(
    session: Session,
    caller: Caller,
    record_id: str,
    base_version: int,
    numbering: Numbering,
    now: datetime,
) -> None:
    """Close the caller's open conflicts on a record that this change was based on."""
    rows = session.execute(_open(), {"user": caller.user_id, "record": record_id}).scalars()
    for row in rows:
        if base_version >= (row.server_version or 0):
            row.status = ConflictStatus.RESOLVED.value
            row.resolved_at = now
            numbering.claim(row)


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def to_wire(row: ConflictRow, reader: str = "", proposer: str = "") -> Conflict:
    """The conflict as ``reader`` (a user id) receives it; ``proposer`` names who proposed a
    proposal (name and organisation)."""
    fields: list[ConflictField] = []
    for entry in row.fields:
        yours: JsonValue = entry.get("yours")
        server: JsonValue = entry.get("server")
        fields.append(ConflictField(field=entry["field"], yours=yours, server=server))
    return Conflict.model_validate(
        {
            "id": row.id,
            "record_kind": row.record_kind,
            "record_id": row.record_id,
            "reason": row.reason,
            "status": row.status,
            "mutation_id": row.mutation_id,
            "device_id": row.device_id,
            "base_version": row.base_version,
            "server_version": row.server_version,
            "fields": fields,
            "created_at": _utc(row.created_at),
            "resolved_at": _utc(row.resolved_at),
            "proposed_by": proposer,
            "mine": not reader or row.user_id == reader,
        }
    )
