"""Taking records out of the vault because the server says so: deleted, or out of scope.

A purge is not a user's delete: it writes no outbox entry. It removes the record with
everything derived from it that the vault keeps: the full-text index entry, the link tables
(by their foreign keys), flags of a purged youth (by trigger), and drafts that name the record.
Flags of youths a purged signal was about are re-evaluated by the caller (a service).

Instrument versions are never purged while a screening on this device pins them (a finished
screening is read with its own version), nor when they never came from the server (the
bundled examples and local imports of a user who may not publish instruments): a device
that enrols keeps them until the municipality's instruments arrive
(:func:`drop_replaced_examples`, after a sync).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date

from desktop.store import kind_sql, text_index
from desktop.store.vault import Vault
from veldwerk_core.models.rules import FACT_KINDS

_IDS = "SELECT value FROM json_each(?)"


def youths_named(vault: Vault, kind: str, ids_json: str) -> set[uuid.UUID]:
    """The youths whose flags may change when these records change or go (records of the kinds
    a youth's facts are drawn from)."""
    sql = kind_sql.youths_mentioned(kind) if kind in FACT_KINDS else None
    if sql is None:
        return set()
    return {uuid.UUID(row[0]) for row in vault.execute(sql, {"ids": ids_json}) if row[0]}


PINNED_INSTRUMENT = (
    "EXISTS (SELECT 1 FROM screening "
    "WHERE screening.data ->> '$.instrument_key' = instrument.key "
    "AND screening.data ->> '$.instrument_version' = instrument.data ->> '$.version')"
)
LOCAL_INSTRUMENT = (
    "instrument.base_version = 0 AND instrument.id NOT IN "
    "(SELECT record_id FROM outbox WHERE record_kind = 'instrument')"
)
"""Never from the server and never to be sent: a bundled example (or a local import) of a
user who may not publish instruments."""


def _not_kept(vault: Vault, wanted: str) -> str:
    kept = {
        row[0]
        for row in vault.execute(
            f"SELECT id FROM instrument WHERE id IN ({_IDS}) "
            f"AND (({PINNED_INSTRUMENT}) OR ({LOCAL_INSTRUMENT}))",
            (wanted,),
        )
    }
    return json.dumps([record_id for record_id in json.loads(wanted) if record_id not in kept])


def drop_replaced_examples(vault: Vault) -> int:
    """Once the municipality's instruments are on the device, the local examples that no
    screening pins make way for them; until then they stay, so screening goes on."""
    with vault.transaction():
        if not vault.scalar("SELECT EXISTS (SELECT 1 FROM instrument WHERE base_version > 0)"):
            return 0
        gone = json.dumps(
            [
                row[0]
                for row in vault.execute(
                    f"SELECT id FROM instrument WHERE ({LOCAL_INSTRUMENT}) "
                    f"AND NOT ({PINNED_INSTRUMENT})"
                )
            ]
        )
        if gone != "[]":
            text_index.remove_many(vault, "instrument", gone)
            vault.execute(f"DELETE FROM instrument WHERE id IN ({_IDS})", (gone,))
    return len(json.loads(gone)) if gone != "[]" else 0


def purge(
    vault: Vault,
    kind: str,
    ids: Iterable[uuid.UUID | str],
    *,
    forget: bool,
    flags_since: date | None = None,
) -> set[uuid.UUID]:
    """Remove records of ``kind``; returns the youths whose flags need a fresh evaluation.

    ``forget`` (the record left this device's scope): also drop this device's conflicts
    about it and the field values of refused changes to it, which hold its content too.
    ``flags_since``: signals before that day are outside every rule's window, so their going
    changes no flag.
    """
    wanted = json.dumps([str(record_id) for record_id in ids])
    if kind == "instrument":
        wanted = _not_kept(vault, wanted)
    if wanted == "[]":
        return set()
    with vault.transaction():
        named = wanted
        if flags_since is not None and kind == "signal":
            named = json.dumps(
                [
                    row[0]
                    for row in vault.execute(
                        f"SELECT id FROM signal WHERE id IN ({_IDS}) AND occurred_at >= ?",
                        (wanted, flags_since.isoformat()),
                    )
                ]
            )
        affected = youths_named(vault, kind, named)
        text_index.remove_many(vault, kind, wanted)
        vault.execute(f"DELETE FROM {kind} WHERE id IN ({_IDS})", (wanted,))
        vault.execute(
            "DELETE FROM draft WHERE EXISTS (SELECT 1 FROM json_each(?) AS gone "
            "WHERE instr(draft.key, gone.value) > 0 OR instr(draft.data, gone.value) > 0)",
            (wanted,),
        )
        if forget:
            vault.execute(f"DELETE FROM sync_conflict WHERE record_id IN ({_IDS})", (wanted,))
            vault.execute(
                f"UPDATE sync_rejected SET fields = '{{}}' WHERE record_id IN ({_IDS})", (wanted,)
            )
        if affected:
            mark_flags_dirty(vault)
    return affected


def mark_flags_dirty(vault: Vault) -> None:
    """Flags must be re-evaluated; a service does that after the sync (also after a crash)."""
    vault.execute("UPDATE sync_state SET flags_dirty = 1 WHERE id = 1")
