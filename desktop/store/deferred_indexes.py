"""Secondary indexes left out during a bulk load and built once after it (issue 16, item 4).

A first sync into an empty vault stores a municipality's worth of signals. The signal list's
indexes (three covering indexes over computed JSON columns, and the partial ones) and the
``signal_youth`` links its triggers keep are in another order than the rows arrive in: each
1,000-row page dirtied pages all over them, and every dirtied page is read, decrypted,
encrypted and written again - the cost of a page grew with the vault (60,000 signals: the last
pages took 660 ms each). Building them once after the load reads the table once per index
(the same 60,000 signals: 34 s -> 7-10 s, rebuild included; docs/architecture.md).

Crash-safe: the indexes and triggers are dropped in the same transaction that writes the
statements that rebuild them (their definitions as SQLite has them, ``sqlite_master.sql``, and
the links made anew from the signals) to ``meta``; those run, and the entry is removed, in one
transaction at the end of the pull, after a pull that failed, and when the vault is opened
(before its migrations, so a migration always finds the schema it expects). A kill at any
point leaves either everything in place or the statements waiting.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

KEY = "deferred_indexes"
TABLES = ("signal",)
"""Whose indexes a bulk load defers: the signal list's (most of what a municipality holds)."""
LINKS = {
    "signal_youth": "INSERT OR IGNORE INTO signal_youth (signal_id, youth_id) "
    "SELECT s.id, j.value FROM signal s, json_each(s.data, '$.youth_ids') j "
    "ORDER BY j.value, s.id"
}
"""Tables kept by triggers on :data:`TABLES` (m0002), and how to make them anew from the
records: the triggers are left out with the indexes."""


class _Vault(Protocol):
    def execute(self, sql: str, parameters: Any = ()) -> Any: ...

    def scalar(self, sql: str, parameters: Any = ()) -> Any: ...

    def transaction(self) -> AbstractContextManager[None]: ...


def defer(vault: _Vault) -> None:
    """Drop the secondary indexes of :data:`TABLES` and the triggers that keep :data:`LINKS`,
    remembering how to build them again."""
    with vault.transaction():
        if pending(vault):
            return
        marks = ", ".join("?" for _ in TABLES)
        objects = vault.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
            f"AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY type, name",
            TABLES,
        ).fetchall()
        linked = [
            table
            for table in LINKS
            if any(kind == "trigger" and table in sql for kind, _name, sql in objects)
        ]
        dropped = [
            (kind, name, sql)
            for kind, name, sql in objects
            if kind == "index" or any(table in sql for table in linked)
        ]
        if not dropped:
            return
        rebuild = [sql for kind, _name, sql in dropped if kind == "index"]
        for table in linked:
            rebuild += [f"DELETE FROM {table}", LINKS[table]]
        rebuild += [sql for kind, _name, sql in dropped if kind == "trigger"]
        vault.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (KEY, json.dumps(rebuild)))
        for kind, name, _sql in dropped:
            vault.execute(f'DROP {kind.upper()} "{name}"')


def restore(vault: _Vault) -> bool:
    """Build what :func:`defer` left out (if anything); True when there was something."""
    if not vault.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'meta'"):
        return False  # a vault before its first schema step
    with vault.transaction():
        statements = list(_statements(vault))
        if not statements:
            return False
        for statement in statements:
            vault.execute(statement)
        vault.execute("DELETE FROM meta WHERE key = ?", (KEY,))
    return True


def pending(vault: _Vault) -> bool:
    return bool(vault.scalar("SELECT count(*) FROM meta WHERE key = ?", (KEY,)))


def _statements(vault: _Vault) -> Iterator[str]:
    raw = vault.scalar("SELECT value FROM meta WHERE key = ?", (KEY,))
    yield from json.loads(raw) if raw else []
