"""Headers every answer carries: HSTS when the server is reached over TLS."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = (b"strict-transport-security", b"max-age=31536000")
"""A year; no includeSubDomains: other hosts of a municipality's domain are not ours to bind."""


class StrictTransport:
    """``Strict-Transport-Security`` on every answer (errors too) when the server serves TLS
    itself (``TLS_CERTFILE``) or the request came over TLS through a trusted proxy
    (``X-Forwarded-Proto: https``): browsers then never try plain HTTP for the host. Over plain
    HTTP the header means nothing (browsers ignore it), so it is not sent."""

    def __init__(self, app: ASGIApp, tls: bool) -> None:
        self.app = app
        self.tls = tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not (self.tls or scope.get("scheme") == "https"):
            await self.app(scope, receive, send)
            return

        async def _send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), HSTS]
            await send(message)

        await self.app(scope, receive, _send)
