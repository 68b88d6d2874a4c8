"""Sync: push, pull, state and configuration for enrolled devices."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from server.api.deps import Auth, protocol
from server.api.errors import ERRORS
from server.metrics import PUSH_RESULTS
from server.services import config_files, directory, pull, push, state
from veldwerk_core.protocol import (
    ConfigResponse,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    StateResponse,
)

router = APIRouter(
    prefix="/api/v1", tags=["sync"], responses=ERRORS, dependencies=[Depends(protocol)]
)


@router.post("/sync/push", operation_id="push")
def push_changes(body: PushRequest, auth: Auth) -> PushResponse:
    """Apply a batch of mutations in order; each gets applied, conflict or rejected."""
    rules = config_files.load(auth.ctx.settings.config_dir).rules
    response = auth.run(lambda session, caller: push.push(session, caller, body, auth.now(), rules))
    for result in response.results:
        PUSH_RESULTS.labels(result.status.value).inc()
    return response


@router.post("/sync/pull", operation_id="pull")
def pull_changes(body: PullRequest, auth: Auth) -> PullResponse:
    """One page of records, removals and conflicts after the cursor, within the scope."""
    return auth.run(lambda session, caller: pull.pull(session, caller, body, auth.now()))


@router.get("/sync/state", operation_id="state")
def sync_state(auth: Auth) -> StateResponse:
    """Per-kind counts and hashes of (id, version) of everything the device should hold."""
    return auth.run(lambda session, caller: state.state(session, caller, auth.now()))


@router.get("/config", operation_id="config")
def configuration(auth: Auth) -> ConfigResponse:
    """Taxonomy, places and combination rules of the municipality (instruments come in pull)."""
    settings = auth.ctx.settings
    base = config_files.load(settings.config_dir).model_copy(
        update={"offline_lease_days": settings.offline_lease_days}
    )
    return auth.run(
        lambda session, caller: directory.with_directory(
            base, session, caller.municipality_id, settings.config_dir
        )
    )
