"""The outbox: changes in (the write path appends them), batches out, answers in.

Exactly-once rests on three rules:

- A mutation that was sent once (``sent = 1``) may already be applied on the server, so it is
  only ever sent again unchanged; the server answers a repeated mutation id with its stored
  result. A row leaves the outbox only with the server's answer for it.
- A batch is the longest run from the head of the outbox in which no record occurs twice. A
  later change of the same record waits for the answer to the earlier one, because its base
  version depends on that answer; stopping at the first repeat (instead of skipping it) keeps
  the order of all changes, so a change never reaches the server before one it builds on.
- Adjacent, never-sent changes of one record are merged into one mutation first, so editing a
  record ten times offline costs one mutation, not ten round trips.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop.store import purge, retention
from desktop.store.vault import Vault
from veldwerk_core.models.base import new_id
from veldwerk_core.protocol import Mutation, MutationResult, Op, ResultStatus
from veldwerk_core.reasons import ConflictReason, RejectReason

# Rows read per batch: merging may fold several rows into one mutation.
_READ_AHEAD = 4


def enqueue(
    vault: Vault,
    table: str,
    record_id: uuid.UUID,
    op: str,
    fields: dict[str, Any],
    base_version: int,
    now: datetime,
    *,
    reason: str = "",
    answers: uuid.UUID | None = None,
) -> None:
    """Append a change to the sync outbox (the write path; resolving a conflict; answering a
    proposal). ``reason``: why a record is deleted."""
    vault.execute(
        "INSERT INTO outbox (mutation_id, record_kind, record_id, op, fields, base_version, "
        "created_at, reason, answers) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            str(new_id()),
            table,
            str(record_id),
            op,
            json.dumps(fields),
            base_version,
            now.isoformat(),  # when the device made the change (the server stamps its own)
            reason,
            None if answers is None else str(answers),
        ),
    )


def answering(vault: Vault, kind: str, record_id: uuid.UUID, proposal: uuid.UUID) -> bool:
    """Mark the record's last unsent change as the answer to ``proposal``; False when there
    is no such change (nothing to accept that the device does not have already)."""
    changed: int = vault.execute(
        "UPDATE outbox SET answers = ? WHERE seq = (SELECT max(seq) FROM outbox "
        "WHERE record_kind = ? AND record_id = ? AND sent = 0)",
        (str(proposal), kind, str(record_id)),
    ).rowcount
    return changed > 0


@dataclass
class Pending:
    seq: int
    mutation_id: str
    kind: str
    record_id: str
    op: str
    fields: dict[str, Any]
    base_version: int
    created_at: str
    sent: bool
    reason: str = ""
    """Why a record is deleted (a youth's deletion needs one)."""
    answers: str | None = None
    """The proposal this change accepts (with values) or declines (without)."""

    def mutation(self) -> Mutation:
        return Mutation.model_validate(
            {
                "mutation_id": self.mutation_id,
                "record_kind": self.kind,
                "record_id": self.record_id,
                "op": self.op,
                "fields": self.fields,
                "base_version": self.base_version,
                "created_at": self.created_at,
                "reason": self.reason,
                "answers": self.answers,
            }
        )


@dataclass
class Answered:
    """What a push changed locally: counts, and the youths whose flags need a fresh look."""

    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    proposed: int = 0
    youth_ids: set[uuid.UUID] = field(default_factory=set)


class ProtocolMismatch(Exception):
    """The server's answer does not match the batch that was sent."""


_COLUMNS = (
    "seq, mutation_id, record_kind, record_id, op, fields, base_version, created_at, sent, "
    "reason, answers"
)


def _pending(row: Sequence[Any]) -> Pending:
    return Pending(
        seq=int(row[0]),
        mutation_id=str(row[1]),
        kind=str(row[2]),
        record_id=str(row[3]),
        op=str(row[4]),
        fields=dict(json.loads(row[5])),
        base_version=int(row[6]),
        created_at=str(row[7]),
        sent=bool(row[8]),
        reason=str(row[9]),
        answers=row[10],
    )


def count(vault: Vault) -> int:
    return int(vault.scalar("SELECT count(*) FROM outbox"))


def last_seq(vault: Vault) -> int:
    return int(vault.scalar("SELECT coalesce(max(seq), 0) FROM outbox"))


def pending_for(vault: Vault, kind: str, record_id: uuid.UUID | str) -> list[Pending]:
    rows = vault.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE record_kind = ? AND record_id = ? ORDER BY seq",
        (kind, str(record_id)),
    ).fetchall()
    return [_pending(row) for row in rows]


def _merge(first: Pending, then: Pending) -> Pending | None | bool:
    """``first`` and ``then`` as one change; None: they cancel out; False: keep both."""
    if first.sent or then.sent or first.base_version != then.base_version:
        return False
    if first.answers is not None or then.answers is not None:
        return False  # an answer to a proposal says exactly what it accepts
    if first.op == Op.UPSERT.value and then.op == Op.UPSERT.value:
        first.fields = {**first.fields, **then.fields}
        first.created_at = then.created_at  # the record's updated_at: its last change
        return first
    if first.op == Op.UPSERT.value and then.op == Op.DELETE.value:
        if first.base_version == 0:
            return None  # created and deleted before the server ever heard of it
        first.op, first.fields, first.reason = Op.DELETE.value, {}, then.reason
        return first
    return False


def discard_kind(vault: Vault, kind: str) -> int:
    """Drop waiting changes of one record kind (ones the server would refuse this user)."""
    with vault.transaction():
        return int(vault.execute("DELETE FROM outbox WHERE record_kind = ?", (kind,)).rowcount)


def next_batch(vault: Vault, limit: int, up_to: int | None = None) -> list[Pending]:
    """The next mutations to send (oldest first), marked as sent in the same transaction."""
    with vault.transaction():
        where = "" if up_to is None else f"WHERE seq <= {int(up_to)} "
        rows = vault.execute(
            f"SELECT {_COLUMNS} FROM outbox {where}ORDER BY seq LIMIT ?",
            (limit * _READ_AHEAD,),
        ).fetchall()
        batch: list[Pending] = []
        records: set[tuple[str, str]] = set()
        changed: list[Pending] = []
        dropped: list[int] = []
        for row in map(_pending, rows):
            key = (row.kind, row.record_id)
            last = batch[-1] if batch else None
            if last is not None and (last.kind, last.record_id) == key:
                merged = _merge(last, row)
                if merged is None:
                    batch.pop()
                    records.discard(key)
                    dropped += [last.seq, row.seq]
                    changed = [item for item in changed if item is not last]
                    continue
                if merged is not False:
                    dropped.append(row.seq)
                    if last not in changed:
                        changed.append(last)
                    continue
            if key in records or len(batch) >= limit:
                break
            batch.append(row)
            records.add(key)
        for item in changed:
            vault.execute(
                "UPDATE outbox SET op = ?, fields = ?, created_at = ?, reason = ? WHERE seq = ?",
                (item.op, json.dumps(item.fields), item.created_at, item.reason, item.seq),
            )
        if dropped:
            vault.execute(
                "DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))",
                (json.dumps(dropped),),
            )
        vault.execute(
            "UPDATE outbox SET sent = 1 WHERE seq IN (SELECT value FROM json_each(?))",
            (json.dumps([item.seq for item in batch]),),
        )
        for item in batch:
            item.sent = True
    return batch


def answer(
    vault: Vault, batch: Sequence[Pending], results: Sequence[MutationResult], now: datetime
) -> Answered:
    """Apply the server's answers to a batch, in one transaction."""
    if len(results) != len(batch) or any(
        str(result.mutation_id) != item.mutation_id
        for item, result in zip(batch, results, strict=True)
    ):
        raise ProtocolMismatch("the push answer does not match the batch")
    outcome = Answered()
    with vault.transaction():
        # A batch holds each record once, so the answers are independent of each other: the
        # batch leaves the outbox in one statement and applied ones move on per kind.
        vault.execute(
            "DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))",
            (json.dumps([item.seq for item in batch]),),
        )
        moved: dict[str, list[tuple[str, int, int]]] = {}
        for item, result in zip(batch, results, strict=True):
            if result.status is ResultStatus.APPLIED:
                outcome.applied += 1
                step = _applied(item, result)
                if step is not None:
                    moved.setdefault(item.kind, []).append(step)
            elif result.status is ResultStatus.CONFLICT:
                outcome.conflicts += 1
                _conflict(vault, item, result, now)
            elif result.status is ResultStatus.PROPOSED:
                outcome.proposed += 1
                _conflict(vault, item, result, now, proposal=True)
            else:
                outcome.rejected += 1
                outcome.youth_ids |= _rejected(vault, item, result, now)
        for kind, steps in moved.items():
            _move_base(vault, kind, steps)
    return outcome


def _applied(item: Pending, result: MutationResult) -> tuple[str, int, int] | None:
    """Move the base version on when the server's version is exactly our change on our base:
    (record id, old base, new base), or None.

    If others changed the record in between, the local copy lacks their change: the base
    stays until pull brings the server's version, so a later edit of ours cannot silently
    overwrite a change we never saw.
    """
    version = result.version
    if item.op != Op.UPSERT.value or version is None or version != item.base_version + 1:
        return None
    return (item.record_id, item.base_version, version)


def _move_base(vault: Vault, kind: str, steps: list[tuple[str, int, int]]) -> None:
    """The new base for the records and for their changes still waiting to be sent."""
    moves = json.dumps(steps)
    vault.execute(
        "UPDATE outbox SET base_version = m.value ->> 2 FROM json_each(?) AS m "
        "WHERE outbox.record_kind = ? AND outbox.record_id = m.value ->> 0 "
        "AND outbox.base_version = m.value ->> 1 AND outbox.sent = 0",
        (moves, kind),
    )
    vault.execute(
        f"UPDATE {kind} SET base_version = m.value ->> 2 FROM json_each(?) AS m "
        f"WHERE {kind}.id = m.value ->> 0 AND {kind}.base_version = m.value ->> 1",
        (moves,),
    )


def _conflict(
    vault: Vault, item: Pending, result: MutationResult, now: datetime, *, proposal: bool = False
) -> None:
    """Keep the losing change and the device's whole copy until a person has chosen; a
    proposal is kept the same way, to show the change while the owner decides."""
    snapshot = vault.scalar(f"SELECT data FROM {item.kind} WHERE id = ?", (item.record_id,))
    fields = [
        {"field": name, "yours": value, "server": None} for name, value in item.fields.items()
    ]
    vault.execute(
        "INSERT INTO sync_conflict (id, record_kind, record_id, reason, status, mutation_id, "
        "base_version, server_version, fields, snapshot, created_at) "
        "VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        (
            str(result.conflict_id),
            item.kind,
            item.record_id,
            ConflictReason.PROPOSAL.value if proposal else None,
            item.mutation_id,
            item.base_version,
            result.version,
            json.dumps(fields),
            snapshot,
            now.isoformat(),
        ),
    )


def _rejected(vault: Vault, item: Pending, result: MutationResult, now: datetime) -> set[uuid.UUID]:
    """File the refused change where a person sees it; undo what the server does not hold.

    A refused new record exists only here: it is taken out of the vault (its fields stay in
    the rejected list, later changes of it included). A record the server says is out of
    scope is purged, one the server destroyed (retention) is destroyed. Other refused changes are undone by the server's copy, which the next
    pull brings because the server forgets that this device holds it.
    """
    fields = dict(item.fields)
    affected: set[uuid.UUID] = set()
    created_here = item.op == Op.UPSERT.value and item.base_version == 0
    if created_here:
        for later in pending_for(vault, item.kind, item.record_id):
            if later.op == Op.UPSERT.value:
                fields.update(later.fields)
            vault.execute("DELETE FROM outbox WHERE seq = ?", (later.seq,))
    vault.execute(
        "INSERT INTO sync_rejected (mutation_id, record_kind, record_id, op, fields, "
        "base_version, created_at, reason, message, explanation, errors, rejected_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (mutation_id) DO NOTHING",
        (
            item.mutation_id,
            item.kind,
            item.record_id,
            item.op,
            json.dumps(fields),
            item.base_version,
            item.created_at,
            result.reason or RejectReason.INVALID.value,
            result.message,
            result.explanation.model_dump_json() if result.explanation else None,
            json.dumps([error.model_dump(mode="json") for error in result.errors]),
            now.isoformat(),
        ),
    )
    if result.reason == RejectReason.DESTROYED:
        # Retention destroyed it on the server: nothing of it stays here either.
        destroyed = retention.destroy(vault, item.kind, [item.record_id])
        retention.compact_later(vault, [item.kind])
        return destroyed
    out_of_scope = result.reason == RejectReason.OUT_OF_SCOPE
    if created_here or out_of_scope:
        affected |= purge.purge(vault, item.kind, [item.record_id], forget=False)
    return affected
