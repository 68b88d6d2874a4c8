"""The FastAPI application: one context (settings, database, hasher, limiter) per app."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import datetime

from fastapi import FastAPI, Request, Response
from starlette.routing import Match

from desktop.models.base import utc_now
from server import __version__
from server.api import errors
from server.api.deps import ServerContext
from server.api.routes import cases, devices, health, sync
from server.core.config import Settings
from server.core.db import make_engine, migrate, session_factory
from server.core.security import AttemptLimiter, Hasher
from server.metrics import LATENCY, REQUESTS


def create_app(
    settings: Settings,
    *,
    run_migrations: bool = True,
    clock: Callable[[], datetime] = utc_now,
) -> FastAPI:
    if run_migrations:
        migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    app = FastAPI(
        title="Veldwerk server",
        version=__version__,
        description="Municipal sync server of Veldwerk. See docs/sync-protocol.md.",
    )
    app.state.ctx = ServerContext(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        hasher=Hasher(settings.argon2_time_cost, settings.argon2_memory_kib),
        limiter=AttemptLimiter(settings.failed_attempts, settings.failed_window_seconds),
        clock=clock,
        hmac_key=settings.hmac_key(),
    )
    errors.install(app)
    for module in (health, devices, sync, cases):
        app.include_router(module.router)

    @app.middleware("http")
    async def _measure(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = _route_of(app, request)
        LATENCY.labels(route).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        return response

    return app


def _route_of(app: FastAPI, request: Request) -> str:
    """The route template, so metrics never carry ids from the path."""
    for route in app.router.routes:
        match, _scope = route.matches(request.scope)
        if match is Match.FULL:
            return str(getattr(route, "path", "other"))
    return "unmatched"
