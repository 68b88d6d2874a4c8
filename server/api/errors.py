"""Every error answer has one shape (ErrorResponse): a reason code, codes per field, and a
short English note; the app says it in the person's words. One handler per kind of failure:
the server's own errors (``core.errors.ApiError``) and what FastAPI itself refuses."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from server.core.errors import ApiError, InvalidRequest, NotFound
from veldwerk_core.protocol import ErrorResponse, WireFieldError, wire_errors

log = logging.getLogger("veldwerk.server.api")

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (401, 403, 404, 413, 422, 426, 429)
}
"""Documented error answers of every route under /api (for the OpenAPI schema)."""

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
