"""The server's access log (NEN 7513 in spirit): append-only, hash-chained, verifiable.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical JSON, so
editing, removing or re-ordering a row breaks the chain from that row on. Entries hold who,
which device, when, the action, the result and which records and youths - never content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db_models import AuditEntry, AuditHead, AuditYouth
from server.services.caller import Caller

GENESIS = "0" * 64


@dataclass
class Event:
    action: str
    result: str = "ok"
    caller: Caller | None = None
    records: list[tuple[str, str]] = field(default_factory=list)
    youth_ids: set[str] = field(default_factory=set)
    detail: dict[str, Any] = field(default_factory=dict)
    municipality_id: str | None = None
    user_id: str | None = None
    device_id: str | None = None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def canonical(entry: AuditEntry) -> str:
    payload = {
        "seq": entry.seq,
        "at": _utc(entry.at).isoformat(timespec="microseconds"),
        "municipality_id": entry.municipality_id,
        "user_id": entry.user_id,
        "device_id": entry.device_id,
        "action": entry.action,
        "result": entry.result,
        "records": [list(pair) for pair in entry.records],
        "detail": entry.detail,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def chain_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode("ascii")).hexdigest()


def append(session: Session, event: Event, now: datetime) -> AuditEntry:
    """Add ``event`` to the chain inside the caller's transaction (locks the chain head)."""
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one()
    caller = event.caller
    youths = sorted(event.youth_ids)
    entry = AuditEntry(
        seq=head.seq + 1,
        at=_utc(now),
        municipality_id=event.municipality_id or (caller.municipality_id if caller else None),
        user_id=event.user_id or (caller.user_id if caller else None),
        device_id=event.device_id or (caller.device_id if caller else None),
        action=event.action,
        result=event.result,
        records=[[kind, record_id] for kind, record_id in event.records],
        detail={**event.detail, "youth_ids": youths},
        prev_hash=head.hash,
    )
    entry.hash = chain_hash(head.hash, entry)
    session.add(entry)
    session.add_all(AuditYouth(audit_seq=entry.seq, youth_id=youth) for youth in youths)
    head.seq, head.hash = entry.seq, entry.hash
    session.flush()
    return entry


@dataclass(frozen=True)
class Problem:
    seq: int
    what: str


def entries(session: Session, batch: int = 2000) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = list(
            session.execute(
                select(AuditEntry)
                .where(AuditEntry.seq > last)
                .order_by(AuditEntry.seq)
                .limit(batch)
            ).scalars()
        )
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()


def verify(session: Session) -> list[Problem]:
    """Walk the chain; report every entry whose hash, link or youth index does not hold."""
    problems: list[Problem] = []
    expected_prev, expected_seq = GENESIS, 1
    youth_index: dict[int, set[str]] = {}
    for seq, youth in session.execute(select(AuditYouth.audit_seq, AuditYouth.youth_id)):
        youth_index.setdefault(seq, set()).add(youth)
    for entry in entries(session):
        if entry.seq != expected_seq:
            problems.append(Problem(entry.seq, f"entries {expected_seq}..{entry.seq - 1} missing"))
        if entry.prev_hash != expected_prev:
            problems.append(Problem(entry.seq, "does not link to the previous entry"))
        if chain_hash(entry.prev_hash, entry) != entry.hash:
            problems.append(Problem(entry.seq, "content does not match its hash"))
        if set(entry.detail.get("youth_ids", [])) != youth_index.pop(entry.seq, set()):
            problems.append(Problem(entry.seq, "youth index does not match the entry"))
        expected_prev, expected_seq = entry.hash, entry.seq + 1
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    if head.hash != expected_prev or head.seq != expected_seq - 1:
        problems.append(Problem(head.seq, "the chain head does not match the last entry"))
    for seq in sorted(youth_index):
        problems.append(Problem(seq, "youth index points at a missing entry"))
    return problems


def export(session: Session) -> Iterable[str]:
    """The chain as JSON lines, each with its hash, for archiving or a DPO's review."""
    for entry in entries(session):
        yield json.dumps({**json.loads(canonical(entry)), "hash": entry.hash}, sort_keys=True)
