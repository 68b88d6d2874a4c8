"""Every error answer has one shape (ErrorResponse): a reason code and a Dutch message."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from server.api.deps import RateLimited
from server.services.devices import AuthFailed
from server.services.reports import ReportNotAllowed
from server.services.shares import ShareIncomplete, ShareNotAllowed
from veldwerk_core.i18n import N_
from veldwerk_core.models.errors import error_messages
from veldwerk_core.protocol import ErrorReason, ErrorResponse, WireFieldError

log = logging.getLogger("veldwerk.server.api")

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (401, 403, 404, 413, 422, 429)
}
"""Documented error answers of every authenticated route (for the OpenAPI schema)."""


class EnrollmentRefused(Exception):
    """The enrollment code is unknown, used or expired (which one is not revealed)."""


def error(
    status: int,
    reason: ErrorReason,
    *,
    errors: list[WireFieldError] | None = None,
    wipe: bool = False,
    headers: dict[str, str] | None = None,
    message: str | None = None,
) -> JSONResponse:
    body = ErrorResponse(
        reason=reason, message=message or reason.label, errors=errors or [], wipe=wipe
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


WHOLE_REQUEST = N_("Het verzoek")
PLACES = ("body", "query", "path", "header")


def request_errors(request: Request, exc: RequestValidationError) -> list[WireFieldError]:
    """Per field a Dutch sentence naming it, as for records (veldwerk_core.models.errors)."""
    route = request.scope.get("route")
    body_field = getattr(route, "body_field", None)
    body_model = getattr(getattr(body_field, "field_info", None), "annotation", None)
    if not (isinstance(body_model, type) and issubclass(body_model, BaseModel)):
        body_model = None
    result: list[WireFieldError] = []
    for item in exc.errors()[:50]:
        loc = tuple(item.get("loc", ()))
        place, rest = (loc[0], loc[1:]) if loc and loc[0] in PLACES else ("body", loc)
        model = body_model if place == "body" else None
        for found in error_messages(model, [{**item, "loc": rest}], WHOLE_REQUEST):
            result.append(WireFieldError(field=found.field or "body", message=found.message))
    return result


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error(422, ErrorReason.INVALID_REQUEST, errors=request_errors(request, exc))

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        reason = ErrorReason.NOT_FOUND if exc.status_code == 404 else ErrorReason.INVALID_REQUEST
        return error(exc.status_code, reason, headers=getattr(exc, "headers", None))

    @app.exception_handler(AuthFailed)
    async def _auth(_request: Request, exc: AuthFailed) -> JSONResponse:
        status = 403 if exc.wipe else 401
        headers = None if exc.wipe else {"WWW-Authenticate": "Bearer"}
        return error(status, exc.reason, wipe=exc.wipe, headers=headers)

    @app.exception_handler(RateLimited)
    async def _limited(_request: Request, exc: RateLimited) -> JSONResponse:
        return error(429, ErrorReason.RATE_LIMITED, headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(EnrollmentRefused)
    async def _enroll(_request: Request, _exc: EnrollmentRefused) -> JSONResponse:
        return error(403, ErrorReason.ENROLLMENT_FAILED)

    @app.exception_handler(ShareIncomplete)
    async def _share(_request: Request, exc: ShareIncomplete) -> JSONResponse:
        return error(422, ErrorReason.SHARE_INCOMPLETE, errors=exc.errors)

    @app.exception_handler(ShareNotAllowed)
    async def _share_target(_request: Request, _exc: ShareNotAllowed) -> JSONResponse:
        return error(404, ErrorReason.NOT_FOUND)

    @app.exception_handler(ReportNotAllowed)
    async def _report(_request: Request, _exc: ReportNotAllowed) -> JSONResponse:
        return error(403, ErrorReason.FORBIDDEN)
