"""Applying a pulled page: records, removals, conflicts and the new cursor in one transaction.

A crash at any moment leaves either the whole page with its cursor or none of it, so the next
pull simply asks again. Records are written set-based (one statement per kind per page, rows
from ``json_each``): a fresh device pulls a hundred thousand rows. Pulled records write no outbox entries and no
per-record audit entries: the person did not make these changes (one "synced" line per page).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from desktop.store import merges, purge, retention, sync_state, text_index
from desktop.store.records import RecordStore
from desktop.store.vault import Vault
from veldwerk_core import kinds
from veldwerk_core.models import RECORD_TYPES, YouthMerge
from veldwerk_core.models.audit import AuditAction
from veldwerk_core.models.rules import FACT_KINDS
from veldwerk_core.protocol import Conflict, PullResponse
from veldwerk_core.reasons import ConflictReason, RemovalReason

_IDS = "SELECT value FROM json_each(?)"
log = logging.getLogger("veldwerk.sync")
DESTROYED = frozenset({RemovalReason.EXPIRED.value, RemovalReason.ERASED.value})
"""Removals of records whose content the server destroyed (docs/privacy/bewaartermijnen.md)."""
HIDDEN = "_hidden"
"""Kept in a pulled record's stored JSON: per field, how many entries the server left out
because this user may not see them (records ignore it; it is never sent back)."""


@dataclass
class PageApplied:
    records: int = 0
    removals: int = 0
    conflicts: int = 0
    youth_ids: set[uuid.UUID] = field(default_factory=set)


def known(page: PullResponse) -> PullResponse:
    """The page without what concerns record kinds this version does not know (a newer
    server's): they are skipped, never used in SQL; after an update that knows them the
    post-sync check sees them missing and fetches them (docs/sync-protocol.md)."""
    records = [record for record in page.records if record.kind in RECORD_TYPES]
    removals = [removal for removal in page.removals if removal.kind in RECORD_TYPES]
    conflicts = [conflict for conflict in page.conflicts if conflict.record_kind in RECORD_TYPES]
    skipped = (
        len(page.records)
        - len(records)
        + len(page.removals)
        - len(removals)
        + len(page.conflicts)
        - len(conflicts)
    )
    if not skipped:
        return page
    log.info("skipped %d entries of record kinds this version does not know", skipped)
    return page.model_copy(
        update={"records": records, "removals": removals, "conflicts": conflicts}
    )


def apply_page(vault: Vault, page: PullResponse, store: RecordStore) -> PageApplied:
    """Store one page and its cursor; returns counts and the youths whose flags may change."""
    applied = PageApplied()
    page = known(page)
    by_kind: dict[str, list[tuple[str, int, dict[str, Any]]]] = defaultdict(list)
    for record in page.records:
        data = {**record.data, HIDDEN: record.hidden} if record.hidden else record.data
        by_kind[record.kind].append((str(record.id), record.version, data))
    with vault.transaction():
        refetching = sync_state.position(vault)[1]
        for conflict in page.conflicts:
            applied.youth_ids |= _conflict(vault, conflict)
        for kind, rows in by_kind.items():
            applied.youth_ids |= _records(vault, kind, rows, refetching)
        applied.records = len(page.records)
        for merged, kept in _merges(vault, page).items():
            applied.youth_ids |= merges.follow(vault, merged, kept)
        removals: dict[tuple[str, bool], list[str]] = defaultdict(list)
        destroyed: dict[str, list[str]] = defaultdict(list)
        for removal in page.removals:
            if removal.reason in DESTROYED:
                destroyed[removal.kind].append(str(removal.id))
                continue
            forget = removal.reason == RemovalReason.OUT_OF_SCOPE
            removals[(removal.kind, forget)].append(str(removal.id))
        for (kind, forget), ids in removals.items():
            waiting = _with_pending(vault, kind, ids)
            gone = [record_id for record_id in ids if record_id not in waiting]
            applied.youth_ids |= purge.purge(vault, kind, gone, forget=forget)
        # Destroyed by the retention rules or on request: nothing of it stays, not even a
        # change still waiting to be sent (the server refuses it: the record is destroyed).
        for kind, ids in sorted(destroyed.items(), key=lambda item: item[0] == "youth"):
            applied.youth_ids |= retention.destroy(vault, kind, ids)
        retention.compact_later(vault, destroyed)
        applied.removals = len(page.removals)
        applied.conflicts = len(page.conflicts)
        if applied.youth_ids:
            purge.mark_flags_dirty(vault)
        vault.execute("UPDATE sync_state SET cursor = ? WHERE id = 1", (page.cursor,))
        if page.records or page.removals:
            store.audit(
                AuditAction.SYNC,
                purpose=f"{len(page.records)} ontvangen, {len(page.removals)} verwijderd",
            )
    return applied


def _merges(vault: Vault, page: PullResponse) -> dict[str, str]:
    """The merges this page tells of: merged youth -> kept youth (merges carried out, from
    this page or, for a merged youth that leaves now, from the vault)."""
    found: dict[str, str] = {}
    for record in page.records:
        if record.kind == YouthMerge.kind and record.data.get("merged_title"):
            found[str(record.data["merged_id"])] = str(record.data["youth_id"])
    for removal in page.removals:
        if removal.reason == RemovalReason.MERGED and str(removal.id) not in found:
            kept = merges.kept_youth(vault, str(removal.id))
            if kept is not None:
                found[str(removal.id)] = kept
    return found


def _with_pending(vault: Vault, kind: str, ids: list[str]) -> set[str]:
    """Records with local changes still waiting for the server."""
    rows = vault.execute(
        f"SELECT DISTINCT record_id FROM outbox WHERE record_kind = ? AND record_id IN ({_IDS})",
        (kind, json.dumps(ids)),
    )
    return {row[0] for row in rows}


def _records(
    vault: Vault, kind: str, rows: list[tuple[str, int, dict[str, Any]]], refetching: bool
) -> set[uuid.UUID]:
    everything = _json([[record_id, version, data] for record_id, version, data in rows])
    if refetching:
        vault.execute(
            "INSERT OR IGNORE INTO sync_seen (id) SELECT value ->> 0 FROM json_each(?)",
            (everything,),
        )
    # Only what differs from the local copy is written: a refetch sends mostly the same, and
    # the echo of this device's own change usually is what the device already has.
    local = {
        row[0]: (int(row[1]), row[2])
        for row in vault.execute(
            f"SELECT id, base_version, data FROM {kind} WHERE id IN ({_IDS})",
            (_json([row[0] for row in rows]),),
        )
    }
    changed: dict[str, bool] = {}
    for record_id, version, data in rows:
        mine = local.get(record_id)
        if mine is None:
            changed[record_id] = False
        elif mine[0] != version or orjson.loads(mine[1]) != data:
            changed[record_id] = True
    if not changed:
        return set()
    youths: set[uuid.UUID] = set()
    existing = _json([record_id for record_id, known in changed.items() if known])
    if existing != "[]":
        youths |= purge.youths_named(vault, kind, existing)  # as they were before
        text_index.remove_many(vault, kind, existing)
    if len(changed) < len(rows):
        rows = [row for row in rows if row[0] in changed]
        everything = _json([[record_id, version, data] for record_id, version, data in rows])
    ids = _json([row[0] for row in rows])
    vault.execute(
        f"INSERT INTO {kind} (id, data, base_version, updated_at) "
        "SELECT value ->> 0, value -> 2, value ->> 1, value -> 2 ->> '$.updated_at' "
        "FROM json_each(?) WHERE true ON CONFLICT (id) DO UPDATE SET data = excluded.data, "
        "base_version = excluded.base_version, updated_at = excluded.updated_at",
        (everything,),
    )
    text_index.add_many(vault, kind, ids)
    _reapply_pending(vault, kind, ids)
    if kind in FACT_KINDS:
        named = {
            value for _id, _version, data in rows for value in kinds.youths_mentioned(kind, data)
        }
        youths |= {uuid.UUID(value) for value in named}
    return youths


def _json(value: Any) -> str:
    """JSON text for SQLite's json_each (orjson: a page of 1,000 records in ~1 ms, where the
    standard library took ~10)."""
    return orjson.dumps(value).decode()


def _reapply_pending(vault: Vault, kind: str, ids_json: str) -> None:
    """Local changes not yet acknowledged stay on top of the server's version."""
    pending: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for record_id, op, fields in vault.execute(
        f"SELECT record_id, op, fields FROM outbox WHERE record_kind = ? "
        f"AND record_id IN ({_IDS}) ORDER BY seq",
        (kind, ids_json),
    ):
        pending[record_id].append((op, json.loads(fields)))
    for record_id, changes in pending.items():
        data = json.loads(vault.scalar(f"SELECT data FROM {kind} WHERE id = ?", (record_id,)))
        deleted = False
        for op, fields in changes:
            if op == "delete":
                deleted = True
            else:
                deleted = False
                data.update(fields)
        text_index.remove(vault, kind, uuid.UUID(record_id))
        if deleted:
            vault.execute(f"DELETE FROM {kind} WHERE id = ?", (record_id,))
            continue
        vault.execute(f"UPDATE {kind} SET data = ? WHERE id = ?", (json.dumps(data), record_id))
        text_index.update(vault, kind, uuid.UUID(record_id), created=True)


def _conflict(vault: Vault, conflict: Conflict) -> set[uuid.UUID]:
    """Store or complete a conflict; an edit of a record deleted on the server is kept in
    the conflict (its snapshot) and the record leaves the vault."""
    record_id = str(conflict.record_id)
    local = vault.execute(
        "SELECT status, snapshot FROM sync_conflict WHERE id = ?", (str(conflict.id),)
    ).fetchone()
    waiting = bool(_with_pending(vault, conflict.record_kind, [record_id]))
    status = conflict.status.value
    if local is not None and local[0] == "resolving" and status == "open" and waiting:
        status = "resolving"  # our resolution is still on its way
    snapshot = local[1] if local is not None else None
    current = vault.scalar(f"SELECT data FROM {conflict.record_kind} WHERE id = ?", (record_id,))
    deleted_there = conflict.reason == ConflictReason.EDIT_AFTER_DELETE and status == "open"
    if snapshot is None and deleted_there:
        snapshot = current
    fields = [entry.model_dump(mode="json") for entry in conflict.fields]
    vault.execute(
        "INSERT INTO sync_conflict (id, record_kind, record_id, reason, status, mutation_id, "
        "base_version, server_version, fields, snapshot, created_at, resolved_at, proposed_by, "
        "mine) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "reason = excluded.reason, status = excluded.status, "
        "server_version = excluded.server_version, fields = excluded.fields, "
        "snapshot = excluded.snapshot, resolved_at = excluded.resolved_at, "
        "proposed_by = excluded.proposed_by, mine = excluded.mine",
        (
            str(conflict.id),
            conflict.record_kind,
            record_id,
            conflict.reason,
            status,
            str(conflict.mutation_id),
            conflict.base_version,
            conflict.server_version,
            json.dumps(fields),
            snapshot,
            _iso(conflict.created_at),
            _iso(conflict.resolved_at),
            conflict.proposed_by,
            int(conflict.mine),
        ),
    )
    if deleted_there and current is not None and not waiting:
        return purge.purge(vault, conflict.record_kind, [record_id], forget=False)
    return set()


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
