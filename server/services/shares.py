"""Sharing a signal with another organisation: only with a legal basis and a purpose."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.errors import NotFound, ShareIncomplete
from server.db_models import Organisation, SignalShare, StoredRecord
from server.services import audit
from server.services.caller import Caller
from server.services.records import scope_moved, youths_of
from server.services.scope import visible_ids
from veldwerk_core import kinds
from veldwerk_core.models.links import Visibility
from veldwerk_core.protocol import ShareRequest, ShareResponse, WireFieldError


def check(request: ShareRequest) -> list[WireFieldError]:
    errors = []
    if request.legal_basis is None:
        errors.append(WireFieldError(field="legal_basis", code="missing"))
    if len(request.purpose.strip()) < 3:
        errors.append(WireFieldError(field="purpose", code="missing"))
    return errors


def share(
    session: Session, caller: Caller, signal_id: uuid.UUID, request: ShareRequest, now: datetime
) -> ShareResponse:
    row = session.get(StoredRecord, str(signal_id))
    target = session.get(Organisation, str(request.organisation_id))
    if (
        row is None
        or kinds.model(row.kind).visibility is not Visibility.ORGANISATION
        or row.deleted
        or row.owner_org_id != caller.organisation_id
        or not visible_ids(session, caller, {row.id})
        or target is None
        or target.municipality_id != caller.municipality_id
    ):
        raise NotFound()
    errors = check(request)
    if errors:
        raise ShareIncomplete(errors=errors)
    existing = session.execute(
        select(SignalShare).where(
            SignalShare.signal_id == row.id, SignalShare.organisation_id == target.id
        )
    ).scalar_one_or_none()
    if existing is None:
        existing = SignalShare(signal_id=row.id, organisation_id=target.id)
        session.add(existing)
    assert request.legal_basis is not None  # checked above
    existing.legal_basis = request.legal_basis.value
    existing.purpose = request.purpose.strip()
    existing.shared_by = caller.user_id
    existing.shared_at = now
    scope_moved(session, caller.municipality_id, [row.id], now)
    audit.append(
        session,
        audit.Event(
            "share",
            caller=caller,
            records=[(row.kind, row.id)],
            youth_ids=youths_of(session, [row.id])[row.id],
            detail={"organisation_id": target.id, "legal_basis": existing.legal_basis},
        ),
        now,
    )
    return ShareResponse(
        signal_id=signal_id,
        organisation_id=request.organisation_id,
        legal_basis=request.legal_basis,
        purpose=existing.purpose,
        shared_at=now,
    )
