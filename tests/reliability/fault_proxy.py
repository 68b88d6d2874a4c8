"""A fault-injecting TCP proxy between a client and the real server, for reliability tests.

Each client connection carries one HTTP request (the client is made without keep-alive), so a
fault can be aimed at a kind of request by its request line. Faults:

- ``drop``: forward the request, wait until the server starts answering (so it has done the
  work and committed), then close the client's connection without a byte of the answer;
- ``reset``: forward part of the answer, then reset the connection (RST) mid-stream;
- ``latency``: hold the answer back for a while, then deliver it whole;
- ``status:<code>[:<retry-after>]``: answer with that HTTP status (the request never reaches
  the server), e.g. ``status:503`` or ``status:429:2``.
"""

from __future__ import annotations

import random
import select
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Plan = Callable[[str], str | None]
"""Given the request line (e.g. ``POST /api/v1/sync/push HTTP/1.1``), the fault to inject."""


@dataclass
class Counts:
    connections: int = 0
    faults: dict[str, int] = field(default_factory=dict)


class FaultProxy:
    def __init__(self, target_port: int, plan: Plan | None = None, latency: float = 0.05) -> None:
        self.target = ("127.0.0.1", target_port)
        self.plan: Plan = plan or (lambda _line: None)
        self.latency = latency
        self.counts = Counts()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.1)  # so the accept loop notices when it should stop
        self.port = int(self._listener.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with self._lock:
            self.counts.connections += 1
        server = socket.create_connection(self.target)
        try:
            request = _read_request(client)
            if not request:
                return
            line = request.split(b"\r\n", 1)[0].decode("latin-1")
            fault = self.plan(line)
            if fault:
                with self._lock:
                    self.counts.faults[fault] = self.counts.faults.get(fault, 0) + 1
            if fault and fault.startswith("status:"):
                client.sendall(_synthetic(fault))
                return
            server.sendall(request)
            answer = _read_answer(server)
            if fault == "drop":
                return  # the server has answered (and committed); the client never hears
            if fault == "reset":
                client.sendall(answer[: max(1, len(answer) // 2)])
                _reset(client)
                return
            if fault == "latency":
                time.sleep(self.latency * (0.5 + random.random()))
            client.sendall(answer)
        except OSError:
            pass
        finally:
            server.close()
            client.close()


def _synthetic(fault: str) -> bytes:
    parts = fault.split(":")
    status = int(parts[1])
    body = b'{"reason": "invalid_request", "message": "Probeer later opnieuw.", "errors": [], "wipe": false}'
    headers = [f"HTTP/1.1 {status} Fault", "Content-Type: application/json", "Connection: close"]
    if len(parts) > 2:
        headers.append(f"Retry-After: {parts[2]}")
    headers.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def _reset(sock: socket.socket) -> None:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _read_request(sock: socket.socket) -> bytes:
    """The whole request: headers, then Content-Length bytes of body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    length = _content_length(head)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _read_answer(sock: socket.socket) -> bytes:
    """The server's whole answer: headers and Content-Length bytes (else until it closes)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = _recv(sock)
        if not chunk:
            return data
        data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    length = _content_length(head) if b"content-length" in head.lower() else None
    while length is None or len(body) < length:
        chunk = _recv(sock)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def _recv(sock: socket.socket) -> bytes:
    ready, _w, _x = select.select([sock], [], [], 30)
    return sock.recv(65536) if ready else b""


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _sep, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0
