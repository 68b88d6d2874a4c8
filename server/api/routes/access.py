"""Accounting for access: devices upload their own access log; the regisseur gets a youth's
data overview (AVG art. 15). The access report itself is in cases.py."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends

from server.api.deps import Auth, protocol
from server.api.errors import ERRORS
from server.services import config_files, data_overview, device_audit
from veldwerk_core.protocol import AuditUploadRequest, AuditUploadResponse, DataOverview

router = APIRouter(
    prefix="/api/v1", tags=["access"], responses=ERRORS, dependencies=[Depends(protocol)]
)


@router.post("/audit/upload", operation_id="audit_upload")
def audit_upload(body: AuditUploadRequest, auth: Auth) -> AuditUploadResponse:
    """A device's own access-log entries (reads, prints, exports, also made offline), linked
    into the server's audit chain; an entry the server already has is answered, not kept
    twice."""
    return auth.run(lambda session, caller: device_audit.receive(session, caller, body, auth.now()))


@router.get("/youths/{youth_id}/data-overview", operation_id="data_overview")
def youth_data_overview(youth_id: uuid.UUID, auth: Auth) -> DataOverview:
    """For the regisseur: every record about this youth that the server holds, for the youth
    and the parents (403 for every other role, and for a youth outside the regisseur's
    scope)."""
    taxonomy = config_files.load(auth.ctx.settings.config_dir).taxonomy
    return auth.run(
        lambda session, caller: data_overview.overview(
            session, caller, youth_id, auth.now(), taxonomy
        )
    )
