"""Reading instruments and screenings: per youth in date order, and search for the list."""

from __future__ import annotations

import uuid
from functools import lru_cache

from desktop.store.search import prefix_query
from desktop.store.vault import Vault
from veldwerk_core.models import Youth
from veldwerk_core.models.instrument import Instrument
from veldwerk_core.models.screening import Screening


@lru_cache(maxsize=64)
def _instrument(data: str) -> Instrument:
    """An instrument version never changes, so the same stored text parses to the same record
    (kept, because checking a 60-item instrument costs more than scoring it)."""
    return Instrument.load(data)


_NEWEST_FIRST = "screened_on DESC, data ->> '$.completed_at' DESC, id DESC"


def instruments(vault: Vault, key: str | None = None) -> list[Instrument]:
    """All stored instrument versions (of ``key``), by key and version."""
    sql = "SELECT data FROM instrument"
    parameters: tuple[str, ...] = ()
    if key is not None:
        sql += " WHERE key = ?"
        parameters = (key,)
    found = [_instrument(row[0]) for row in vault.execute(sql, parameters)]
    return sorted(found, key=lambda instrument: (instrument.key, instrument.version))


def instrument(vault: Vault, key: str, version: int) -> Instrument | None:
    rows = vault.execute(
        "SELECT data FROM instrument WHERE key = ? AND data ->> '$.version' = ?", (key, version)
    )
    row = rows.fetchone()
    return None if row is None else _instrument(row[0])


def known_versions(vault: Vault) -> set[tuple[str, int]]:
    rows = vault.execute("SELECT key, data ->> '$.version' FROM instrument")
    return {(row[0], int(row[1])) for row in rows}


def for_youth(vault: Vault, youth_id: uuid.UUID) -> list[Screening]:
    rows = vault.execute(
        f"SELECT data FROM screening WHERE youth_id = ? ORDER BY {_NEWEST_FIRST}",
        (str(youth_id),),
    )
    return [Screening.load(row[0]) for row in rows]


def search(vault: Vault, text: str, limit: int = 200) -> list[tuple[Screening, Youth | None]]:
    """Screenings, newest first; typed words match the youth (name, BSN, wijk, school), the
    instrument or the outcome."""
    query = prefix_query(text)
    sql = (
        "SELECT screening.data, youth.data FROM screening "
        "LEFT JOIN youth ON youth.id = screening.youth_id"
    )
    parameters: tuple[object, ...] = ()
    if query is not None:
        pattern = "%" + "%".join(text.split()) + "%"
        sql += (
            " WHERE youth.rowid IN (SELECT rowid FROM youth_fts WHERE youth_fts MATCH ?)"
            " OR veldwerk_fold(concat_ws(' ', screening.data ->> '$.instrument_title',"
            " screening.data ->> '$.result.band_label',"
            " screening.data ->> '$.external.instrument_name',"
            " screening.data ->> '$.external.outcome_band')) LIKE veldwerk_fold(?)"
        )
        parameters = (query, pattern)
    sql += " ORDER BY screening.screened_on DESC, screening.data ->> '$.completed_at' DESC LIMIT ?"
    rows = vault.execute(sql, (*parameters, limit))
    return [
        (Screening.load(row[0]), Youth.load(row[1]) if row[1] is not None else None) for row in rows
    ]
