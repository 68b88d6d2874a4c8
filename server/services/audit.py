"""The server's access log (NEN 7513 in spirit): append-only, hash-chained, verifiable.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical JSON, so
editing, removing or re-ordering a row breaks the chain from that row on. Entries hold who,
which device, when, the action, the result and which records and youths - never content.

A request writes its entry to ``audit_pending`` in its own transaction (so the entry exists
exactly when the work does) without touching the chain: one head row serialising every request
of the server made them queue on each other. :func:`chain` links pending entries into the chain
in batches - the server's :class:`Chainer` does so every second, and ``verify``, ``export`` and
the access report do so first, so they always cover every committed request.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session, sessionmaker

from server.core.db import transaction
from server.db_models import AuditEntry, AuditHead, AuditPending, AuditYouth
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
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def chain_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode("ascii")).hexdigest()


def append(session: Session, event: Event, now: datetime) -> None:
    """Log ``event`` inside the caller's transaction; it joins the chain after commit."""
    caller = event.caller
    session.execute(
        PENDING,  # one statement for every request: compiled once, values as parameters
        {
            "at": _utc(now),
            "municipality_id": event.municipality_id
            or (caller.municipality_id if caller else None),
            "user_id": event.user_id or (caller.user_id if caller else None),
            "device_id": event.device_id or (caller.device_id if caller else None),
            "action": event.action,
            "result": event.result,
            "records": [[kind, record_id] for kind, record_id in event.records],
            "detail": {**event.detail, "youth_ids": sorted(event.youth_ids)},
        },
    )


def chain(session: Session, batch: int = BATCH) -> int:
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
        )
        entry.hash = prev = chain_hash(prev, entry)
        session.add(entry)
        youths += [{"audit_seq": seq, "youth_id": y} for y in item.detail.get("youth_ids", [])]
    session.flush()
    if youths:
        session.execute(insert(AuditYouth), youths)
    session.execute(delete(AuditPending).where(AuditPending.id.in_([p.id for p in pending])))
    head.seq, head.hash = seq, prev
    session.flush()
    return len(pending)


def chain_all(session: Session) -> None:
    while chain(session) == BATCH:
        pass


class Chainer:
    """The server's background thread that links pending entries into the chain."""

    def __init__(self, sessions: sessionmaker[Session], interval: float) -> None:
        self._sessions = sessions
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audit-chainer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        self.run_once()  # what the last requests logged

    def run_once(self) -> int:
        try:
            with transaction(self._sessions) as session:
                return chain(session)
        except Exception:  # a failed round leaves the entries pending for the next one
            log.exception("linking audit entries into the chain failed; will retry")
            return 0

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            while self.run_once() == BATCH and not self._stop.is_set():
                pass


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
    """Walk the chain; report every entry whose hash, link or youth index does not hold.

    Pending entries are linked first, so the check covers every committed request.
    """
    chain_all(session)
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
    chain_all(session)
    for entry in entries(session):
        yield json.dumps({**json.loads(canonical(entry)), "hash": entry.hash}, sort_keys=True)
