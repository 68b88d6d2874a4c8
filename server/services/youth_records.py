"""The records about one youth that the server holds: the youth, what belongs to it
(relations, involvements, screenings, trajectories and their parts, consents, handovers,
tasks, notices), what names it (signals, groups), what names it without belonging to it (a
meeting's agenda item) and the parts of those (a signal's shares).

The access report uses them to say which of the youth's records an access concerned (and
no other youth's); the data overview shows them. Derived from the kinds' declarations.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from server.db_models import RecordYouth, StoredRecord
from veldwerk_core import kinds
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.models.links import LinkRole, Visibility

R = StoredRecord


@cache
def _naming() -> tuple[tuple[str, str], ...]:
    """(kind, field) of kinds that name one youth without belonging to one (an agenda item:
    its youth is not in the ``youth_id`` column, which follows what a record belongs to)."""
    found = []
    for kind in RECORD_TYPES:
        own = kinds.belongs(kind)
        if own is not None and own.target == kinds.YOUTH:
            continue
        for link in kinds.youth_links(kind, frozenset({LinkRole.REFERS})):
            if not link.many and "." not in link.field:
                found.append((kind, link.field))
    return tuple(found)


def about(session: Session, municipality_id: str, youth_id: str) -> list[StoredRecord]:
    """Every record about the youth, deleted ones (tombstones) included."""
    named = select(RecordYouth.record_id).where(
        RecordYouth.municipality_id == municipality_id, RecordYouth.youth_id == youth_id
    )
    ways: list[ColumnElement[bool]] = [R.id == youth_id, R.youth_id == youth_id, R.id.in_(named)]
    ways += [
        (R.kind == kind) & (R.data[field].as_string() == youth_id) for kind, field in _naming()
    ]
    rows = list(
        session.execute(select(R).where(R.municipality_id == municipality_id, or_(*ways))).scalars()
    )
    ids = {row.id for row in rows}
    if ids:
        parts = kinds.of_visibility(Visibility.WITH_PARENT)
        rows += [
            row
            for row in session.execute(
                select(R).where(
                    R.municipality_id == municipality_id,
                    R.kind.in_(parts),
                    R.parent_id.in_(sorted(ids)),
                )
            ).scalars()
            if row.id not in ids
        ]
    return rows
