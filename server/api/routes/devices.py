"""Enrollment and the device's own credential."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Request

from server.api.deps import Auth, Client, Ctx, protocol
from server.api.errors import ERRORS
from server.core.errors import EnrollmentRefused
from server.services import audit, devices
from veldwerk_core.protocol import (
    PROTOCOL_HEADER,
    EnrollRequest,
    EnrollResponse,
    Identity,
    RotateResponse,
)

router = APIRouter(
    prefix="/api/v1", tags=["devices"], responses=ERRORS, dependencies=[Depends(protocol)]
)
log = logging.getLogger("veldwerk.server.auth")


@router.post("/enroll", operation_id="enroll")
def enroll(body: EnrollRequest, ctx: Ctx, client: Client, request: Request) -> EnrollResponse:
    """Exchange a one-time code for a device credential (needs no credential itself)."""
    ctx.attempts.before_enrollment(client, body.code)
    app = devices.app_said(
        request.headers.getlist("user-agent"), request.headers.get(PROTOCOL_HEADER)
    )
    try:
        response = ctx.run(
            lambda session: devices.enroll(
                session, body, ctx.hmac_key, ctx.hasher, ctx.clock(), app
            )
        )
    except EnrollmentRefused:
        ctx.attempts.enrollment_failed(client, body.code)
        log.warning("enrollment with an invalid, used or expired code from client %s", client)
        ctx.run(
            lambda session: audit.append(
                session, audit.Event("enroll", "failed", detail={"client": client}), ctx.clock()
            )
        )
        raise
    ctx.attempts.enrolled(client)
    return response


@router.get("/device", operation_id="whoami")
def whoami(auth: Auth) -> Identity:
    """Who this device works for; also a cheap check that the credential still works."""
    return auth.run(lambda _session, caller: caller.identity())


@router.post("/device/rotate", operation_id="rotate")
def rotate(auth: Auth) -> RotateResponse:
    """A new credential. The old one works until the new one is used for the first time."""
    return auth.run(
        lambda session, caller: devices.rotate(session, caller, auth.ctx.hasher, auth.now())
    )
