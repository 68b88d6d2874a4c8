"""Finding youths: search-as-you-type, lookups by id, candidates for duplicate checks."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from desktop.models.filters import YouthFilter
from desktop.models.listing import YouthRow
from desktop.store.search import prefix_query
from desktop.store.sql import id_list
from desktop.store.vault import Vault
from veldwerk_core.models import Youth


def search(vault: Vault, text: str, limit: int = 50) -> list[Youth]:
    """Youths whose name, BSN, wijk or school start with the typed words, sorted by name."""
    return page(vault, YouthFilter(text=text), 0, limit)


def by_ids(vault: Vault, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Youth]:
    rows = vault.execute(
        "SELECT data FROM youth WHERE id IN (SELECT value FROM json_each(?))", (id_list(ids),)
    )
    youths = (Youth.load(row[0]) for row in rows)
    return {youth.id: youth for youth in youths}


def born_on(vault: Vault, days: Iterable[date]) -> list[Youth]:
    """Youths born on any of ``days`` (duplicate candidates)."""
    rows = vault.execute(
        "SELECT data FROM youth WHERE date_of_birth IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted({day.isoformat() for day in days})),),
    )
    return [Youth.load(row[0]) for row in rows]


FEW_MATCHES = 300
_ROW_COLUMNS = (
    "youth.id, youth.first_name, coalesce(youth.data ->> '$.infix', ''), youth.last_name, "
    "youth.date_of_birth, coalesce(youth.wijk, ''), coalesce(youth.data ->> '$.school', '')"
)


def _where(vault: Vault, spec: YouthFilter) -> tuple[str, list[Any]]:
    """The FROM and WHERE of a filtered list, shaped so SQLite can keep to the name index."""
    clauses, params = [], []
    hint = ""
    query = prefix_query(spec.text)
    if query is not None:
        matches = int(
            vault.scalar(
                "SELECT count(*) FROM (SELECT 1 FROM youth_fts WHERE youth_fts MATCH ? LIMIT ?)",
                (query, FEW_MATCHES + 1),
            )
        )
        clauses.append("youth.rowid IN (SELECT rowid FROM youth_fts WHERE youth_fts MATCH ?)")
        params.append(query)
        if matches > FEW_MATCHES and not spec.wijk:
            hint = " INDEXED BY youth_sort"
    if spec.wijk:
        clauses.append("youth.wijk = ?")
        params.append(spec.wijk)
    if spec.flagged_only:
        clauses.append("EXISTS (SELECT 1 FROM flag WHERE flag.youth_id = youth.id)")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return f"FROM youth{hint}{where}", params


def page(vault: Vault, spec: YouthFilter, offset: int, limit: int) -> list[Youth]:
    """Whole records, sorted by last name (without prefix), accents ignored."""
    source, params = _where(vault, spec)
    found = vault.execute(
        f"SELECT youth.data {source} ORDER BY youth.sort_name, youth.id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [Youth.load(row[0]) for row in found]


def rows(vault: Vault, spec: YouthFilter, offset: int, limit: int) -> list[YouthRow]:
    """What the list shows, in the same order, without building whole records."""
    source, params = _where(vault, spec)
    found = vault.execute(
        f"SELECT {_ROW_COLUMNS} {source} ORDER BY youth.sort_name, youth.id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [
        YouthRow(
            uuid.UUID(row[0]), row[1], row[2], row[3], date.fromisoformat(row[4]), row[5], row[6]
        )
        for row in found
    ]


def count(vault: Vault, spec: YouthFilter, cap: int) -> int:
    source, params = _where(vault, spec)
    return int(vault.scalar(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT ?)", (*params, cap)))
