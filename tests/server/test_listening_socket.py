"""The server processes' own listening sockets give connections without Nagle's algorithm: a
response is written as headers and body, and with Nagle the body waited for the client's
delayed ACK (about 40 ms on every request)."""

from __future__ import annotations

import asyncio
import socket

import pytest

from server import processes


@pytest.mark.skipif(not processes.can_share_port(), reason="needs SO_REUSEPORT (Linux, BSD)")
def test_accepted_connections_have_nagle_off() -> None:
    async def scenario() -> int:
        sock = processes.listening_socket("127.0.0.1", 0)
        port = sock.getsockname()[1]
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        async def accepted(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            conn = writer.get_extra_info("socket")
            seen.set_result(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(accepted, sock=sock)
        async with server:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            nodelay = await asyncio.wait_for(seen, 5)
            writer.close()
        return nodelay

    assert asyncio.run(scenario()) != 0
