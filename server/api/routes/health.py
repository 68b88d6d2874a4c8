"""Liveness and metrics for the operator; no case data.

``/health`` is open (a load balancer or service manager asks it). ``/metrics`` tells request
volumes per route and status, which is no one's business but the operator's: it needs the
credential of an enrolled device of an administrator (Prometheus sends it as a bearer
token; see docs/server.md). The API's own documentation (``/docs``, ``/redoc``,
``/openapi.json``) is served only with ``API_DOCS`` (api/main.py).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel
from sqlalchemy import text

from server.api.deps import Auth, Ctx
from server.api.errors import ALWAYS, documented
from server.core.errors import Forbidden
from server.metrics import render
from server.services.caller import Caller

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: str
    database: str
    version: str


@router.get("/health", operation_id="health", responses=documented(*ALWAYS))
def health(ctx: Ctx) -> Health:
    from server import __version__

    ctx.run(lambda session: session.execute(text("SELECT 1")))
    return Health(status="ok", database=ctx.engine.dialect.name, version=__version__)


def _administrator(caller: Caller) -> Caller:
    if not caller.is_administrator:
        raise Forbidden()
    return caller


@router.get(
    "/metrics",
    operation_id="metrics",
    response_class=PlainTextResponse,
    responses={
        200: {"content": {"text/plain": {"schema": {"type": "string"}}}},
        **documented(401, 403, 429, *ALWAYS, json_route=False),
    },
)
def metrics(auth: Auth) -> PlainTextResponse:
    """Prometheus text; for an administrator's credential only."""
    auth.run(lambda _session, caller: _administrator(caller))
    return PlainTextResponse(render(), media_type="text/plain; version=0.0.4")
