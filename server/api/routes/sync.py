"""Sync: push, pull, state and configuration for enrolled devices."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from server.api.deps import Client, Ctx, Token
from server.api.errors import ERRORS
from server.metrics import PUSH_RESULTS
from server.services import config_files, pull, push, state
from veldwerk_core.protocol import (
    ConfigResponse,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    StateResponse,
)

router = APIRouter(prefix="/api/v1", tags=["sync"], responses=ERRORS)


@router.post("/sync/push", operation_id="push")
def push_changes(body: PushRequest, ctx: Ctx, token: Token, client: Client) -> PushResponse:
    """Apply a batch of mutations in order; each gets applied, conflict or rejected."""

    def work(session: Session) -> PushResponse:
        caller = ctx.authenticate(session, token, client)
        return push.push(session, caller, body, ctx.clock())

    response = ctx.run(work)
    for result in response.results:
        PUSH_RESULTS.labels(result.status.value).inc()
    return response


@router.post("/sync/pull", operation_id="pull")
def pull_changes(body: PullRequest, ctx: Ctx, token: Token, client: Client) -> PullResponse:
    """One page of records, removals and conflicts after the cursor, within the scope."""

    def work(session: Session) -> PullResponse:
        caller = ctx.authenticate(session, token, client)
        return pull.pull(session, caller, body, ctx.clock())

    return ctx.run(work)


@router.get("/sync/state", operation_id="state")
def sync_state(ctx: Ctx, token: Token, client: Client) -> StateResponse:
    """Per-kind counts and hashes of (id, version) of everything the device should hold."""

    def work(session: Session) -> StateResponse:
        caller = ctx.authenticate(session, token, client)
        return state.state(session, caller, ctx.clock())

    return ctx.run(work)


@router.get("/config", operation_id="config")
def configuration(ctx: Ctx, token: Token, client: Client) -> ConfigResponse:
    """Taxonomy, places and combination rules of the municipality (instruments come in pull)."""
    ctx.run(lambda session: ctx.authenticate(session, token, client))
    lease = ctx.settings.offline_lease_days
    return config_files.load(ctx.settings.config_dir).model_copy(
        update={"offline_lease_days": lease}
    )
