"""Liveness and metrics for the operator; no case data, no authentication."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel
from sqlalchemy import text

from server.api.deps import Ctx
from server.metrics import render

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: str
    database: str
    version: str


@router.get("/health", operation_id="health")
def health(ctx: Ctx) -> Health:
    from server import __version__

    ctx.run(lambda session: session.execute(text("SELECT 1")))
    return Health(status="ok", database=ctx.engine.dialect.name, version=__version__)


@router.get(
    "/metrics",
    operation_id="metrics",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def metrics() -> PlainTextResponse:
    return PlainTextResponse(render(), media_type="text/plain; version=0.0.4")
