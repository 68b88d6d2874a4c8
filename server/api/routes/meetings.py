"""The early-signalling meeting: the regisseur's proposed agenda."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from server.api.deps import Auth, protocol
from server.api.errors import ERRORS
from server.services import agenda
from veldwerk_core.protocol import AgendaRequest, AgendaResponse

router = APIRouter(
    prefix="/api/v1", tags=["meetings"], responses=ERRORS, dependencies=[Depends(protocol)]
)


@router.post("/meetings/agenda", operation_id="meeting_agenda")
def meeting_agenda(body: AgendaRequest, auth: Auth) -> AgendaResponse:
    """For the regisseur: youths with a combination flag or a request to discuss them, and
    which participants may see each (403 for every other role)."""
    return auth.run(lambda session, caller: agenda.propose(session, caller, body, auth.now()))
