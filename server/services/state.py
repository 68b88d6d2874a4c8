"""State: what a device should hold now, for its check after a sync."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from server.db_models import Municipality, StoredRecord
from server.services import audit
from server.services.caller import Caller
from server.services.scope import Shape, scope_of, visible_statement
from veldwerk_core.protocol import StateResponse, scope_state


@cache
def _state(shape: Shape) -> Select[str, str, int]:
    scope = visible_statement(shape).subquery()
    return select(StoredRecord.kind, StoredRecord.id, StoredRecord.version).join(
        scope, scope.c.id == StoredRecord.id
    )


def state(session: Session, caller: Caller, now: datetime) -> StateResponse:
    municipality = session.get(Municipality, caller.municipality_id)
    assert municipality is not None
    cursor = municipality.last_seq
    scope = scope_of(caller)
    rows = session.execute(_state(scope.shape), scope.params).all()
    result = scope_state((kind, record_id, version) for kind, record_id, version in rows)
    audit.append(session, audit.Event("state", caller=caller, detail={"records": len(rows)}), now)
    return result.model_copy(update={"cursor": cursor})
