"""The early-signalling meeting's proposed agenda: youths a combination rule holds for, or whom
a signal asks to discuss, within the regisseur's scope - by the flag, never by the signals.
Per youth it says which participants may see them (the report each gets holds no more)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.errors import Forbidden
from server.db_models import ServerFlag
from server.services import audit
from server.services.caller import Caller
from server.services.devices import callers_of_users
from server.services.scope import youths_in_scope
from veldwerk_core.models.actor import Role
from veldwerk_core.protocol import AgendaItem, AgendaRequest, AgendaResponse


def propose(
    session: Session, caller: Caller, request: AgendaRequest, now: datetime
) -> AgendaResponse:
    if caller.role is not Role.COORDINATOR:
        raise Forbidden()
    reasons: dict[str, list[str]] = defaultdict(list)
    counted: dict[str, int] = defaultdict(int)
    for youth, rule, signals in session.execute(
        select(ServerFlag.youth_id, ServerFlag.rule_id, ServerFlag.signals)
        .where(ServerFlag.municipality_id == caller.municipality_id)
        .order_by(ServerFlag.youth_id, ServerFlag.rule_id)
    ):
        reasons[youth].append(rule)
        counted[youth] = max(counted[youth], signals)
    mine = youths_in_scope(session, caller, set(reasons)) if reasons else set()
    participants = callers_of_users(session, list(request.participants))
    seen: dict[str, set[str]] = {
        user: youths_in_scope(session, who, mine) if mine else set()
        for user, who in participants.items()
        if who.municipality_id == caller.municipality_id
    }
    items = [
        AgendaItem(
            youth_id=uuid.UUID(youth),
            reasons=reasons[youth],
            signals=counted[youth],
            seen_by=sorted(user for user, youths in seen.items() if youth in youths),
        )
        for youth in sorted(mine, key=lambda youth: (-counted[youth], youth))
    ]
    audit.append(
        session,
        audit.Event(
            "agenda",
            caller=caller,
            youth_ids=mine,
            detail={"items": len(items), "participants": len(seen)},
        ),
        now,
    )
    return AgendaResponse(items=items)
