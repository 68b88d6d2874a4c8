"""Retention in the vault: destroying what the server destroyed, and what expired offline.

Two ways a record's content leaves the vault because of the retention rules:

- the server destroyed it (a pulled removal that says ``expired`` or ``erased``):
  :func:`destroy`, from ``pull_apply``;
- its destruction date (veldwerk_core.retention, with the municipality's terms) came while
  this laptop was out of touch: :func:`due` finds it, :func:`destroy_due` destroys it, in
  batches of one transaction each. No outbox entry is made (the server runs the same rule
  itself) and whatever waited to be sent about the record is dropped.

Destroying goes further than a purge: the record's waiting changes, refused changes and
conflict copies go too, and the full-text indexes are compacted so no index segment keeps
the words of a destroyed record (:func:`compact`).

The device only judges dates that came *after its last successful sync*: an earlier date was
the server's to judge, and the server knows more (a youth the device sees alone may have
records elsewhere that keep it; docs/privacy/bewaartermijnen.md). A vault that never synced
judges every date itself.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from desktop.store import kind_sql, meta, purge, text_index
from desktop.store.vault import Vault
from veldwerk_core import kinds
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.models.links import LinkRole
from veldwerk_core.retention import (
    RetentionTerms,
    add_months,
    birthday,
    day_of,
    declared,
    destruction_date,
    keeps_youth_alive,
    youths_of,
)

_IDS = "SELECT value FROM json_each(?)"
COMPACT_DUE = "compact_text_index"
BATCH = 5000
"""Records destroyed per transaction: other work on the vault waits at most one batch."""
YOUTH = kinds.YOUTH


def destroy(vault: Vault, kind: str, ids: Iterable[uuid.UUID | str]) -> set[uuid.UUID]:
    """Destroy records of ``kind`` here: the record, its search entry, drafts naming it,
    conflict copies, waiting changes of it and the content of refused ones (the refusal
    itself stays listed, without content). No outbox entry is made.
    Returns the youths whose flags need a fresh evaluation. The caller compacts the search
    indexes once it is done (:func:`compact`)."""
    wanted = json.dumps([str(record_id) for record_id in ids])
    if wanted == "[]":
        return set()
    with vault.transaction():
        vault.execute(
            f"DELETE FROM outbox WHERE record_kind = ? AND record_id IN ({_IDS})", (kind, wanted)
        )
        since = flag_horizon(vault)
        return purge.purge(vault, kind, json.loads(wanted), forget=True, flags_since=since)


def flag_horizon(vault: Vault) -> date | None:
    """The first day a signal can still count in a flag rule (the municipality's rules as
    last received; None on a vault that never synced: every signal counts)."""
    longest = vault.scalar(
        "SELECT max(value ->> '$.window_days') FROM sync_state, "
        "json_each(sync_state.config, '$.rules.rules') WHERE sync_state.id = 1"
    )
    if longest is None:
        return None
    return datetime.now(UTC).date() - timedelta(days=int(longest) + 1)


def compact(vault: Vault, touched: Iterable[str]) -> None:
    """Merge the full-text index segments of these kinds, which drops what deleted records
    left in them: afterwards no page of the index holds a destroyed record's words."""
    for kind in sorted(set(touched)):
        index = text_index.INDEXES.get(kind)
        if index is not None:
            with vault.transaction():
                vault.execute(f"INSERT INTO {index.fts} ({index.fts}) VALUES ('optimize')")


def compact_later(vault: Vault, touched: Iterable[str]) -> None:
    """Note (in the caller's transaction) that these kinds' indexes need :func:`compact`: a
    pull stores a page of removals at a time, and merging a whole index costs about as much
    as storing a page, so it is done once after the sync (:func:`compact_due`); a crash in
    between leaves the note, and the next sync or retention run does it."""
    wanted = {kind for kind in touched if kind in text_index.INDEXES}
    if wanted:
        meta.put(vault, COMPACT_DUE, sorted(wanted | set(meta.get(vault, COMPACT_DUE) or ())))


def compact_due(vault: Vault) -> None:
    """Compact the indexes :func:`compact_later` noted."""
    due = meta.get(vault, COMPACT_DUE)
    if due:
        with vault.transaction():
            compact(vault, due)
            vault.execute("DELETE FROM meta WHERE key = ?", (COMPACT_DUE,))


# -- what is due -----------------------------------------------------------------------------


@dataclass
class Due:
    """Records whose destruction date came, per kind (parts and what hangs on a youth
    included), and the day each record with a term of its own is due."""

    records: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.records.values())

    def counts(self) -> dict[str, int]:
        return {kind: len(ids) for kind, ids in sorted(self.records.items()) if ids}

    def add(self, kind: str, ids: Iterable[str]) -> None:
        known = set(self.records.get(kind, ()))
        self.records[kind].extend(record_id for record_id in ids if record_id not in known)


def _json_fields(names: Iterable[str]) -> str:
    pairs = ", ".join(f"'{name}', t.data -> '$.{name}'" for name in dict.fromkeys(names))
    return f"json_object({pairs})"


def _needed(kind: str) -> list[str]:
    """The fields the rule reads of a record of ``kind``: its start (and what its start
    depends on) and the links to the youths it is about."""
    retention = declared(kind)
    assert retention is not None
    about = [
        link.field
        for link in kinds.links(kind)
        if link.target == YOUTH and link.role is not LinkRole.REFERS
    ]
    return [*retention.reads, *about]


def births(vault: Vault) -> dict[str, date]:
    return {
        row[0]: born
        for row in vault.execute(
            "SELECT id, date_of_birth FROM youth WHERE date_of_birth IS NOT NULL"
        )
        if (born := day_of(row[1])) is not None
    }


def record_dates(
    vault: Vault,
    kind: str,
    terms: RetentionTerms,
    born: dict[str, date],
    where: str = "",
    parameters: Sequence[Any] = (),
) -> Iterator[tuple[str, date | None, list[str]]]:
    """(id, destruction date, youths it is about) of the records of a kind with a term of
    its own (``where``: an extra condition on the table aliased ``t``)."""
    sql = f"SELECT t.id, {_json_fields(_needed(kind))} FROM {kind} t"
    if where:
        sql += f" WHERE {where}"
    for record_id, raw in vault.execute(sql, tuple(parameters)):
        data: dict[str, Any] = {k: v for k, v in json.loads(raw).items() if v is not None}
        about = youths_of(kind, data)
        yield record_id, destruction_date(kind, data, terms, born, about), about


def youth_own_date(data: dict[str, Any], terms: RetentionTerms) -> date | None:
    """A youth's own term after it last changed (what it waits for once nothing keeps it)."""
    changed = day_of(data.get("updated_at") or data.get("created_at"))
    return None if changed is None else add_months(changed, terms.youths.months)


def cut_off(today: date, months: int) -> str:
    """Text that every stored start (a date, or a moment in ISO form) of a record whose
    ``months`` term has ended by ``today`` sorts before or equals. Month ends shift a term by
    up to three days, and a moment sorts after its day: hence the margin."""
    return (add_months(today, -months) + timedelta(days=4)).isoformat()


def _candidates(
    kind: str, terms: RetentionTerms, today: date, born: dict[str, date]
) -> tuple[str, list[str]]:
    """A condition on ``t`` (with its parameters) that every record of ``kind`` due by
    ``today`` meets - more may: the kernel's rule decides. It keeps the daily run cheap on a
    vault of a hundred thousand records, of which a few are due."""
    retention = declared(kind)
    assert retention is not None
    rule = terms.rule(retention.term)
    cut = cut_off(today, rule.months)
    dates = [retention.start, *(f for f in retention.also_reads if f.endswith(("_at", "_on")))]
    conditions = [f"t.data ->> '$.{name}' <= ?" for name in dates]
    parameters = [cut] * len(dates)
    if retention.until_age and rule.until_age is not None:
        old = [youth for youth, day in born.items() if birthday(day, rule.until_age) <= today]
        if old:
            about, more = _about(kind, json.dumps(old))
            conditions.append(about)
            parameters += more
    return " OR ".join(conditions), parameters


def due(
    vault: Vault, terms: RetentionTerms, today: date, since: date | None = None
) -> tuple[Due, list[str]]:
    """What the rule destroys on ``today`` here; ``since``: the day of the last successful
    sync (dates up to then were the server's to judge). Returns what is due and the youths
    among it (destroyed last, after what hangs on them)."""
    found = Due()
    born = births(vault)
    ends: dict[str, date] = {}
    """Per youth: the latest day a record that kept it expired today."""

    def judged(day: date | None) -> bool:
        return day is not None and day <= today and (since is None or day > since)

    for kind in RECORD_TYPES:
        if kind == YOUTH or declared(kind) is None:
            continue
        expired: list[str] = []
        keeps = keeps_youth_alive(kind)
        where, parameters = _candidates(kind, terms, today, born)
        for record_id, day, about in record_dates(vault, kind, terms, born, where, parameters):
            if judged(day):
                expired.append(record_id)
                if keeps:
                    assert day is not None
                    for youth in about:
                        ends[youth] = max(ends.get(youth, day), day)
        found.add(kind, expired)
        _add_parts(vault, found, kind, expired)
    candidates: list[str] = []
    for youth_id, raw in vault.execute(
        "SELECT id, json_object('updated_at', data -> '$.updated_at', "
        "'created_at', data -> '$.created_at') FROM youth"
    ):
        own = youth_own_date(json.loads(raw), terms)
        if own is not None and judged(max(own, ends.get(youth_id, own))):
            candidates.append(youth_id)
    leaving = sorted(set(candidates) - _kept(vault, found, candidates))
    _add_hanging(vault, found, leaving)
    return found, leaving


def _kept(vault: Vault, found: Due, youths: Sequence[str]) -> set[str]:
    """Those of these youths a record that stays keeps (a live signal, screening or
    running trajectory about them), found in SQL."""
    kept: set[str] = set()
    if not youths:
        return kept
    wanted = json.dumps(list(youths))
    for kind in RECORD_TYPES:
        if not keeps_youth_alive(kind):
            continue
        going = json.dumps(found.records.get(kind, []))
        for link in kinds.links(kind):
            if link.target != YOUTH or link.role is LinkRole.REFERS:
                continue
            each, value = kind_sql.link_values(link)
            kept |= {
                row[0]
                for row in vault.execute(
                    f"SELECT DISTINCT {value} FROM {kind} t{each} "
                    f"WHERE {value} IN ({_IDS}) AND t.id NOT IN ({_IDS})",
                    (wanted, going),
                )
            }
    return kept


def _add_parts(vault: Vault, found: Due, kind: str, parents: Sequence[str]) -> None:
    """The parts of these records (a trajectory's goals, a signal's shares), and theirs."""
    if not parents:
        return
    wanted = json.dumps(list(parents))
    for part in kinds.parts_of(kind):
        link = kinds.belongs(part)
        assert link is not None
        ids = [
            row[0]
            for row in vault.execute(
                f"SELECT id FROM {part} WHERE data ->> '$.{link.field}' IN ({_IDS})", (wanted,)
            )
        ]
        found.add(part, ids)
        _add_parts(vault, found, part, ids)


def _add_hanging(vault: Vault, found: Due, youths: Sequence[str]) -> None:
    """What hangs on these youths or names one of them as its subject (involvements,
    relations either way, consents, notices, tasks, meeting items about them), with their
    parts; then the youths themselves."""
    if not youths:
        return
    wanted = json.dumps(list(youths))
    for kind in RECORD_TYPES:
        if kind == YOUTH:
            continue
        for link in kinds.links(kind):
            if link.target != YOUTH or link.many:
                continue
            ids = [
                row[0]
                for row in vault.execute(
                    f"SELECT id FROM {kind} WHERE data ->> '$.{link.field}' IN ({_IDS})",
                    (wanted,),
                )
            ]
            found.add(kind, ids)
            _add_parts(vault, found, kind, ids)
    found.add(YOUTH, youths)


def destroy_due(vault: Vault, found: Due, *, batch: int = BATCH) -> set[uuid.UUID]:
    """Destroy what :func:`due` found, youths last, one transaction per batch; then compact
    the search indexes. Returns the youths whose flags need a fresh evaluation."""
    affected: set[uuid.UUID] = set()
    order = sorted(found.records, key=lambda kind: kind == YOUTH)
    for kind in order:
        ids = found.records[kind]
        for start in range(0, len(ids), batch):
            affected |= destroy(vault, kind, ids[start : start + batch])
    if found.total:
        compact(vault, [*found.records, *(meta.get(vault, COMPACT_DUE) or ())])
        vault.execute("DELETE FROM meta WHERE key = ?", (COMPACT_DUE,))
    gone = set(found.records.get(YOUTH, ()))
    return {youth for youth in affected if str(youth) not in gone}


def recent_youths(vault: Vault, signals: Sequence[str], since: date) -> set[uuid.UUID]:
    """The youths of these signals that happened on or after ``since``."""
    if not signals:
        return set()
    rows = vault.execute(
        f"SELECT DISTINCT youth_id FROM signal_youth JOIN signal ON signal.id = signal_id "
        f"WHERE signal_id IN ({_IDS}) AND signal.occurred_at >= ?",
        (json.dumps(list(signals)), since.isoformat()),
    )
    return {uuid.UUID(row[0]) for row in rows}


def record_date(
    vault: Vault, kind: str, record_id: uuid.UUID, terms: RetentionTerms
) -> date | None:
    """The day one record is destroyed (None: kept for now; a running trajectory), by the
    rule the device applies. A part goes with what it belongs to; a youth once nothing that
    keeps it is left, its own term after it last changed."""
    if kind not in RECORD_TYPES:
        return None
    if kind == YOUTH:
        return _youth_date(vault, str(record_id), terms)
    if declared(kind) is None:
        return None
    born = births(vault)
    for _id, day, _about in record_dates(vault, kind, terms, born, "t.id = ?", (str(record_id),)):
        return day
    return None


def _youth_date(vault: Vault, youth_id: str, terms: RetentionTerms) -> date | None:
    """The earliest day the youth can go: its own term, and not before the last record that
    keeps it (None while a running trajectory keeps it)."""
    raw = vault.scalar(
        "SELECT json_object('updated_at', data -> '$.updated_at', "
        "'created_at', data -> '$.created_at') FROM youth WHERE id = ?",
        (youth_id,),
    )
    if raw is None:
        return None
    day = youth_own_date(json.loads(raw), terms)
    if day is None:
        return None
    born = births(vault)
    for kind in RECORD_TYPES:
        if not keeps_youth_alive(kind):
            continue
        where, parameters = _about(kind, json.dumps([youth_id]))
        for _id, until, _youths in record_dates(vault, kind, terms, born, where, parameters):
            if until is None:
                return None
            day = max(day, until)
    return day


def _about(kind: str, youths_json: str) -> tuple[str, list[str]]:
    """A condition on ``t`` (with its parameters): the record is about one of these youths
    (a JSON array)."""
    conditions: list[str] = []
    parameters: list[str] = []
    for link in kinds.links(kind):
        if link.target != YOUTH or link.role is LinkRole.REFERS:
            continue
        if link.many:
            item = f"j.value ->> '$.{link.item}'" if link.item else "j.value"
            conditions.append(
                f"EXISTS (SELECT 1 FROM json_each(t.data, '$.{link.field}') AS j "
                f"WHERE {item} IN ({_IDS}))"
            )
        else:
            conditions.append(f"t.data ->> '$.{link.field}' IN ({_IDS})")
        parameters.append(youths_json)
    return " OR ".join(conditions) or "false", parameters
