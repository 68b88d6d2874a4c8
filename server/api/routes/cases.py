"""Case actions outside sync: sharing a signal, the per-youth access report."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends

from server.api.deps import Auth, protocol
from server.api.errors import ERRORS
from server.services import reports, shares
from veldwerk_core.protocol import AccessReport, ShareRequest, ShareResponse

router = APIRouter(
    prefix="/api/v1", tags=["cases"], responses=ERRORS, dependencies=[Depends(protocol)]
)


@router.post("/signals/{signal_id}/shares", operation_id="share_signal")
def share_signal(signal_id: uuid.UUID, body: ShareRequest, auth: Auth) -> ShareResponse:
    """Share a signal of your organisation with another one: legal basis and purpose needed."""
    return auth.run(
        lambda session, caller: shares.share(session, caller, signal_id, body, auth.now())
    )


@router.get("/youths/{youth_id}/access-report", operation_id="access_report")
def access_report(youth_id: uuid.UUID, auth: Auth) -> AccessReport:
    """For the regisseur: every logged read or change of this youth's data."""
    return auth.run(
        lambda session, caller: reports.access_report(
            session, caller, youth_id, auth.now(), auth.ctx.audit_keys
        )
    )
