"""The flags table: which combination rules hold for which youth, with their signals."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from desktop.store.sql import id_list
from desktop.store.vault import Vault
from veldwerk_core.models.rules import Flag


@dataclass(frozen=True)
class StoredFlag:
    flag: Flag
    flagged_at: datetime


def replace(
    vault: Vault, youth_ids: Iterable[uuid.UUID], flags: Iterable[Flag], now: datetime
) -> None:
    """Make the flags of ``youth_ids`` exactly ``flags``; a flag that still holds keeps its date."""
    wanted = list(youth_ids)
    new = {(flag.youth_id, flag.rule_id): flag for flag in flags}
    with vault.transaction():
        old = {
            (uuid.UUID(row[0]), row[1])
            for row in vault.execute(
                "SELECT youth_id, rule_id FROM flag "
                "WHERE youth_id IN (SELECT value FROM json_each(?))",
                (id_list(wanted),),
            )
        }
        for youth_id, rule_id in old - set(new):
            vault.execute(
                "DELETE FROM flag WHERE youth_id = ? AND rule_id = ?", (str(youth_id), rule_id)
            )
        for (youth_id, rule_id), flag in new.items():
            vault.execute(
                "INSERT INTO flag (youth_id, rule_id, signal_ids, related_youth_ids, flagged_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (youth_id, rule_id) DO UPDATE SET "
                "signal_ids = excluded.signal_ids, related_youth_ids = excluded.related_youth_ids",
                (
                    str(youth_id),
                    rule_id,
                    id_list(flag.signal_ids),
                    id_list(flag.related_youth_ids),
                    now.isoformat(),
                ),
            )


def clear_all_except(vault: Vault, youth_ids: Iterable[uuid.UUID]) -> None:
    vault.execute(
        "DELETE FROM flag WHERE youth_id NOT IN (SELECT value FROM json_each(?))",
        (id_list(youth_ids),),
    )


def load(vault: Vault, youth_id: uuid.UUID | None = None) -> list[StoredFlag]:
    sql = "SELECT youth_id, rule_id, signal_ids, related_youth_ids, flagged_at FROM flag"
    params: tuple[str, ...] = ()
    if youth_id is not None:
        sql += " WHERE youth_id = ?"
        params = (str(youth_id),)
    return [
        StoredFlag(
            Flag(
                rule_id=row[1],
                youth_id=uuid.UUID(row[0]),
                signal_ids=tuple(uuid.UUID(value) for value in json.loads(row[2])),
                related_youth_ids=tuple(uuid.UUID(value) for value in json.loads(row[3])),
            ),
            datetime.fromisoformat(row[4]),
        )
        for row in vault.execute(sql + " ORDER BY flagged_at DESC", params)
    ]


def siblings_in_trajectory(
    vault: Vault, youth_ids: Iterable[uuid.UUID] | None
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """For each youth, the brothers and sisters who are in a registered or running trajectory.

    Reads through the relation indexes for the given youths (the write path asks for one or
    two); ``None`` asks for everyone (the daily full refresh).
    """
    params: tuple[str, ...] = ()
    if youth_ids is None:
        restrict_from, restrict_to = "", ""
    else:
        wanted = id_list(youth_ids)
        restrict_from = "AND youth_id IN (SELECT value FROM json_each(?))"
        restrict_to = "AND related_youth_id IN (SELECT value FROM json_each(?))"
        params = (wanted, wanted)
    rows = vault.execute(
        "WITH pair(youth, sibling) AS ("
        "  SELECT youth_id, related_youth_id FROM relation WHERE related_youth_id IS NOT NULL "
        f"  AND data ->> '$.relation_kind' = 'sibling' {restrict_from} "
        "  UNION SELECT related_youth_id, youth_id FROM relation WHERE related_youth_id IS NOT NULL "
        f"  AND data ->> '$.relation_kind' = 'sibling' {restrict_to}) "
        "SELECT DISTINCT pair.youth, pair.sibling FROM pair "
        "JOIN trajectory t ON t.youth_id = pair.sibling "
        "AND t.data ->> '$.status' IN ('registered', 'active')",
        params,
    )
    found: dict[uuid.UUID, list[uuid.UUID]] = {}
    for youth, sibling in rows:
        found.setdefault(uuid.UUID(youth), []).append(uuid.UUID(sibling))
    return found


def siblings(vault: Vault, youth_id: uuid.UUID) -> list[uuid.UUID]:
    """Brothers and sisters recorded for a youth (relations of kind sibling, either way)."""
    rows = vault.execute(
        "SELECT related_youth_id FROM relation WHERE youth_id = ? AND related_youth_id IS NOT NULL "
        "AND data ->> '$.relation_kind' = 'sibling' "
        "UNION SELECT youth_id FROM relation WHERE related_youth_id = ? "
        "AND data ->> '$.relation_kind' = 'sibling'",
        (str(youth_id), str(youth_id)),
    )
    return [uuid.UUID(row[0]) for row in rows]
