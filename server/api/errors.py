"""Every error answer has one shape (ErrorResponse): a reason code, codes per field, and a
short English note; the app says it in the person's words. One handler per kind of failure:
the server's own errors (``core.errors.ApiError``), what FastAPI itself refuses, and - last -
whatever nobody foresaw (:class:`LastResort`)."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.core.errors import ApiError, InternalError, InvalidRequest, NotFound
from veldwerk_core.protocol import ErrorResponse, WireFieldError, wire_errors

log = logging.getLogger("veldwerk.server.api")

MEANING = {
    400: "The body is not JSON this server can read (not UTF-8, nested or numbered beyond "
    "what a JSON reader takes).",
    401: "No, an unknown or an invalid device credential (`unauthenticated`).",
    403: "Revoked device (`device_revoked`, with `wipe`), enrollment refused, or not allowed "
    "for this user (`forbidden`).",
    404: "Absent, or not the caller's to see (`not_found`).",
    413: "The body is larger than MAX_REQUEST_MB (`invalid_request`, the limit in `explanation`).",
    422: "A malformed request: `errors` names each field with a code and its parameters.",
    426: "The app's protocol is older than the server serves (`app_outdated`).",
    429: "Too many failed attempts (`rate_limited`); `Retry-After` says when to try again.",
    500: "The server failed unforeseen (`internal_error`); nothing was changed by this request.",
}


def documented(*statuses: int, json_route: bool = True) -> dict[int | str, dict[str, Any]]:
    """The error answers an operation can give, for the OpenAPI document. Error answers are
    JSON; for a route that answers in another type (``json_route=False``) FastAPI would
    document a ``model`` under that type, so the content is spelled out instead."""
    if not json_route:
        schema = {"$ref": "#/components/schemas/ErrorResponse"}
        content = {"application/json": {"schema": schema}}
        return {status: {"description": MEANING[status], "content": content} for status in statuses}
    return {status: {"model": ErrorResponse, "description": MEANING[status]} for status in statuses}


ALWAYS = (413, 500)
"""Every route: the body limit holds for all of them, and so does the last resort."""
ERRORS = documented(400, 401, 403, 404, 413, 422, 426, 429, 500)
"""Documented error answers of every route under /api."""

PLACES = ("body", "query", "path", "header")


def response(error: ApiError) -> JSONResponse:
    body = ErrorResponse(
        reason=error.reason.value,
        message=error.message,
        explanation=error.explanation,
        errors=error.errors,
        wipe=error.wipe,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=error.status,
        headers=error.headers or None,
    )


def request_errors(request: Request, exc: RequestValidationError) -> list[WireFieldError]:
    """Per field its path, error type and parameters (the app words them)."""
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
        result += wire_errors(model, [{**item, "loc": rest}])
    return result


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_request: Request, exc: ApiError) -> JSONResponse:
        return response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return response(InvalidRequest(errors=request_errors(request, exc)))

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        error = NotFound() if exc.status_code == 404 else InvalidRequest()
        error.status = exc.status_code
        error.headers = dict(getattr(exc, "headers", None) or {})
        return response(error)


def route_of(scope: Scope) -> str:
    """The route's template (``/api/v1/youths/{youth_id}/...``), never the path with ids."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else "unmatched"


def _where(exc: BaseException) -> str:
    """Where it happened, as file:line of the innermost frames: code, never data."""
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    return " < ".join(f"{Path(frame.filename).name}:{frame.lineno}" for frame in reversed(frames))


class LastResort:
    """Whatever no handler foresaw becomes ``500 internal_error`` in the documented shape.

    Starlette's own last handler answers in plain text and hands the exception on to the
    server, which logs it with its message - and a database error's message quotes the
    values of the statement (personal data). This logs only the exception's type, the route
    and where in the code, and answers the client itself.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def _send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, _send)
        except Exception as exc:  # the last resort: every kind, on purpose
            cause = exc.__cause__ or exc.__context__
            log.error(
                "unhandled %s%s answering %s %s at %s",
                type(exc).__name__,
                f" (from {type(cause).__name__})" if cause is not None else "",
                scope.get("method", ""),
                route_of(scope),
                _where(exc),
            )
            if not started:  # else the answer is under way: the connection is just closed
                await response(InternalError())(scope, receive, send)
