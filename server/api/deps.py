"""Request dependencies: the server context, the bearer credential, the client address.

Routes run their work in one transaction (``ctx.run``) and authenticate inside it, so the
credential check, the work and the audit entry commit or roll back together.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from server.core.config import Settings
from server.core.db import retrying
from server.core.security import AttemptLimiter, Hasher
from server.services.caller import Caller
from server.services.devices import AuthFailed, authenticate
from veldwerk_core.protocol import ErrorReason

log = logging.getLogger("veldwerk.server.auth")
T = TypeVar("T")


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


@dataclass
class ServerContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    hasher: Hasher
    limiter: AttemptLimiter
    clock: Callable[[], datetime]
    hmac_key: bytes = field(repr=False, default=b"")

    def run(self, work: Callable[[Session], T]) -> T:
        """``work`` in one transaction, run again if it lost a race or its pooled connection
        had died (see ``core.db.retrying``)."""
        return retrying(self.sessions, work)

    def check_rate(self, client: str) -> None:
        wait = self.limiter.retry_after(client)
        if wait:
            log.warning("rate limit reached for client %s", client)
            raise RateLimited(wait)

    def authenticate(self, session: Session, token: str, client: str) -> Caller:
        self.check_rate(client)
        try:
            return authenticate(session, token, self.hasher, self.clock())
        except AuthFailed as failed:
            if failed.reason is ErrorReason.UNAUTHENTICATED:
                self.limiter.failed(client)
                log.warning("authentication failed from client %s", client)
            else:
                log.warning("a revoked device was told to wipe (client %s)", client)
            raise


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
        raise AuthFailed(ErrorReason.UNAUTHENTICATED)
    return credentials.credentials


Ctx = Annotated[ServerContext, Depends(context)]
Token = Annotated[str, Depends(token)]
Client = Annotated[str, Depends(client_address)]
