"""A limit on request bodies: a larger one gets 413 before anything reads it into memory.

A push holds at most 500 mutations; even large records stay far below the default limit
(``MAX_REQUEST_MB``, 20 MB, the same as the reverse-proxy example in docs/server.md). The
limit holds without a proxy in front too, for declared (Content-Length) and streamed
(chunked) bodies alike.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.api.errors import response
from server.core.errors import TooLarge
from veldwerk_core.protocol import Text
from veldwerk_core.reasons import TOO_LARGE


class BodyLimit:
    def __init__(self, app: ASGIApp, max_mb: int) -> None:
        self.app = app
        self.max_mb = max_mb
        self.limit = max_mb * 1024 * 1024

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", ()))
        declared = headers.get(b"content-length")
        if declared is not None:  # the server's HTTP parser holds the body to this length
            if declared.isdigit() and int(declared) > self.limit:
                await self._refuse(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        if b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            await self.app(scope, receive, send)
            return
        # A streamed body: read it here, up to the limit, and hand it on in one piece (the
        # route reads it whole anyway; a failure inside its reading would become a 400).
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            parts.append(message.get("body", b""))
            size += len(parts[-1])
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        body = b"".join(parts)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        explanation = Text(template=TOO_LARGE, values={"limit": self.max_mb})
        answer = response(TooLarge(explanation=explanation, headers={"Connection": "close"}))
        await answer(scope, receive, send)  # "close": the rest of the body is not read
