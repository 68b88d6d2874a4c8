"""Pull: one page of what changed for a device since its cursor, within its scope.

Besides the changes after the cursor, a page compares the device's current scope with what it
holds (``device_record``) when something that moves scopes happened since the last comparison:
records that left the scope are sent as removals, records that entered it (because an
involvement or a share changed, not the record itself) are sent even though their sequence
number is below the cursor.

Which records to compare: after the logged scope moves (``scope_move``: a youth's school, an
involvement, a group's members, a share...) only the records those moves concern; when who the
user is changed (a new day - involvements start and end -, role, organisation, school) or no
comparison is on record, the whole scope.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Executable,
    Integer,
    Row,
    Select,
    String,
    Table,
    and_,
    bindparam,
    delete,
    func,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.db_models import (
    ConflictRow,
    Device,
    DeviceRecord,
    Municipality,
    Organisation,
    RecordYouth,
    ScopeMove,
    StoredRecord,
    User,
)
from server.services import audit, conflicts, ownership
from server.services.caller import Caller
from server.services.records import row_youths
from server.services.scope import (
    Scope,
    Shape,
    scope_mark,
    scope_of,
    visible_ids,
    visible_statement,
    youths_in_scope,
)
from veldwerk_core import kinds
from veldwerk_core.protocol import (
    Conflict,
    PulledRecord,
    PullRequest,
    PullResponse,
    Removal,
)
from veldwerk_core.reasons import RemovalReason

R = StoredRecord
H = DeviceRecord
HELD = cast(Table, DeviceRecord.__table__)  # plain Core statements: no ORM bulk handling
PAGE_COLUMNS = (R.id, R.kind, R.version, R.data, R.youth_id, R.deleted)
"""What a page needs of a record: plain rows, no ORM objects (a page holds up to 1,000)."""


class Page:
    def __init__(self, limit: int) -> None:
        self.budget = limit
        self.records: list[Row[Any]] = []
        self.removals: list[Removal] = []
        self.conflicts: list[ConflictRow] = []

    def full(self) -> bool:
        return self.budget <= 0


def removal_reason(removed_as: str | None) -> RemovalReason:
    """Why a tombstone's record went: a user's delete, or the retention rules."""
    return RemovalReason(removed_as) if removed_as else RemovalReason.DELETED


def _remove(page: Page, kind: str, record_id: str, reason: RemovalReason) -> None:
    page.removals.append(Removal.model_validate({"kind": kind, "id": record_id, "reason": reason}))
    page.budget -= 1


def pull(session: Session, caller: Caller, request: PullRequest, now: datetime) -> PullResponse:
    municipality = session.get(Municipality, caller.municipality_id)
    assert municipality is not None
    head = municipality.last_seq
    cursor = request.cursor
    if cursor > head or (cursor > 0 and cursor < municipality.purged_seq):
        audit.append(session, audit.Event("pull", "resync_required", caller=caller), now)
        return PullResponse(cursor=0, resync_required=True)
    device = caller.device_id
    holder = session.get(Device, device)
    assert holder is not None
    mark, version = scope_mark(caller), municipality.scope_version
    if cursor == 0:
        session.execute(delete(H).where(H.device_id == device))
    scope = scope_of(caller)
    page = Page(request.limit)
    if cursor > 0:
        if holder.scope_mark != mark or holder.scope_seen is None:
            _compare(session, scope, device, page, cursor)
        elif holder.scope_seen < version:
            moved = _moves(session, caller.municipality_id, holder.scope_seen, version)
            concerned = (
                None if moved is None else _concerned(session, caller.municipality_id, *moved)
            )
            if concerned is None:
                _compare(session, scope, device, page, cursor)
            else:
                _compare_moved(session, caller, concerned, page, cursor)

    next_cursor = cursor
    has_more = page.full()
    if not page.full():
        next_cursor, has_more = _changes(session, caller, page, cursor, head)
        # Any comparison this pull needed is complete (moves after ``version`` come next time).
        holder.scope_mark, holder.scope_seen = mark, version

    _remember(session, device, page.records)
    youths = row_youths(page.records)
    audit.append(
        session,
        audit.Event(
            "pull",
            caller=caller,
            records=[(row.kind, row.id) for row in page.records],
            youth_ids=youths,
            detail={"removals": len(page.removals), "cursor": next_cursor},
        ),
        now,
    )
    return PullResponse(
        records=_as_read(session, caller, page.records),
        removals=page.removals,
        conflicts=_conflicts_for(session, caller, page.conflicts),
        cursor=next_cursor,
        has_more=has_more,
    )


def _as_read(session: Session, caller: Caller, rows: list[Row[Any]]) -> list[PulledRecord]:
    """The page's records as the caller may read them: entries of private links that name
    youths outside their scope are left out and counted (a group's other members)."""
    named: set[str] = set()
    for row in rows:
        named |= ownership.private_ids(row.kind, row.data)
    visible = youths_in_scope(session, caller, named) if named else set()
    records = []
    for row in rows:
        data, hidden = row.data, dict[str, int]()
        if ownership.private_links(row.kind):
            data, hidden = ownership.redacted(row.kind, row.data, visible)
        # Stored data was validated when it was written: construct, do not validate again.
        records.append(
            PulledRecord.model_construct(
                kind=row.kind, id=uuid.UUID(row.id), version=row.version, data=data, hidden=hidden
            )
        )
    return records


def _conflicts_for(session: Session, caller: Caller, rows: list[ConflictRow]) -> list[Conflict]:
    """The caller's conflicts and proposals, and proposals to their organisation about
    records they may see, with who proposed them."""
    addressed = {row.record_id for row in rows if row.user_id != caller.user_id}
    seen = visible_ids(session, caller, addressed) if addressed else set()
    wanted = [row for row in rows if row.user_id == caller.user_id or row.record_id in seen]
    proposers = {row.user_id for row in wanted if row.organisation_id is not None}
    names: dict[str, str] = {}
    if proposers:
        for user_id, name, organisation in session.execute(
            select(User.id, User.name, Organisation.name)
            .join(Organisation, Organisation.id == User.organisation_id)
            .where(User.id.in_(sorted(proposers)))
        ):
            names[user_id] = f"{name} ({organisation})"
    return [conflicts.to_wire(row, caller.user_id, names.get(row.user_id, "")) for row in wanted]


DEVICE = bindparam("device", type_=String)
BUDGET = bindparam("budget", type_=Integer)
CURSOR = bindparam("cursor", type_=BigInteger)


@cache
def _leaving(shape: Shape) -> Select[str, str]:
    # NOT IN over the scope (ids are never NULL) is planned as one hashed subplan: the scope is
    # computed once, not once per held row as a correlated NOT EXISTS may be.
    scope = visible_statement(shape).subquery()
    return (
        select(H.record_id, H.kind)
        .where(H.device_id == DEVICE, H.record_id.not_in(select(scope.c.id)))
        .limit(BUDGET)
    )


@cache
def _entering(shape: Shape) -> Select[Any]:
    scope = visible_statement(shape).subquery()
    held = select(H.record_id).where(H.device_id == DEVICE)
    return (
        select(*PAGE_COLUMNS)
        .join(scope, scope.c.id == R.id)
        .where(R.seq <= CURSOR, R.id.not_in(held))
        .order_by(R.seq)
        .limit(BUDGET)
    )


def _compare(session: Session, scope: Scope, device: str, page: Page, cursor: int) -> None:
    """Removals for held records that left the scope; records that entered it unchanged.

    Only needed after something changed scopes (the device's scope mark is outdated): every
    other difference between scope and holdings arrives as a change after the cursor.
    """
    params = {**scope.params, "device": device, "cursor": cursor}
    leaving = session.execute(_leaving(scope.shape), {**params, "budget": page.budget}).all()
    _leave(session, device, page, [(record_id, kind) for record_id, kind in leaving])
    if page.full():
        return
    _enter(page, session.execute(_entering(scope.shape), {**params, "budget": page.budget}))


def _leave(session: Session, device: str, page: Page, leaving: list[tuple[str, str]]) -> None:
    """Removals for held records (id, kind) that left the scope, and the device no longer
    holds them; the reason says whether they still exist."""
    if not leaving:
        return
    ids = [record_id for record_id, _ in leaving]
    state = {
        row.id: row
        for row in session.execute(select(R.id, R.deleted, R.removed_as).where(R.id.in_(ids)))
    }
    for record_id, kind in leaving:
        row = state.get(record_id)
        reason = (
            removal_reason(row.removed_as)
            if row is not None and row.deleted
            else RemovalReason.OUT_OF_SCOPE
        )
        _remove(page, kind, record_id, reason)
    session.execute(delete(H).where(H.device_id == device, H.record_id.in_(ids)))


def _enter(page: Page, rows: Iterable[Row[Any]]) -> None:
    """Records that entered the scope unchanged (``rows`` limited to the page's budget)."""
    for row in rows:
        page.records.append(row)
        page.budget -= 1


MOVES_UP_TO = 500
"""More youths and records moved than this since a device last compared: compare its whole
scope (one statement) rather than asking about each of the moved records."""
CONCERNED_UP_TO = 5000
"""The same for the records the moves concern (and it keeps the statements' lists of ids well
below the databases' limits on parameters)."""


def _moves(
    session: Session, municipality_id: str, seen: int, version: int
) -> tuple[set[str], set[str]] | None:
    """The youths and records the scope moves after ``seen`` concern; None when the log is
    incomplete (pruned) or the moves are many."""
    youths: set[str] = set()
    records: set[str] = set()
    count = 0
    for move in session.execute(
        select(ScopeMove.youth_ids, ScopeMove.record_ids).where(
            ScopeMove.municipality_id == municipality_id,
            ScopeMove.version > seen,
            ScopeMove.version <= version,
        )
    ):
        count += 1
        youths.update(move.youth_ids)
        records.update(move.record_ids)
        if len(youths) + len(records) > MOVES_UP_TO:
            return None
    return (youths, records) if count == version - seen else None


def _concerned(
    session: Session, municipality_id: str, youths: set[str], records: set[str]
) -> set[str] | None:
    """Every record whose visibility the moves may have changed: the records about the youths
    (with their links: signals and groups), the moved records, and the parts and signals of
    all those (a trajectory's goals, a group's signals). None when they are too many."""
    base: set[str] = set(records)
    if youths:
        base.update(
            session.execute(
                select(R.id).where(
                    R.municipality_id == municipality_id,
                    R.kind.in_(kinds.with_youth_column()),
                    R.youth_id.in_(sorted(youths)),
                )
            ).scalars()
        )
        base.update(
            session.execute(
                select(RecordYouth.record_id).where(
                    RecordYouth.municipality_id == municipality_id,
                    RecordYouth.youth_id.in_(sorted(youths)),
                )
            ).scalars()
        )
    if len(base) > CONCERNED_UP_TO:
        return None
    if base:
        base.update(
            session.execute(
                select(R.id).where(
                    R.parent_id.in_(sorted(base)), R.municipality_id == municipality_id
                )
            ).scalars()
        )
    return base if len(base) <= CONCERNED_UP_TO else None


def _compare_moved(
    session: Session, caller: Caller, concerned: set[str], page: Page, cursor: int
) -> None:
    """:func:`_compare`, for the records the scope moves concern only."""
    if not concerned:
        return
    device = caller.device_id
    visible = visible_ids(session, caller, concerned)
    held: dict[str, str] = {
        record_id: kind
        for record_id, kind in session.execute(
            select(H.record_id, H.kind).where(
                H.device_id == device, H.record_id.in_(sorted(concerned))
            )
        )
    }
    leaving = sorted(record_id for record_id in held if record_id not in visible)[: page.budget]
    _leave(session, device, page, [(record_id, held[record_id]) for record_id in leaving])
    entering = sorted(visible - held.keys())
    if page.full() or not entering:
        return
    _enter(
        page,
        session.execute(
            select(*PAGE_COLUMNS)
            .where(R.id.in_(entering), R.seq <= cursor)
            .order_by(R.seq)
            .limit(page.budget)
        ),
    )


MUNICIPALITY = bindparam("municipality", type_=String)


@cache
def _changed() -> Select[str, str, int | None, bool, str | None, bool]:
    return (
        select(R.id, R.kind, R.seq, R.deleted, R.removed_as, H.record_id.is_not(None).label("held"))
        .outerjoin(H, and_(H.device_id == DEVICE, H.record_id == R.id))
        .where(R.municipality_id == MUNICIPALITY, R.seq > CURSOR)
        .order_by(R.seq)
        .limit(BUDGET)
    )


@cache
def _my_conflicts() -> Select[ConflictRow]:
    return (
        select(ConflictRow)
        .where(
            ConflictRow.municipality_id == MUNICIPALITY,
            or_(
                ConflictRow.user_id == bindparam("user", type_=String),
                ConflictRow.organisation_id == bindparam("organisation", type_=String),
            ),
            ConflictRow.seq > CURSOR,
        )
        .order_by(ConflictRow.seq)
        .limit(BUDGET)
    )


def _changes(
    session: Session, caller: Caller, page: Page, cursor: int, head: int
) -> tuple[int, bool]:
    """Records and conflicts after the cursor, merged in sequence order."""
    params = {
        "municipality": caller.municipality_id,
        "device": caller.device_id,
        "user": caller.user_id,
        "organisation": caller.organisation_id,
        "cursor": cursor,
        "budget": page.budget + 1,
    }
    changed = list(session.execute(_changed(), params))
    mine = list(session.execute(_my_conflicts(), params).scalars())
    # Committed rows always have a number (``seq > cursor`` selected them).
    items: list[tuple[int, Any]] = sorted(
        [(int(row.seq), row) for row in changed] + [(int(row.seq or 0), row) for row in mine],
        key=lambda item: item[0],
    )
    has_more = len(items) > page.budget
    items = items[: page.budget]
    ids = [row.id for _, row in items if not isinstance(row, ConflictRow)]
    in_scope = visible_ids(session, caller, ids)
    held = {row.id for row in changed if row.held}
    wanted = [row.id for _, row in items if not isinstance(row, ConflictRow) and row.id in in_scope]
    rows = {
        row.id: row
        for row in session.execute(select(*PAGE_COLUMNS).where(R.id.in_(wanted)))
        if not row.deleted
    }
    removed: list[str] = []
    for _, item in items:
        if isinstance(item, ConflictRow):
            page.conflicts.append(item)
            page.budget -= 1
        elif item.id in rows:
            page.records.append(rows[item.id])
            page.budget -= 1
        elif item.id in held:
            reason = removal_reason(item.removed_as) if item.deleted else RemovalReason.OUT_OF_SCOPE
            _remove(page, item.kind, item.id, reason)
            removed.append(item.id)
    if removed:
        session.execute(delete(H).where(H.device_id == caller.device_id, H.record_id.in_(removed)))
    if has_more:
        return items[-1][0], True
    return max(head, items[-1][0]) if items else head, False


@cache
def _remember_many() -> Executable:
    """PostgreSQL: one static statement over arrays, whatever the page's size."""
    rows = (
        func.unnest(
            bindparam("ids", type_=ARRAY(String)),
            bindparam("kinds", type_=ARRAY(String)),
            bindparam("versions", type_=ARRAY(Integer)),
        )
        .table_valued("record_id", "kind", "version")
        .render_derived(name="held")
    )
    upsert = postgresql.insert(HELD).from_select(
        ["device_id", "record_id", "kind", "version"],
        select(DEVICE, rows.c.record_id, rows.c.kind, rows.c.version),
    )
    return upsert.on_conflict_do_update(
        index_elements=["device_id", "record_id"],
        set_={"kind": upsert.excluded.kind, "version": upsert.excluded.version},
    )


def _remember(session: Session, device: str, rows: list[Row[Any]]) -> None:
    """Note what the device now holds (a record it held gets its new version)."""
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            _remember_many(),
            {
                "device": device,
                "ids": [row.id for row in rows],
                "kinds": [row.kind for row in rows],
                "versions": [row.version for row in rows],
            },
        )
        return
    upsert = sqlite.insert(HELD)
    session.execute(
        upsert.on_conflict_do_update(
            index_elements=["device_id", "record_id"],
            set_={"kind": upsert.excluded.kind, "version": upsert.excluded.version},
        ),
        [
            {"device_id": device, "record_id": row.id, "kind": row.kind, "version": row.version}
            for row in rows
        ],
    )
