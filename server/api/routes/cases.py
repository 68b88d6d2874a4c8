"""Case actions outside sync: the per-youth access report."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends

from server.api.deps import Auth, protocol
from server.api.errors import ERRORS
from server.services import reports
from veldwerk_core.protocol import AccessReport

router = APIRouter(
    prefix="/api/v1", tags=["cases"], responses=ERRORS, dependencies=[Depends(protocol)]
)


@router.get("/youths/{youth_id}/access-report", operation_id="access_report")
def access_report(youth_id: uuid.UUID, auth: Auth) -> AccessReport:
    """For the regisseur: every logged read or change of this youth's data."""
    return auth.run(
        lambda session, caller: reports.access_report(
            session, caller, youth_id, auth.now(), auth.ctx.audit_keys
        )
    )
