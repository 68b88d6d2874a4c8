"""Finding youths: search-as-you-type, lookups by id, candidates for duplicate checks."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from desktop.models import Youth
from desktop.models.filters import YouthFilter
from desktop.store.search import prefix_query
from desktop.store.sql import id_list
from desktop.store.vault import Vault


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


def _where(spec: YouthFilter) -> tuple[str, list[Any]]:
    joins, clauses, params = "", [], []
    query = prefix_query(spec.text)
    if query is not None:
        joins += " JOIN youth_fts ON youth_fts.rowid = youth.rowid"
        clauses.append("youth_fts MATCH ?")
        params.append(query)
    if spec.wijk:
        clauses.append("youth.wijk = ?")
        params.append(spec.wijk)
    if spec.flagged_only:
        clauses.append("EXISTS (SELECT 1 FROM flag WHERE flag.youth_id = youth.id)")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return f"FROM youth{joins}{where}", params


def page(vault: Vault, spec: YouthFilter, offset: int, limit: int) -> list[Youth]:
    """Sorted by last name (without prefix), accents ignored."""
    source, params = _where(spec)
    rows = vault.execute(
        f"SELECT youth.data {source} ORDER BY youth.sort_name, youth.id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [Youth.load(row[0]) for row in rows]


def count(vault: Vault, spec: YouthFilter, cap: int) -> int:
    source, params = _where(spec)
    return int(vault.scalar(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT ?)", (*params, cap)))
