"""Checking and exporting the access log: every link, every number, every checkpoint.

``verify`` reports an entry whose HMAC does not match its content (rewritten), that does not
link to the entry before it, whose number is not the next one (deleted or re-ordered), whose
key is not configured, or that is an unkeyed (legacy) entry after keyed ones; a youth index
that does not match; a head that is not the last entry; and, per signed checkpoint
(services/audit_checkpoints.py), an entry it vouched for that is missing (truncated), has
another hash (rewritten, even with the key) or has another number of entries up to it. A
checkpoint line whose signature does not hold is reported and not trusted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.audit_keys import AuditKeys
from server.db_models import AuditEntry, AuditHead, AuditYouth
from server.services import audit_checkpoints
from server.services.audit import GENESIS, canonical, chain_all, chain_hash, link_hash
from server.services.audit_checkpoints import Checkpoint


@dataclass(frozen=True)
class Problem:
    seq: int
    what: str
    line: int | None = None
    """The checkpoint file's line, for a problem with a checkpoint line itself."""


@dataclass
class Verification:
    problems: list[Problem] = field(default_factory=list)
    entries: int = 0
    legacy: int = 0
    """Entries linked before the audit keys (plain SHA-256)."""
    checkpoints: int = 0
    """Checkpoint lines whose signature holds."""


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


def _anchors(
    keys: AuditKeys, path: Path | None, result: Verification
) -> dict[int, list[tuple[int, Checkpoint]]]:
    anchors: dict[int, list[tuple[int, Checkpoint]]] = {}
    for line, checkpoint in audit_checkpoints.read(path) if path else ():
        if checkpoint is None:
            result.problems.append(Problem(0, "not a checkpoint line", line))
        elif not keys.knows(checkpoint.key_id):
            what = f"signed with audit key {checkpoint.key_id!r}, which is not configured"
            result.problems.append(Problem(checkpoint.seq, what, line))
        elif not audit_checkpoints.genuine(keys, checkpoint):
            what = "signature does not match (forged or altered): not trusted"
            result.problems.append(Problem(checkpoint.seq, what, line))
        else:
            result.checkpoints += 1
            anchors.setdefault(checkpoint.seq, []).append((line, checkpoint))
    return anchors


def _hash_problem(keys: AuditKeys, entry: AuditEntry, keyed_before: bool) -> str | None:
    if entry.key_id is None:
        if keyed_before:
            return "unkeyed entry after keyed ones (rewritten without the key?)"
        return (
            None
            if chain_hash(entry.prev_hash, entry) == entry.hash
            else "content does not match its hash"
        )
    if not keys.knows(entry.key_id):
        return f"linked with audit key {entry.key_id!r}, which is not configured"
    if link_hash(keys, entry.prev_hash, entry) != entry.hash:
        return "content does not match its hash"
    return None


def verify(session: Session, keys: AuditKeys, checkpoints: Path | None = None) -> Verification:
    """Walk the chain against its keys and the checkpoints in ``checkpoints`` (a file).

    Pending entries are linked first, so the check covers every committed request.
    """
    chain_all(session, keys)
    result = Verification()
    problems = result.problems
    anchors = _anchors(keys, checkpoints, result)
    expected_prev, expected_seq, keyed = GENESIS, 1, False
    youth_index: dict[int, set[str]] = {}
    for seq, youth in session.execute(select(AuditYouth.audit_seq, AuditYouth.youth_id)):
        youth_index.setdefault(seq, set()).add(youth)
    for entry in entries(session):
        result.entries += 1
        if entry.seq != expected_seq:
            problems.append(Problem(entry.seq, f"entries {expected_seq}..{entry.seq - 1} missing"))
        if entry.prev_hash != expected_prev:
            problems.append(Problem(entry.seq, "does not link to the previous entry"))
        wrong = _hash_problem(keys, entry, keyed)
        if wrong:
            problems.append(Problem(entry.seq, wrong))
        keyed = keyed or entry.key_id is not None
        result.legacy += entry.key_id is None
        if set(entry.detail.get("youth_ids", [])) != youth_index.pop(entry.seq, set()):
            problems.append(Problem(entry.seq, "youth index does not match the entry"))
        for line, anchor in anchors.pop(entry.seq, []):
            if anchor.head != entry.hash:
                what = f"not the entry checkpoint line {line} vouched for (rewritten)"
                problems.append(Problem(entry.seq, what))
            if anchor.count != result.entries:
                what = (
                    f"{result.entries} entries up to here, checkpoint line {line} vouched for "
                    f"{anchor.count} (deleted or inserted)"
                )
                problems.append(Problem(entry.seq, what))
        expected_prev, expected_seq = entry.hash, entry.seq + 1
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    if head.hash != expected_prev or head.seq != expected_seq - 1:
        problems.append(Problem(head.seq, "the chain head does not match the last entry"))
    for seq in sorted(youth_index):
        problems.append(Problem(seq, "youth index points at a missing entry"))
    for seq, vouched in sorted(anchors.items()):
        if seq > 0:
            for line, _anchor in vouched:
                what = f"missing, though checkpoint line {line} vouched for it (truncated)"
                problems.append(Problem(seq, what))
    return result


def export(session: Session, keys: AuditKeys) -> Iterable[str]:
    """The chain as JSON lines, each with its hash, for archiving or a DPO's review."""
    chain_all(session, keys)
    for entry in entries(session):
        yield json.dumps({**json.loads(canonical(entry)), "hash": entry.hash}, sort_keys=True)
