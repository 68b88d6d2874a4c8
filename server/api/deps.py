"""Request dependencies: the server context, the authenticated caller, the client address.

Routes run their work in one transaction and authenticate inside it (``Authenticated.run``),
so the credential check, the work and the audit entry commit or roll back together.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from server.core.attempts import Attempts
from server.core.audit_keys import AuditKeys
from server.core.config import Settings
from server.core.db import retrying
from server.core.errors import AppOutdated, DeviceRevoked, Unauthenticated
from server.core.security import Hasher
from server.services.caller import Caller
from server.services.devices import AppSaid, WrongSecret, app_said, authenticate
from veldwerk_core.protocol import MIN_APP_PROTOCOL, PROTOCOL_HEADER

log = logging.getLogger("veldwerk.server.auth")
T = TypeVar("T")


@dataclass
class ServerContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    hasher: Hasher
    attempts: Attempts
    clock: Callable[[], datetime]
    audit_keys: AuditKeys
    hmac_key: bytes = field(repr=False, default=b"")

    def run(self, work: Callable[[Session], T]) -> T:
        """``work`` in one transaction, run again if it lost a race or its pooled connection
        had died (see ``core.db.retrying``)."""
        return retrying(self.sessions, work)

    def authenticate(
        self, session: Session, token: str, client: str, app: AppSaid | None = None
    ) -> Caller:
        """The credential is verified first, whatever failed before: only failing attempts
        are limited (core/attempts.py), so a valid device is never refused for others."""
        try:
            return authenticate(session, token, self.hasher, self.clock(), app)
        except WrongSecret as refused:
            log.warning(
                "authentication failed for device %s (client %s)", refused.device_id, client
            )
            self.attempts.credential_failed(client, refused.device_id)
            raise
        except Unauthenticated:
            log.warning("authentication failed from client %s", client)
            self.attempts.credential_failed(client, None)
            raise
        except DeviceRevoked:
            log.warning("a revoked device was told to wipe (client %s)", client)
            raise


@dataclass(frozen=True)
class Authenticated:
    """A request with a device credential: its work runs with the caller it belongs to."""

    ctx: ServerContext
    token: str
    client: str
    app: AppSaid | None = None
    """The app version and protocol the request says (kept on the device for the admin)."""

    def run(self, work: Callable[[Session, Caller], T]) -> T:
        """Authenticate and do ``work`` in one transaction (see :meth:`ServerContext.run`)."""
        return self.ctx.run(lambda session: work(session, self.caller(session)))

    def caller(self, session: Session) -> Caller:
        return self.ctx.authenticate(session, self.token, self.client, self.app)

    def now(self) -> datetime:
        return self.ctx.clock()


# The dependencies are ``async``: FastAPI runs plain functions in the thread pool, one thread
# handoff each, for what is only an attribute lookup.
async def context(request: Request) -> ServerContext:
    ctx: ServerContext = request.app.state.ctx
    return ctx


async def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


bearer = HTTPBearer(auto_error=False, description="The device credential from enrollment.")


async def token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated()
    return credentials.credentials


Ctx = Annotated[ServerContext, Depends(context)]
Token = Annotated[str, Depends(token)]
Client = Annotated[str, Depends(client_address)]


async def authenticated(
    ctx: Ctx, credential: Token, client: Client, request: Request
) -> Authenticated:
    return Authenticated(
        ctx,
        credential,
        client,
        app_said(request.headers.getlist("user-agent"), request.headers.get(PROTOCOL_HEADER)),
    )


Auth = Annotated[Authenticated, Depends(authenticated)]


async def protocol(
    version: Annotated[
        str | None,
        Header(
            alias=PROTOCOL_HEADER,
            description="The app's protocol version; absent means 1. Too old: 426.",
        ),
    ] = None,
) -> int:
    """The caller's protocol version; an app older than the server serves is told to update."""
    number = int(version) if version is not None and version.strip().isdigit() else 1
    if number < MIN_APP_PROTOCOL:
        raise AppOutdated()
    return number
