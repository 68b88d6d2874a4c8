"""The full-text indexes (FTS5, inside the vault) of youths, signals and groups.

Kept here on every write rather than by triggers: FTS5 inside a trigger runs in a statement
savepoint, where it writes a new index segment for every row (about 20 times slower).
Whatever writes or removes records (the write path, sync, purge) calls :func:`update` and
:func:`remove`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desktop.store.vault import Vault


@dataclass(frozen=True)
class TextIndex:
    fts: str
    columns: str
    expressions: str
    """SQL over the record table aliased ``t``, one expression per column."""


INDEXES: dict[str, TextIndex] = {
    "youth": TextIndex(
        "youth_fts",
        "name, bsn, place",
        "trim(concat_ws(' ', t.data ->> '$.first_name', nullif(t.data ->> '$.infix', ''), "
        "t.data ->> '$.last_name')), coalesce(t.data ->> '$.bsn', ''), "
        "concat_ws(' ', t.data ->> '$.wijk', t.data ->> '$.school')",
    ),
    "signal": TextIndex(
        "signal_fts",
        "description, place, people",
        "t.data ->> '$.description', "
        "concat_ws(' ', t.data ->> '$.place.wijk', t.data ->> '$.place.hotspot', "
        "t.data ->> '$.place.platform', t.data ->> '$.category'), "
        "concat_ws(' ', t.data ->> '$.reported_by', t.data ->> '$.recorded_by', "
        "t.data ->> '$.organisation')",
    ),
    "youth_group": TextIndex(
        "group_fts",
        "name, wijk, locations",
        "t.data ->> '$.name', t.data ->> '$.wijk', "
        "(SELECT group_concat(value ->> '$.name', ' ') FROM json_each(t.data, '$.locations'))",
    ),
}


def update(vault: Vault, kind: str, record_id: uuid.UUID, *, created: bool) -> None:
    """(Re)index one record after it was written."""
    index = INDEXES.get(kind)
    if index is None:
        return
    if not created:
        remove(vault, kind, record_id)
    vault.execute(
        f"INSERT INTO {index.fts} (rowid, {index.columns}) "
        f"SELECT t.rowid, {index.expressions} FROM {kind} t WHERE t.id = ?",
        (str(record_id),),
    )


def remove(vault: Vault, kind: str, record_id: uuid.UUID) -> None:
    """Take a record out of the index; call before deleting its row."""
    index = INDEXES.get(kind)
    if index is not None:
        vault.execute(
            f"DELETE FROM {index.fts} WHERE rowid = (SELECT rowid FROM {kind} WHERE id = ?)",
            (str(record_id),),
        )


def rebuild(vault: Vault, kind: str) -> None:
    """Index every record of ``kind`` anew (migrations; after a bulk load)."""
    index = INDEXES[kind]
    vault.execute(f"DELETE FROM {index.fts}")
    vault.execute(
        f"INSERT INTO {index.fts} (rowid, {index.columns}) "
        f"SELECT t.rowid, {index.expressions} FROM {kind} t"
    )


def remove_many(vault: Vault, kind: str, ids_json: str) -> None:
    """Take the records with these ids (a JSON array) out of the index, in one statement."""
    index = INDEXES.get(kind)
    if index is not None:
        vault.execute(
            f"DELETE FROM {index.fts} WHERE rowid IN "
            f"(SELECT rowid FROM {kind} WHERE id IN (SELECT value FROM json_each(?)))",
            (ids_json,),
        )


def add_many(vault: Vault, kind: str, ids_json: str) -> None:
    """Index the records with these ids (not yet in the index), in one statement."""
    index = INDEXES.get(kind)
    if index is not None:
        vault.execute(
            f"INSERT INTO {index.fts} (rowid, {index.columns}) "
            f"SELECT t.rowid, {index.expressions} FROM {kind} t "
            "WHERE t.id IN (SELECT value FROM json_each(?))",
            (ids_json,),
        )
