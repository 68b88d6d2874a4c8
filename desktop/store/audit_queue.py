"""The device's access-log entries waiting for the server: the outbox of the audit log.

An entry is queued by a trigger in the transaction that writes it (migration m0060) and
leaves the queue only when the server has answered for it (stored, or already had it), so a
sync killed at any moment loses none; the server keeps each entry id of a device once, so
sending one again duplicates none.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.store.vault import Vault
from veldwerk_core.access.purposes import upload_entry
from veldwerk_core.protocol import DeviceAuditEntry

log = logging.getLogger("veldwerk.store")


@dataclass(frozen=True)
class Waiting:
    seq: int
    entry: DeviceAuditEntry


def last_seq(vault: Vault) -> int:
    """The newest queued entry now: a sync uploads up to here, not what it logs itself."""
    return int(vault.scalar("SELECT coalesce(max(audit_seq), 0) FROM audit_upload"))


def count(vault: Vault) -> int:
    return int(vault.scalar("SELECT count(*) FROM audit_upload"))


def next_batch(vault: Vault, limit: int, up_to: int) -> list[Waiting]:
    """The oldest queued entries up to ``up_to``, as they are uploaded.

    An entry that cannot be read as one (a damaged row) would block the queue for ever: it
    leaves the queue, stays in the log here, and is counted in the log file (no content)."""
    rows = vault.execute(
        "SELECT q.audit_seq, a.data FROM audit_upload AS q JOIN audit AS a ON a.seq = q.audit_seq "
        "WHERE q.audit_seq <= ? ORDER BY q.audit_seq LIMIT ?",
        (up_to, limit),
    ).fetchall()
    batch: list[Waiting] = []
    unreadable: list[tuple[int]] = []
    for seq, data in rows:
        try:
            batch.append(Waiting(int(seq), upload_entry(json.loads(data))))
        except (ValueError, KeyError, TypeError):
            unreadable.append((int(seq),))
    if unreadable:
        log.warning(
            "%d access-log entries cannot be uploaded and stay on this device", len(unreadable)
        )
        with vault.transaction():
            vault.executemany("DELETE FROM audit_upload WHERE audit_seq = ?", unreadable)
    return batch


def acknowledge(vault: Vault, batch: Iterable[Waiting], answered: set[uuid.UUID]) -> int:
    """Remove the entries the server answered for; how many."""
    done = [(item.seq,) for item in batch if item.entry.id in answered]
    with vault.transaction():
        vault.executemany("DELETE FROM audit_upload WHERE audit_seq = ?", done)
    return len(done)
