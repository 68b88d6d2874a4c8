"""The FastAPI application: one context (settings, database, hasher, limits, keys) per app.

Behind a reverse proxy the client's address comes from ``X-Forwarded-For`` - only when the
connection comes from a proxy listed in ``FORWARDED_ALLOW_IPS``, and then the address that
proxy appended (uvicorn's ProxyHeadersMiddleware: the rightmost address that is not itself a
trusted proxy), never what the client wrote into the header itself. The server applies it
(not uvicorn's own option, which would trust 127.0.0.1 when the setting is empty).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from server import __version__
from server.api import errors
from server.api.deps import ServerContext
from server.api.headers import StrictTransport
from server.api.limits import BodyLimit
from server.api.routes import access, cases, devices, health, meetings, sync
from server.core.attempts import AttemptLimiter, Attempts
from server.core.audit_keys import AuditKeys
from server.core.config import Settings
from server.core.db import make_engine, migrate, session_factory
from server.core.security import Hasher
from server.metrics import LATENCY, REQUESTS
from server.services import audit, audit_checkpoints, config_files, retention
from veldwerk_core.models.base import utc_now
from veldwerk_core.models.rules import RuleSet
from veldwerk_core.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from veldwerk_core.retention import RetentionTerms

GZIP_MIN_BYTES = 4096
"""Smaller answers go as they are: they fit a few packets, compressing them only costs CPU."""
GZIP_LEVEL = 1
"""Level 1: a 1,000-row page in ~3 ms at a 13x ratio; level 6 saved 20% more bytes for ~7x the
CPU (issue 16) - the server's CPU is what many devices share."""


def create_app(
    settings: Settings,
    *,
    run_migrations: bool = True,
    clock: Callable[[], datetime] = utc_now,
) -> FastAPI:
    if run_migrations:
        migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    keys = AuditKeys.from_settings(settings)
    checkpoints = audit_checkpoints.Policy(
        settings.checkpoint_path(),
        settings.audit_checkpoint_minutes,
        settings.audit_checkpoint_entries,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        chainer = audit.Chainer(ctx.sessions, keys, settings.audit_chain_seconds, checkpoints)
        chainer.start()
        retainer = None
        if settings.retention_check_minutes > 0:
            retainer = retention.Retainer(
                ctx.sessions, retention_config, clock, settings.retention_check_minutes * 60
            )
            retainer.start()
        try:
            yield
        finally:
            if retainer is not None:
                retainer.stop()
            chainer.stop()

    def retention_config() -> tuple[RetentionTerms, RuleSet]:
        config = config_files.load(settings.config_dir)
        return config.retention, config.rules

    docs = settings.api_docs  # the schema is no secret, but no need to map the API for anyone
    app = FastAPI(
        title="Veldwerk server",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    ctx = app.state.ctx = ServerContext(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        hasher=Hasher(),
        attempts=Attempts(AttemptLimiter(settings.failed_attempts, settings.failed_window_seconds)),
        clock=clock,
        audit_keys=keys,
        hmac_key=settings.hmac_key(),
    )
    errors.install(app)
    for module in (health, devices, sync, cases, meetings, access):
        app.include_router(module.router)

    # Innermost: answers above GZIP_MIN_BYTES are compressed for clients that accept gzip
    # (the app's httpx does by default). A 1,000-row pull page: ~640 kB of JSON -> ~13x less.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)
    app.add_middleware(BodyLimit, max_mb=settings.max_request_mb)
    app.add_middleware(errors.LastResort)
    app.add_middleware(StrictTransport, tls=settings.tls)
    app.add_middleware(_ProtocolHeader)
    app.add_middleware(_Metrics, routes=app)
    if settings.trusted_proxies():  # outermost: everything after sees the real client
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies())
    return app


DESCRIPTION = """Municipal sync server of Veldwerk. See docs/sync-protocol.md.

Every error answer is an `ErrorResponse` (a reason code, field errors as codes); the statuses
each operation can give are listed with it. A path the server does not have gets
`404 not_found`, a method a path does not take `405 invalid_request`, in the same shape."""


def app_from_environment() -> FastAPI:
    """One server process of several (``serve`` with WORKERS > 1 migrated the database)."""
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    return create_app(settings, run_migrations=False)


class _ProtocolHeader:
    """Every answer says the server's protocol version (the app checks it)."""

    HEADER = (PROTOCOL_HEADER.lower().encode(), str(PROTOCOL_VERSION).encode())

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def _send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), self.HEADER]
            await send(message)

        await self.app(scope, receive, _send)


class _Metrics:
    """Counts and times every request by route template (never by path: no ids in metrics).

    Plain ASGI rather than ``@app.middleware``, which leaks streams on newer anyio.
    """

    def __init__(self, app: ASGIApp, routes: FastAPI) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def _send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, _send)
        finally:
            route = self._route(scope)
            LATENCY.labels(route).observe(time.perf_counter() - started)
            REQUESTS.labels(scope.get("method", ""), route, str(status)).inc()

    def _route(self, scope: Scope) -> str:
        route = scope.get("route")  # set by the router once it matched
        path = getattr(route, "path", None)
        if isinstance(path, str):
            return path
        for candidate in self.routes.router.routes:
            match, _child = candidate.matches(scope)
            if match is Match.FULL and isinstance(getattr(candidate, "path", None), str):
                return str(candidate.path)  # type: ignore[attr-defined]
        return "unmatched"
