"""Storing records on the server: the sequence, derived scope columns, youth links, tombstones."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from server.db_models import ConflictRow, Municipality, RecordYouth, ScopeMove, StoredRecord
from veldwerk_core import kinds
from veldwerk_core.kinds import linked_youths, school_key
from veldwerk_core.models.links import Visibility


class Sequence:
    """The municipality's sequence, taken under its row lock for the rest of the transaction.

    For work that needs its numbers as it goes; a push numbers its rows at the end instead
    (:class:`Numbering`), under the same lock, so that it holds the lock only briefly.

    Because the lock is held until commit, transactions get their numbers in commit order: a
    reader that sees number ``n`` has seen everything below it, so a cursor never skips a row.
    """

    def __init__(self, session: Session, municipality_id: str) -> None:
        self._session = session
        # populate_existing: the row is often in the session already (authentication loads it);
        # its numbers must be those read under the lock, not those read before it.
        # key_share (FOR NO KEY UPDATE): the records this transaction inserted already hold a
        # key-share lock on the row through their foreign key; FOR UPDATE would conflict with
        # the key-share locks of every other push in flight and deadlock with them.
        self.municipality = session.execute(
            select(Municipality)
            .where(Municipality.id == municipality_id)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        ).scalar_one()
        self.value = self.municipality.last_seq

    def next(self) -> int:
        self.value += 1
        self.municipality.last_seq = self.value
        return self.value


Numbered = StoredRecord | ConflictRow


class Numbering:
    """Sequence numbers for a push, handed out at its end (:meth:`assign`), not as it goes.

    The municipality's row lock serialises every writer of the municipality until commit, so it
    is taken last: while a push validates, checks scopes and writes, other pushes of the
    municipality proceed (rows they share are locked one by one, ``for_update``). Rows written
    before :meth:`assign` have no number yet (NULL, invisible to readers anyway: uncommitted).
    """

    def __init__(self, session: Session, municipality_id: str, now: datetime) -> None:
        self._session = session
        self._municipality_id = municipality_id
        self._now = now
        self._rows: dict[int, Numbered] = {}
        self._moved: tuple[set[str], set[str]] = (set(), set())
        """The youths and records whose visibility this push's writes may have changed."""
        self.value: int | None = None

    def claim(self, row: Numbered) -> None:
        """``row`` changed: it gets a number after every row claimed before it."""
        self._rows.pop(id(row), None)
        self._rows[id(row)] = row

    def scope_moved(self, youths: Iterable[str] = (), records: Iterable[str] = ()) -> None:
        """A write changed which records some users see: those about ``youths`` and
        ``records`` (see scope.py ``moved_by``); logged with the new scope version."""
        self._moved[0].update(youths)
        self._moved[1].update(records)

    @property
    def _scope_moved(self) -> bool:
        return bool(self._moved[0] or self._moved[1])

    def assign(self) -> int:
        """Take the sequence lock (held until commit) and number the claimed rows in order."""
        if not self._rows and not self._scope_moved:
            current = self._session.get(Municipality, self._municipality_id)
            assert current is not None
            self.value = current.last_seq
            return current.last_seq
        self._session.flush()  # all other writes happen before the lock
        if self._session.get_bind().dialect.name == "postgresql":
            last, version = self._assign_in_one_statement()
        else:  # SQLite: one writer at a time anyway (BEGIN IMMEDIATE)
            last, version = self._assign_row_by_row()
        if self._scope_moved:
            log_move(self._session, self._municipality_id, version, *self._moved, self._now)
        self.value = last
        return last

    def _numbers(self, last: int) -> Iterator[tuple[Numbered, int]]:
        return zip(self._rows.values(), range(last - len(self._rows) + 1, last + 1), strict=True)

    def _assign_in_one_statement(self) -> tuple[int, int]:
        """Lock, count and number in one round trip: the lock is held for that and the commit."""
        records: tuple[list[str], list[int]] = ([], [])
        conflicts: tuple[list[str], list[int]] = ([], [])
        for ordinal, row in enumerate(self._rows.values(), start=1):
            target = records if isinstance(row, StoredRecord) else conflicts
            target[0].append(row.id)
            target[1].append(ordinal)
        numbered = self._session.execute(
            NUMBER_ROWS,
            {
                "municipality": self._municipality_id,
                "count": len(self._rows),
                "moved": int(self._scope_moved),
                "record_ids": records[0],
                "record_ordinals": records[1],
                "conflict_ids": conflicts[0],
                "conflict_ordinals": conflicts[1],
            },
        ).one()
        last, version = int(numbered[0]), int(numbered[1])
        for row, number in self._numbers(last):
            set_committed_value(row, "seq", number)  # already written by the statement
        return last, version

    def _assign_row_by_row(self) -> tuple[int, int]:
        last, version = self._session.execute(
            update(Municipality)
            .where(Municipality.id == self._municipality_id)
            .values(
                last_seq=Municipality.last_seq + len(self._rows),
                scope_version=Municipality.scope_version + int(self._scope_moved),
            )
            .returning(Municipality.last_seq, Municipality.scope_version)
        ).one()
        for row, number in self._numbers(last):
            row.seq = number
        self._session.flush()
        return last, version


NUMBER_ROWS = text(
    """
    WITH numbers AS (
        UPDATE municipality
           SET last_seq = last_seq + :count, scope_version = scope_version + :moved
         WHERE id = :municipality
     RETURNING last_seq - :count AS base, last_seq, scope_version
    ), records AS (
        UPDATE record SET seq = numbers.base + wanted.ordinal
          FROM numbers,
               unnest(CAST(:record_ids AS varchar[]), CAST(:record_ordinals AS bigint[]))
                   AS wanted(id, ordinal)
         WHERE record.id = wanted.id
     RETURNING 1
    ), conflicts AS (
        UPDATE conflict SET seq = numbers.base + wanted.ordinal
          FROM numbers,
               unnest(CAST(:conflict_ids AS varchar[]), CAST(:conflict_ordinals AS bigint[]))
                   AS wanted(id, ordinal)
         WHERE conflict.id = wanted.id
     RETURNING 1
    )
    SELECT last_seq, scope_version FROM numbers
    """
)
"""PostgreSQL: the municipality's row lock (an UPDATE of non-key columns takes FOR NO KEY
UPDATE, which the key-share locks of this push's inserted rows do not block) and the numbers
of every claimed record and conflict, in claim order, in one statement."""


def scope_moved(
    session: Session, municipality_id: str, records: Iterable[str], now: datetime
) -> None:
    """Outside a push (a share): raise the scope version so devices compare ``records``."""
    version = session.execute(
        update(Municipality)
        .where(Municipality.id == municipality_id)
        .values(scope_version=Municipality.scope_version + 1)
        .returning(Municipality.scope_version)
    ).scalar_one()
    log_move(session, municipality_id, version, set(), set(records), now)


def log_move(
    session: Session,
    municipality_id: str,
    version: int,
    youths: set[str],
    records: set[str],
    now: datetime,
) -> None:
    session.add(
        ScopeMove(
            municipality_id=municipality_id,
            version=version,
            youth_ids=sorted(youths),
            record_ids=sorted(records),
            created_at=now,
        )
    )


def derive(session: Session, row: StoredRecord) -> None:
    """Fill the columns the scope rules search on from the record's data (see the kinds'
    declarations in veldwerk_core: the youth it belongs to, its parent, a grant, a school)."""
    data = row.data or {}
    cls = kinds.model(row.kind)
    row.professional_id = row.grantee_org_id = row.valid_from = row.valid_until = None
    row.school_key = None
    row.youth_id = kinds.own_youth(row.kind, {**data, "id": row.id})
    row.parent_id = kinds.parent_id(row.kind, data)
    row.match_bsn, row.match_name = cls.match_keys(data)
    grant = cls.grant
    if grant is not None:
        row.professional_id = data.get(grant.user) or None if grant.user else None
        row.grantee_org_id = data.get(grant.organisation) or None if grant.organisation else None
        period = cls.grant_period(data)  # None: it gives nothing now (withdrawn, declined...)
        if period is not None:
            row.valid_from, row.valid_until = period
    if cls.school_field is not None:
        row.school_key = school_key(str(data.get(cls.school_field) or ""))
    if cls.visibility is Visibility.WITH_PARENT and row.parent_id is not None:
        session.flush()  # the parent may be new in this push; sessions do not autoflush
        row.youth_id = session.execute(
            select(StoredRecord.youth_id).where(StoredRecord.id == row.parent_id)
        ).scalar()


def relink(session: Session, row: StoredRecord) -> None:
    """Keep the ``record_youth`` links of a record seen through the youths it names."""
    if row.kind not in kinds.linked_kinds():
        return
    session.flush()  # the row itself, and links of an earlier change to it in this push
    session.execute(delete(RecordYouth).where(RecordYouth.record_id == row.id))
    if row.deleted or row.data is None:
        return
    for youth in linked_youths(row.kind, row.data):
        session.add(
            RecordYouth(record_id=row.id, youth_id=youth, municipality_id=row.municipality_id)
        )


def tombstone(row: StoredRecord, now: datetime, removed_as: str | None = None) -> None:
    """Delete a record: keep id, kind and version for the devices, destroy the content (and
    the match keys, hashes of a BSN or a name that are personal data too). ``removed_as``:
    why, when not a user's delete (``expired``, ``erased``)."""
    row.deleted = True
    row.removed_as = removed_as
    row.data = None
    row.match_bsn = row.match_name = None
    row.field_versions = {}
    row.version += 1
    row.updated_at = now


class Concerning(Protocol):
    kind: str
    youth_id: str | None
    data: dict[str, Any] | None
    deleted: bool


def row_youths(rows: Iterable[Concerning]) -> set[str]:
    """For the audit log: the youths these stored rows concern (as :func:`youths_of`, without
    asking the database: the derived ``youth_id`` and the links follow from the row)."""
    youths: set[str] = set()
    for row in rows:
        if row.youth_id:
            youths.add(row.youth_id)
        if row.data is not None and not row.deleted:
            youths.update(linked_youths(row.kind, row.data))
    return youths


def youths_of(session: Session, ids: Iterable[str]) -> dict[str, set[str]]:
    """For the audit log: which youths each record concerns."""
    wanted = list(ids)
    result: dict[str, set[str]] = {record_id: set() for record_id in wanted}
    if not wanted:
        return result
    for record_id, youth in session.execute(
        select(StoredRecord.id, StoredRecord.youth_id).where(StoredRecord.id.in_(wanted))
    ):
        if youth:
            result[record_id].add(youth)
    for record_id, youth in session.execute(
        select(RecordYouth.record_id, RecordYouth.youth_id).where(RecordYouth.record_id.in_(wanted))
    ):
        result[record_id].add(youth)
    return result
