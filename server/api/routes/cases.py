"""Case actions outside sync: sharing a signal, the per-youth access report."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from sqlalchemy.orm import Session

from server.api.deps import Client, Ctx, Token
from server.api.errors import ERRORS
from server.services import reports, shares
from veldwerk_core.protocol import AccessReport, ShareRequest, ShareResponse

router = APIRouter(prefix="/api/v1", tags=["cases"], responses=ERRORS)


@router.post("/signals/{signal_id}/shares", operation_id="share_signal")
def share_signal(
    signal_id: uuid.UUID, body: ShareRequest, ctx: Ctx, token: Token, client: Client
) -> ShareResponse:
    """Share a signal of your organisation with another one: legal basis and purpose needed."""

    def work(session: Session) -> ShareResponse:
        caller = ctx.authenticate(session, token, client)
        return shares.share(session, caller, signal_id, body, ctx.clock())

    return ctx.run(work)


@router.get("/youths/{youth_id}/access-report", operation_id="access_report")
def access_report(youth_id: uuid.UUID, ctx: Ctx, token: Token, client: Client) -> AccessReport:
    """For the regisseur: every logged read or change of this youth's data."""

    def work(session: Session) -> AccessReport:
        caller = ctx.authenticate(session, token, client)
        return reports.access_report(session, caller, youth_id, ctx.clock())

    return ctx.run(work)
