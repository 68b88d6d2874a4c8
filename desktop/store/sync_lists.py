"""The conflict and rejected lists a person works through, and each record's sync status."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.store import kind_sql
from desktop.store.outbox import enqueue
from desktop.store.vault import Vault
from veldwerk_core.protocol import Text, WireFieldError
from veldwerk_core.reasons import ConflictReason

PENDING, SYNCED, CONFLICT, REJECTED, LOCAL = "pending", "synced", "conflict", "rejected", "local"
PROPOSED = "proposed"
_WAITS_FOR_ME = "status = 'open' AND NOT (reason = 'proposal' AND mine = 1)"
"""A conflict or a proposal to decide; this user's own proposal waits for the owner."""


@dataclass(frozen=True)
class StoredConflict:
    id: uuid.UUID
    record_kind: str
    record_id: uuid.UUID
    reason: str | None
    """None until the conflict's details arrived through pull."""
    status: str
    base_version: int
    server_version: int | None
    fields: list[dict[str, Any]]
    """Per clashing field: ``{"field", "yours", "server"}`` (and the server's label)."""
    snapshot: dict[str, Any] | None
    """The device's whole copy of the record when its change lost."""
    created_at: datetime
    resolved_at: datetime | None
    proposed_by: str = ""
    """A proposal: who proposed it."""
    mine: bool = True
    """False: a proposal to this user's organisation, which owns the record."""

    @property
    def is_proposal(self) -> bool:
        return self.reason == ConflictReason.PROPOSAL.value


@dataclass(frozen=True)
class Rejection:
    mutation_id: uuid.UUID
    record_kind: str
    record_id: uuid.UUID
    op: str
    fields: dict[str, Any]
    reason: str
    message: str
    """What a protocol-1 server said, in Dutch (newer servers send ``explanation``)."""
    explanation: Text | None
    errors: list[WireFieldError]
    created_at: datetime
    rejected_at: datetime


def _conflict(row: dict[str, Any]) -> StoredConflict:
    return StoredConflict(
        id=uuid.UUID(row["id"]),
        record_kind=row["record_kind"],
        record_id=uuid.UUID(row["record_id"]),
        reason=row["reason"],
        status=row["status"],
        base_version=int(row["base_version"]),
        server_version=row["server_version"],
        fields=list(json.loads(row["fields"])),
        snapshot=None if row["snapshot"] is None else dict(json.loads(row["snapshot"])),
        created_at=datetime.fromisoformat(row["created_at"]),
        resolved_at=None
        if row["resolved_at"] is None
        else datetime.fromisoformat(row["resolved_at"]),
        proposed_by=row["proposed_by"],
        mine=bool(row["mine"]),
    )


def conflicts(vault: Vault, *, open_only: bool = True) -> list[StoredConflict]:
    where = "WHERE status = 'open' " if open_only else ""
    rows = vault.query(f"SELECT * FROM sync_conflict {where}ORDER BY created_at, id")
    return [_conflict(row) for row in rows]


def conflict(vault: Vault, conflict_id: uuid.UUID) -> StoredConflict | None:
    rows = vault.query("SELECT * FROM sync_conflict WHERE id = ?", (str(conflict_id),))
    return _conflict(rows[0]) if rows else None


def mark_resolving(vault: Vault, conflict_id: uuid.UUID, now: datetime) -> None:
    with vault.transaction():
        vault.execute(
            "UPDATE sync_conflict SET status = 'resolving', resolved_at = ? WHERE id = ?",
            (now.isoformat(), str(conflict_id)),
        )


def rejections(vault: Vault) -> list[Rejection]:
    rows = vault.query("SELECT * FROM sync_rejected ORDER BY rejected_at, mutation_id")
    return [
        Rejection(
            mutation_id=uuid.UUID(row["mutation_id"]),
            record_kind=row["record_kind"],
            record_id=uuid.UUID(row["record_id"]),
            op=row["op"],
            fields=dict(json.loads(row["fields"])),
            reason=row["reason"],
            message=row["message"],
            explanation=None
            if row["explanation"] is None
            else Text.model_validate_json(row["explanation"], extra="ignore"),
            errors=[
                WireFieldError.model_validate(error, extra="ignore")
                for error in json.loads(row["errors"])
            ],
            created_at=datetime.fromisoformat(row["created_at"]),
            rejected_at=datetime.fromisoformat(row["rejected_at"]),
        )
        for row in rows
    ]


def dismiss(vault: Vault, mutation_id: uuid.UUID) -> None:
    with vault.transaction():
        vault.execute("DELETE FROM sync_rejected WHERE mutation_id = ?", (str(mutation_id),))


def counts(vault: Vault) -> tuple[int, int, int]:
    """Changes waiting, open conflicts (and proposals to decide), refused changes."""
    row = vault.execute(
        "SELECT (SELECT count(*) FROM outbox), "
        f"(SELECT count(*) FROM sync_conflict WHERE {_WAITS_FOR_ME}), "
        "(SELECT count(*) FROM sync_rejected)"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def record_status(vault: Vault, kind: str, record_id: uuid.UUID) -> str:
    """pending / synced / conflict / rejected / proposed (this user's change waits for the
    owner) (a local record never sent: ``local``).

    A record with parts answers for itself and its parts (a trajectory for its goals,
    agreements, evaluations, signatures, plan versions): the most pressing status among them.
    """
    key = str(record_id)
    members = [(kind, key)]
    parts = kind_sql.parts(kind)
    if parts is not None:
        members += [(row[0], row[1]) for row in vault.execute(parts, {"parent": key})]
    ids = json.dumps([member_id for _kind, member_id in members])
    if vault.scalar(
        f"SELECT 1 FROM sync_conflict WHERE {_WAITS_FOR_ME} "
        "AND record_id IN (SELECT value FROM json_each(?))",
        (ids,),
    ):
        return CONFLICT
    if vault.scalar(
        "SELECT 1 FROM sync_conflict WHERE status = 'open' AND reason = 'proposal' "
        "AND record_id IN (SELECT value FROM json_each(?))",
        (ids,),
    ):
        return PROPOSED
    if vault.scalar(
        "SELECT 1 FROM sync_rejected WHERE record_id IN (SELECT value FROM json_each(?))", (ids,)
    ):
        return REJECTED
    if vault.scalar(
        "SELECT 1 FROM outbox JOIN json_each(?) AS member "
        "ON outbox.record_kind = member.value ->> 0 AND outbox.record_id = member.value ->> 1",
        (json.dumps(members),),
    ):
        return PENDING
    version = vault.scalar(f"SELECT base_version FROM {kind} WHERE id = ?", (key,))
    return SYNCED if version else LOCAL


def base_version(vault: Vault, kind: str, record_id: uuid.UUID) -> int | None:
    """The server version the local copy is based on (None: not in the vault)."""
    version = vault.scalar(f"SELECT base_version FROM {kind} WHERE id = ?", (str(record_id),))
    return None if version is None else int(version)


def queue(
    vault: Vault,
    kind: str,
    record_id: uuid.UUID,
    op: str,
    fields: dict[str, Any],
    base_version: int,
    now: datetime,
    *,
    reason: str = "",
    answers: uuid.UUID | None = None,
) -> None:
    """Queue a change the write path cannot express: resolving a conflict, answering a
    proposal.

    Keeping the server's values is an *empty* change based on the version the conflict
    showed, accepting a deletion is a delete of a record this device no longer holds, and
    declining a proposal is an empty change that names it.
    """
    with vault.transaction():
        enqueue(
            vault, kind, record_id, op, fields, base_version, now, reason=reason, answers=answers
        )


def rebase(vault: Vault, kind: str, record_id: uuid.UUID, base_version: int) -> None:
    """Base the record and its unsent changes on ``base_version`` (restoring a record
    deleted on the server: the change must be based on the deletion to resolve it)."""
    with vault.transaction():
        vault.execute(
            f"UPDATE {kind} SET base_version = ? WHERE id = ?", (base_version, str(record_id))
        )
        vault.execute(
            "UPDATE outbox SET base_version = ? WHERE record_kind = ? AND record_id = ? "
            "AND sent = 0",
            (base_version, kind, str(record_id)),
        )
