"""Finding groups: the searchable list, and the groups a youth is in."""

from __future__ import annotations

import uuid
from typing import Any

from desktop.models.filters import GroupFilter
from desktop.store.search import prefix_query
from desktop.store.vault import Vault
from veldwerk_core.models import Group


def _where(spec: GroupFilter) -> tuple[str, list[Any]]:
    joins, clauses, params = "", [], []
    query = prefix_query(spec.text)
    if query is not None:
        joins = " JOIN group_fts ON group_fts.rowid = g.rowid"
        clauses.append("group_fts MATCH ?")
        params.append(query)
    if spec.wijk:
        clauses.append("g.data ->> '$.wijk' = ?")
        params.append(spec.wijk)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return f"FROM youth_group g{joins}{where}", params


def page(vault: Vault, spec: GroupFilter, offset: int, limit: int) -> list[Group]:
    source, params = _where(spec)
    rows = vault.execute(
        f"SELECT g.data {source} ORDER BY veldwerk_fold(g.name), g.id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [Group.load(row[0]) for row in rows]


def count(vault: Vault, spec: GroupFilter, cap: int) -> int:
    source, params = _where(spec)
    return int(vault.scalar(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT ?)", (*params, cap)))


def for_youth(vault: Vault, youth_id: uuid.UUID) -> list[Group]:
    rows = vault.execute(
        "SELECT g.data FROM group_member m JOIN youth_group g ON g.id = m.group_id "
        "WHERE m.youth_id = ? ORDER BY veldwerk_fold(g.name)",
        (str(youth_id),),
    )
    return [Group.load(row[0]) for row in rows]
