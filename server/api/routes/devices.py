"""Enrollment and the device's own credential."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from sqlalchemy.orm import Session

from server.api.deps import Client, Ctx, Token
from server.api.errors import ERRORS, EnrollmentRefused
from server.services import audit, devices
from veldwerk_core.protocol import EnrollRequest, EnrollResponse, Identity, RotateResponse

router = APIRouter(prefix="/api/v1", tags=["devices"], responses=ERRORS)
log = logging.getLogger("veldwerk.server.auth")


@router.post("/enroll", operation_id="enroll")
def enroll(body: EnrollRequest, ctx: Ctx, client: Client) -> EnrollResponse:
    """Exchange a one-time code for a device credential (needs no credential itself)."""
    ctx.check_rate(client)
    try:
        response = ctx.run(
            lambda session: devices.enroll(session, body, ctx.hmac_key, ctx.hasher, ctx.clock())
        )
    except devices.EnrollmentFailed:
        ctx.limiter.failed(client)
        log.warning("enrollment with an invalid, used or expired code from client %s", client)
        ctx.run(
            lambda session: audit.append(
                session, audit.Event("enroll", "failed", detail={"client": client}), ctx.clock()
            )
        )
        raise EnrollmentRefused() from None
    ctx.limiter.reset(client)
    return response


@router.get("/device", operation_id="whoami")
def whoami(ctx: Ctx, token: Token, client: Client) -> Identity:
    """Who this device works for; also a cheap check that the credential still works."""
    return ctx.run(lambda session: ctx.authenticate(session, token, client).identity())


@router.post("/device/rotate", operation_id="rotate")
def rotate(ctx: Ctx, token: Token, client: Client) -> RotateResponse:
    """A new credential. The old one works until the new one is used for the first time."""

    def work(session: Session) -> RotateResponse:
        caller = ctx.authenticate(session, token, client)
        return devices.rotate(session, caller, ctx.hasher, ctx.clock())

    return ctx.run(work)
