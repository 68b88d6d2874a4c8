"""Finding signals: the filtered, paged list; versions of a signal; facts for the rules."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from desktop.models.filters import SignalFilter
from desktop.models.listing import SignalRow
from desktop.store.search import prefix_query
from desktop.store.sql import id_list
from desktop.store.vault import Vault
from veldwerk_core.models import Signal

_CURRENT = "NOT EXISTS (SELECT 1 FROM signal c WHERE c.supersedes_id = s.id)"


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


# With this many or fewer text matches, sorting the matches is cheapest; with more, walking the
# time index and keeping matching rows stops after one page.
FEW_MATCHES = 300
_ROW_COLUMNS = (
    "s.id, s.occurred, s.category, s.life_domain, s.severity, s.data ->> '$.place.place_kind', "
    "coalesce(s.data ->> '$.place.wijk', ''), coalesce(s.data ->> '$.place.hotspot', ''), "
    "coalesce(s.data ->> '$.place.platform', ''), substr(s.data ->> '$.description', 1, 240), "
    "(SELECT json_group_array(json_array(concat_ws(' ', y.first_name, "
    "nullif(y.data ->> '$.infix', ''), y.last_name), y.date_of_birth)) "
    "FROM signal_youth sy JOIN youth y ON y.id = sy.youth_id WHERE sy.signal_id = s.id)"
)


def _where(vault: Vault, spec: SignalFilter) -> tuple[str, list[Any]]:
    """The FROM and WHERE of a filtered list, shaped so SQLite can use an index for the order."""
    joins, clauses, params = "", [], []
    query = prefix_query(spec.text, min_length=2)
    hint = ""
    if query is not None:
        matches = int(
            vault.scalar(
                "SELECT count(*) FROM (SELECT 1 FROM signal_fts WHERE signal_fts MATCH ? LIMIT ?)",
                (query, FEW_MATCHES + 1),
            )
        )
        clauses.append("s.rowid IN (SELECT rowid FROM signal_fts WHERE signal_fts MATCH ?)")
        params.append(query)
        if matches <= FEW_MATCHES:
            hint = " NOT INDEXED"  # few matches: fetch them by rowid and sort
    if not hint and spec.youth_id is None and spec.group_id is None:
        hint = " INDEXED BY " + (
            "signal_by_category"
            if spec.category
            else "signal_by_wijk"
            if spec.wijk
            else "signal_by_time"
        )
    if spec.youth_id is not None:
        joins += " JOIN signal_youth sy ON sy.signal_id = s.id"
        clauses.append("sy.youth_id = ?")
        params.append(str(spec.youth_id))
    for column in ("wijk", "category", "life_domain", "severity"):
        value = getattr(spec, column)
        if value:
            clauses.append(f"s.{column} = ?")
            params.append(value)
    if spec.group_id is not None:
        clauses.append("s.group_id = ?")
        params.append(str(spec.group_id))
    if spec.since is not None:
        clauses.append("s.occurred >= ?")
        params.append(_moment(spec.since))
    if spec.until is not None:
        clauses.append("s.occurred < ?")
        params.append(_moment(spec.until))
    if spec.current_only:
        clauses.append(_CURRENT)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return f"FROM signal s{hint}{joins}{where}", params


def page(vault: Vault, spec: SignalFilter, offset: int, limit: int) -> list[Signal]:
    """Whole records, newest first."""
    source, params = _where(vault, spec)
    rows = vault.execute(
        f"SELECT s.data {source} ORDER BY s.occurred DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [Signal.load(row[0]) for row in rows]


def rows(vault: Vault, spec: SignalFilter, offset: int, limit: int) -> list[SignalRow]:
    """What a list shows, newest first, without building whole records."""
    source, params = _where(vault, spec)
    found = vault.execute(
        f"SELECT {_ROW_COLUMNS} {source} ORDER BY s.occurred DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    return [
        SignalRow(
            id=uuid.UUID(row[0]),
            occurred_at=datetime.fromisoformat(row[1]).replace(tzinfo=UTC),
            category=row[2],
            life_domain=row[3],
            severity=row[4],
            place_kind=row[5],
            wijk=row[6],
            hotspot=row[7],
            platform=row[8],
            description=row[9] or "",
            youths=tuple(
                (name, date.fromisoformat(born)) for name, born in json.loads(row[10] or "[]")
            ),
        )
        for row in found
    ]


def count(vault: Vault, spec: SignalFilter, cap: int) -> int:
    """How many match, counting no further than ``cap`` (a list says "1000+")."""
    if _text_alone_reaches(vault, spec, cap):
        return cap
    source, params = _where(vault, spec)
    return int(vault.scalar(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT ?)", (*params, cap)))


def _text_alone_reaches(vault: Vault, spec: SignalFilter, cap: int) -> bool:
    """Whether a search on text alone certainly has ``cap`` current matches, asked of the
    full-text index only: a short prefix ("me") matches tens of thousands of signals, and
    counting them through the signal table costs far more than the page itself.

    Every correction replaces one earlier version, so at most that many matches are not
    current: ``cap`` plus that many matches in the index leaves ``cap`` current ones.
    """
    query = prefix_query(spec.text, min_length=2)
    others = (spec.wijk, spec.category, spec.life_domain, spec.severity, spec.since, spec.until)
    if query is None or any(others) or spec.youth_id or spec.group_id:
        return False
    replaced = int(vault.scalar("SELECT count(*) FROM signal WHERE supersedes_id IS NOT NULL"))
    wanted = cap + (replaced if spec.current_only else 0)
    hits = vault.scalar(
        "SELECT count(*) FROM (SELECT 1 FROM signal_fts WHERE signal_fts MATCH ? LIMIT ?)",
        (query, wanted),
    )
    return int(hits) >= wanted


def versions(vault: Vault, signal_id: uuid.UUID) -> list[Signal]:
    """Every version of the signal, oldest first: what it first said and each correction."""
    rows = vault.execute(
        """WITH RECURSIVE
        back(id, data, depth) AS (
            SELECT id, data, 0 FROM signal WHERE id = :id
            UNION ALL
            SELECT s.id, s.data, back.depth - 1 FROM signal s
            JOIN back ON s.id = back.data ->> '$.supersedes_id'
        ),
        forward(id, data, depth) AS (
            SELECT id, data, 0 FROM signal WHERE id = :id
            UNION ALL
            SELECT s.id, s.data, forward.depth + 1 FROM signal s
            JOIN forward ON s.supersedes_id = forward.id
        )
        SELECT data FROM back UNION SELECT data FROM forward
        """,
        {"id": str(signal_id)},
    )
    found = [Signal.load(row[0]) for row in rows]
    order = {record.id: index for index, record in enumerate(_chain_order(found))}
    return sorted(found, key=lambda record: order[record.id])


def _chain_order(records: list[Signal]) -> list[Signal]:
    by_previous = {record.supersedes_id: record for record in records}
    first = next(
        record for record in records if record.supersedes_id not in {r.id for r in records}
    )
    chain = [first]
    while chain[-1].id in by_previous:
        chain.append(by_previous[chain[-1].id])
    return chain


def superseded(vault: Vault, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``ids`` a correction replaced."""
    rows = vault.execute(
        "SELECT supersedes_id FROM signal WHERE supersedes_id IN (SELECT value FROM json_each(?))",
        (id_list(ids),),
    )
    return {uuid.UUID(row[0]) for row in rows}


@dataclass(frozen=True)
class RuleRow:
    """The few fields the combination rules look at, read without parsing whole records."""

    id: uuid.UUID
    youth_id: uuid.UUID
    occurred_at: datetime
    category: str
    life_domain: str
    severity: str
    source: str
    reported_by: str
    organisation: str
    recorded_by: str


def rule_rows(
    vault: Vault, since: datetime, youth_ids: Iterable[uuid.UUID] | None
) -> list[RuleRow]:
    """Current signals since ``since`` about the given youths (or about anyone)."""
    params: list[Any] = [_moment(since)]
    restrict = ""
    if youth_ids is not None:
        restrict = " AND sy.youth_id IN (SELECT value FROM json_each(?))"
        params.append(id_list(youth_ids))
    rows = vault.execute(
        "SELECT s.id, sy.youth_id, s.occurred, s.category, s.life_domain, s.severity, "
        "s.data ->> '$.source', s.data ->> '$.reported_by', s.data ->> '$.organisation', "
        "s.data ->> '$.recorded_by' "
        f"FROM signal s JOIN signal_youth sy ON sy.signal_id = s.id "
        f"WHERE s.occurred >= ?{restrict} AND {_CURRENT}",
        params,
    )
    return [
        RuleRow(
            id=uuid.UUID(row[0]),
            youth_id=uuid.UUID(row[1]),
            occurred_at=datetime.fromisoformat(row[2]).replace(tzinfo=UTC),
            category=row[3],
            life_domain=row[4],
            severity=row[5],
            source=row[6],
            reported_by=row[7] or "",
            organisation=row[8] or "",
            recorded_by=row[9] or "",
        )
        for row in rows
    ]
