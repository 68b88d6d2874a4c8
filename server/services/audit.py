"""The server's access log (NEN 7513 in spirit): append-only, hash-chained, verifiable.

Each entry's hash is an HMAC-SHA256, with an audit key the database does not hold
(core/audit_keys.py), over the previous entry's hash and the entry's canonical JSON, so
editing, removing or re-ordering a row breaks the chain from that row on, and nobody without
the key can link a rewritten one. Entries hold who, which device, when, the action, the
result and which records and youths - never content.

A request writes its entry to ``audit_pending`` in its own transaction (so the entry exists
exactly when the work does) without touching the chain: one head row serialising every request
of the server made them queue on each other. :func:`chain` links pending entries into the chain
in batches - the server's :class:`Chainer` does so every second, and ``verify``, ``export`` and
the access report do so first, so they always cover every committed request. The chainer also
writes signed checkpoints outside the database (services/audit_checkpoints.py), which anchor
the chain's length and head against truncation; ``verify`` is in services/audit_verify.py.

**Entries from before the keys** (``key_id`` NULL) keep their plain SHA-256 links and still
verify - as a prefix only: an unkeyed entry after a keyed one is refused. They are anchored by
the first keyed entry (its HMAC covers the last plain hash) and by the first checkpoint, which
the chainer writes when the server starts. Re-linking them with a key instead would rewrite
evidence and vouch for whatever the rows said at that moment - no stronger, and no longer the
original record.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session, sessionmaker

from server.core.audit_keys import AuditKeys
from server.core.db import transaction
from server.db_models import AuditEntry, AuditHead, AuditPending, AuditYouth
from server.services import audit_checkpoints
from server.services.caller import Caller

GENESIS = "0" * 64
BATCH = 2000
log = logging.getLogger("veldwerk.server.audit")
PENDING = insert(cast(Table, AuditPending.__table__))


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
    if entry.key_id is not None:  # an entry from before the keys is hashed as it was
        payload["key_id"] = entry.key_id
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def chain_hash(prev_hash: str, entry: AuditEntry) -> str:
    """A link from before the audit keys: plain SHA-256 (legacy entries verify with it)."""
    return hashlib.sha256((prev_hash + canonical(entry)).encode("ascii")).hexdigest()


def link_hash(keys: AuditKeys, prev_hash: str, entry: AuditEntry) -> str:
    """The entry's HMAC with its key (``entry.key_id``; KeyError if not configured)."""
    assert entry.key_id is not None
    return keys.mac(entry.key_id, (prev_hash + canonical(entry)).encode("ascii"))


def append(session: Session, event: Event, now: datetime) -> None:
    """Log ``event`` inside the caller's transaction; it joins the chain after commit."""
    # one statement for every request: compiled once, values as parameters
    session.execute(PENDING, _pending(event, now))


def append_many(session: Session, events: list[Event], now: datetime) -> None:
    """Log several events in one statement (a device's uploaded entries)."""
    if events:
        session.execute(PENDING, [_pending(event, now) for event in events])


def _pending(event: Event, now: datetime) -> dict[str, Any]:
    caller = event.caller
    return {
        "at": _utc(now),
        "municipality_id": event.municipality_id or (caller.municipality_id if caller else None),
        "user_id": event.user_id or (caller.user_id if caller else None),
        "device_id": event.device_id or (caller.device_id if caller else None),
        "action": event.action,
        "result": event.result,
        "records": [[kind, record_id] for kind, record_id in event.records],
        "detail": {**event.detail, "youth_ids": sorted(event.youth_ids)},
    }


def chain(session: Session, keys: AuditKeys, batch: int = BATCH) -> int:
    """Link up to ``batch`` committed pending entries into the chain; how many it linked.

    The head row's lock serialises chainers (the server's and a command's), not requests.
    """
    head = session.execute(
        select(AuditHead)
        .where(AuditHead.id == 1)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    pending = list(
        session.execute(select(AuditPending).order_by(AuditPending.id).limit(batch)).scalars()
    )
    if not pending:
        return 0
    seq, prev = head.seq, head.hash
    youths: list[dict[str, Any]] = []
    for item in pending:
        seq += 1
        entry = AuditEntry(
            seq=seq,
            at=_utc(item.at),
            municipality_id=item.municipality_id,
            user_id=item.user_id,
            device_id=item.device_id,
            action=item.action,
            result=item.result,
            records=item.records,
            detail=item.detail,
            prev_hash=prev,
            key_id=keys.current,
        )
        entry.hash = prev = link_hash(keys, prev, entry)
        session.add(entry)
        youths += [{"audit_seq": seq, "youth_id": y} for y in item.detail.get("youth_ids", [])]
    session.flush()
    if youths:
        session.execute(insert(AuditYouth), youths)
    session.execute(delete(AuditPending).where(AuditPending.id.in_([p.id for p in pending])))
    head.seq, head.hash = seq, prev
    session.flush()
    return len(pending)


def chain_all(session: Session, keys: AuditKeys) -> None:
    while chain(session, keys) == BATCH:
        pass


class Chainer:
    """The server's background thread that links pending entries into the chain and writes
    a checkpoint when it starts, every ``policy.minutes`` or ``policy.entries`` linked
    entries (whichever first) and when it stops - each only if the chain moved on."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        keys: AuditKeys,
        interval: float,
        policy: audit_checkpoints.Policy,
    ) -> None:
        self._sessions = sessions
        self._keys = keys
        self._interval = interval
        self._policy = policy
        self._linked = 0
        self._checkpointed = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audit-chainer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        self.run_once()  # what the last requests logged
        self.checkpoint()

    def run_once(self) -> int:
        try:
            with transaction(self._sessions) as session:
                linked = chain(session, self._keys)
        except Exception:  # a failed round leaves the entries pending for the next one
            log.exception("linking audit entries into the chain failed; will retry")
            return 0
        self._linked += linked
        return linked

    def checkpoint(self) -> None:
        try:
            with transaction(self._sessions) as session:
                audit_checkpoints.write(
                    session, self._keys, self._policy.path, only_if_advanced=True
                )
        except Exception:  # tried again when the next one is due; verify still checks
            log.exception("writing an audit checkpoint failed; will try again when due")
        self._linked, self._checkpointed = 0, time.monotonic()

    def _due(self) -> bool:
        elapsed = time.monotonic() - self._checkpointed
        return self._linked >= self._policy.entries or elapsed >= self._policy.minutes * 60

    def _run(self) -> None:
        self.run_once()
        self.checkpoint()  # anchors what is there when the server starts
        while not self._stop.wait(self._interval):
            while self.run_once() == BATCH and not self._stop.is_set():
                pass
            if self._due():
                self.checkpoint()
