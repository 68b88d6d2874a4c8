"""What the device holds, for the check against the server's ``state``; and the refetch.

A refetch pulls everything again from cursor 0 while the device keeps what it has (no window
in which the vault is empty, pending changes stay). Every record that arrives is noted in
``sync_seen``; when the last page is in, whatever the device holds beyond that is purged.
"""

from __future__ import annotations

import uuid

from desktop.store import purge
from desktop.store.vault import Vault
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.protocol import StateResponse, scope_state

LOCAL_ONLY = {"instrument": purge.LOCAL_INSTRUMENT}
"""Records the device keeps for itself and never sends (bundled instruments of a user who
may not publish them): the server does not count them, so neither does the check."""


def local_state(vault: Vault) -> StateResponse:
    """Counts and hashes over (kind, id, base version) of every record the vault holds."""
    entries: list[tuple[str, str, int]] = []
    for kind in RECORD_TYPES:
        local_only = LOCAL_ONLY.get(kind)
        where = f" WHERE NOT ({local_only})" if local_only else ""
        rows = vault.execute(f"SELECT id, base_version FROM {kind}{where}")
        entries += [(kind, row[0], int(row[1])) for row in rows]
    return scope_state(entries)


def holds_synced_records(vault: Vault) -> bool:
    """Whether the vault has anything from the server (then a full pull must also sweep)."""
    probes = " OR ".join(
        f"EXISTS (SELECT 1 FROM {kind} WHERE base_version > 0)" for kind in RECORD_TYPES
    )
    return bool(vault.scalar(f"SELECT {probes}"))


def differing_kinds(local: StateResponse, server: StateResponse) -> list[str]:
    mine = {str(kind): table for kind, table in local.tables.items()}
    theirs = {str(kind): table for kind, table in server.tables.items()}
    return sorted(kind for kind in RECORD_TYPES if mine.get(kind) != theirs.get(kind))


def begin_refetch(vault: Vault) -> None:
    """Start a full pull that keeps what the device has until it knows what to drop."""
    with vault.transaction():
        vault.execute("DELETE FROM sync_seen")
        vault.execute("UPDATE sync_state SET refetching = 1, cursor = 0 WHERE id = 1")


def finish_refetch(vault: Vault) -> set[uuid.UUID]:
    """Purge what the server no longer sent (changes still waiting to be pushed excepted)."""
    affected: set[uuid.UUID] = set()
    with vault.transaction():
        for kind in RECORD_TYPES:
            stale = [
                row[0]
                for row in vault.execute(
                    f"SELECT id FROM {kind} WHERE id NOT IN (SELECT id FROM sync_seen) "
                    "AND id NOT IN (SELECT record_id FROM outbox WHERE record_kind = ?)",
                    (kind,),
                )
            ]
            affected |= purge.purge(vault, kind, stale, forget=True)
        vault.execute("DELETE FROM sync_seen")
        vault.execute("UPDATE sync_state SET refetching = 0 WHERE id = 1")
    return affected
