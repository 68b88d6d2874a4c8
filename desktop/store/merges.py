"""Following a merge of two registrations of one youth on this device.

The server carried the merge out and sends every record it moved; what it cannot know is what
this device holds and has not sent yet - a signal made offline about the merged youth, a
change waiting in the outbox, a draft. Those come to name the kept youth here, without outbox
entries of their own (a waiting change naming the merged youth would be redirected by the
server anyway; rewriting it keeps this device's view the same as the server's).
"""

from __future__ import annotations

import json
import uuid

from desktop.store import text_index
from desktop.store.vault import Vault
from veldwerk_core import kinds
from veldwerk_core.models import RECORD_TYPES, YouthMerge

_NAMING = tuple(
    kind for kind in RECORD_TYPES if kinds.youth_links(kind) and kind != YouthMerge.kind
)
"""The kinds whose records can name a youth (a merge names the merged youth on purpose)."""


def kept_youth(vault: Vault, youth_id: str) -> str | None:
    """The youth that ``youth_id`` was merged into (following merges of merges), if any."""
    seen: set[str] = set()
    current = youth_id
    while current not in seen:
        seen.add(current)
        kept = vault.scalar(
            "SELECT youth_id FROM youth_merge WHERE merged_id = ? "
            "AND data ->> '$.merged_title' != '' ORDER BY updated_at DESC LIMIT 1",
            (current,),
        )
        if kept is None:
            break
        current = str(kept)
    return None if current == youth_id else current


def follow(vault: Vault, merged: str, kept: str) -> set[uuid.UUID]:
    """Let what this device holds about ``merged`` name ``kept``; returns the youths whose
    flags need a fresh evaluation. Call within the pull's transaction."""
    touched: set[uuid.UUID] = set()
    for kind in _NAMING:
        rows = vault.execute(
            f"SELECT id, data FROM {kind} WHERE instr(data, ?) > 0", (merged,)
        ).fetchall()
        for record_id, raw in rows:
            data = json.loads(raw)
            moved = kinds.repointed(kind, data, merged, kept)
            if moved == data:
                continue
            text_index.remove(vault, kind, uuid.UUID(record_id))
            vault.execute(
                f"UPDATE {kind} SET data = ? WHERE id = ?", (json.dumps(moved), record_id)
            )
            text_index.update(vault, kind, uuid.UUID(record_id), created=True)
            touched.add(uuid.UUID(kept))
    waiting = vault.execute(
        "SELECT seq, record_kind, fields FROM outbox WHERE instr(fields, ?) > 0", (merged,)
    ).fetchall()
    for seq, kind, raw in waiting:
        if kind not in _NAMING:
            continue
        fields = json.loads(raw)
        moved = kinds.repointed(kind, fields, merged, kept)
        if moved != fields:
            vault.execute("UPDATE outbox SET fields = ? WHERE seq = ?", (json.dumps(moved), seq))
    vault.execute(
        "UPDATE draft SET key = replace(key, ?1, ?2), data = replace(data, ?1, ?2) "
        "WHERE instr(key, ?1) > 0 OR instr(data, ?1) > 0",
        (merged, kept),
    )
    return touched
