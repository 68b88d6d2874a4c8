"""A youth's data overview (AVG art. 15): every record about the youth the server holds,
for the youth and the parents, written out in plain Dutch by the app or the server's
command (veldwerk_core/access/overview.py).

For the regisseur, of a youth in their scope; the functioneel beheerder has no case
content and gets 403 (on the server machine, ``veldwerk-server report overview`` makes it).
It is complete - also signals of organisations that did not share them with the regisseur's
- because an answer to a request for access must be; asking for it is in the access log
with every record it held, so the youth sees who made it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.errors import Forbidden
from server.db_models import Municipality, StoredRecord
from server.services import audit, youth_records
from server.services.caller import Caller
from server.services.reports import reported_youth
from server.services.scope import youths_in_scope
from veldwerk_core import kinds
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.models.actor import Role
from veldwerk_core.models.config import Taxonomy
from veldwerk_core.protocol import DataOverview, OverviewRecord

_ORDER = {kind: number for number, kind in enumerate(RECORD_TYPES)}


class OverviewNotAllowed(Forbidden):
    """Only the regisseur gets a youth's data overview, of a youth in their scope."""


def overview(
    session: Session, caller: Caller, youth_id: uuid.UUID, now: datetime, taxonomy: Taxonomy
) -> DataOverview:
    youth = reported_youth(session, caller.municipality_id, youth_id)
    if (
        caller.role is not Role.COORDINATOR
        or youth is None
        or youth.deleted
        or not youths_in_scope(session, caller, [youth.id])
    ):
        raise OverviewNotAllowed()
    result = build(session, youth, now, taxonomy)
    audit.append(
        session,
        audit.Event(
            "data_overview",
            caller=caller,
            records=[(record.kind, str(record.id)) for record in result.records],
            youth_ids={youth.id},
            detail={"records": len(result.records)},
        ),
        now,
    )
    return result


def command_overview(
    session: Session, youth_id: uuid.UUID, now: datetime, taxonomy: Taxonomy
) -> DataOverview:
    """The overview for ``veldwerk-server report overview`` (logged, without a user).
    LookupError: no youth, or its data was destroyed."""
    youth = reported_youth(session, None, youth_id)
    if youth is None or youth.deleted:
        raise LookupError(str(youth_id))
    result = build(session, youth, now, taxonomy)
    audit.append(
        session,
        audit.Event(
            "data_overview",
            municipality_id=youth.municipality_id,
            records=[(record.kind, str(record.id)) for record in result.records],
            youth_ids={youth.id},
            detail={"records": len(result.records), "by": "command"},
        ),
        now,
    )
    return result


def build(session: Session, youth: StoredRecord, now: datetime, taxonomy: Taxonomy) -> DataOverview:
    rows = [
        row
        for row in youth_records.about(session, youth.municipality_id, youth.id)
        if not row.deleted and row.data is not None and row.kind in RECORD_TYPES
    ]
    rows.sort(key=lambda row: (_ORDER[row.kind], str((row.data or {}).get("created_at", ""))))
    held = {row.id for row in rows}
    named: set[str] = set()
    for row in rows:
        found = kinds.references(row.kind, row.data)
        named |= set(found.youths) | set(found.records)
    named -= held
    references: dict[str, str] = {}
    if named:
        references = {
            record_id: kind
            for record_id, kind in session.execute(
                select(StoredRecord.id, StoredRecord.kind).where(
                    StoredRecord.id.in_(sorted(named)),
                    StoredRecord.municipality_id == youth.municipality_id,
                )
            ).tuples()
        }
    place = session.get(Municipality, youth.municipality_id)
    return DataOverview(
        youth_id=uuid.UUID(youth.id),
        records=[
            OverviewRecord(
                kind=row.kind, id=uuid.UUID(row.id), version=row.version, data=dict(row.data or {})
            )
            for row in rows
        ],
        references=references,
        labels={
            "category": {entry.code: entry.label for entry in taxonomy.categories},
            "life_domain": {entry.code: entry.label for entry in taxonomy.life_domains},
        },
        municipality=place.name if place is not None else "",
        made_at=now,
    )
