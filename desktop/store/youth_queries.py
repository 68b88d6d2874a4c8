"""Finding youths: search-as-you-type, lookups by id, candidates for duplicate checks."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date

from desktop.models import Youth
from desktop.store.search import prefix_query
from desktop.store.vault import Vault


def search(vault: Vault, text: str, limit: int = 50) -> list[Youth]:
    """Youths whose name, BSN, wijk or school start with the typed words, sorted by name."""
    query = prefix_query(text)
    if query is None:
        rows = vault.execute(
            "SELECT data FROM youth ORDER BY sort_name LIMIT ?",
            (limit,),
        )
    else:
        rows = vault.execute(
            "SELECT youth.data FROM youth_fts JOIN youth ON youth.rowid = youth_fts.rowid "
            "WHERE youth_fts MATCH ? "
            "ORDER BY youth.sort_name LIMIT ?",
            (query, limit),
        )
    return [Youth.load(row[0]) for row in rows]


def by_ids(vault: Vault, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Youth]:
    wanted = [str(youth_id) for youth_id in ids]
    if not wanted:
        return {}
    rows = vault.execute(
        "SELECT data FROM youth WHERE id IN (SELECT value FROM json_each(?))", (_json_list(wanted),)
    )
    youths = (Youth.load(row[0]) for row in rows)
    return {youth.id: youth for youth in youths}


def born_on(vault: Vault, days: Iterable[date]) -> list[Youth]:
    """Youths born on any of ``days`` (duplicate candidates)."""
    wanted = sorted({day.isoformat() for day in days})
    rows = vault.execute(
        "SELECT data FROM youth WHERE date_of_birth IN (SELECT value FROM json_each(?))",
        (_json_list(wanted),),
    )
    return [Youth.load(row[0]) for row in rows]


def _json_list(values: list[str]) -> str:
    return json.dumps(values)
