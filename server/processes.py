"""Several server processes on one port, each accepting on a listening socket of its own.

Python runs one thread at a time per process, so the server uses one process per core. With
one shared listening socket (uvicorn's ``--workers``) the first process to wake up accepts
every waiting connection at once: devices that connect together all land on one process and
the other idles. With ``SO_REUSEPORT`` every process has its own socket on the same port and
the kernel spreads new connections over them.

If one process ends, the others are stopped as well and ``serve`` exits with an error, so the
service manager (systemd) restarts the whole server.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
from multiprocessing.connection import wait
from types import FrameType
from typing import Any

log = logging.getLogger("veldwerk.server")
APP = "server.api.main:app_from_environment"


def can_share_port() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def serve(count: int, options: dict[str, Any]) -> int:
    """Run ``count`` server processes until a signal stops them (0) or one of them ends (1)."""
    context = multiprocessing.get_context("spawn")
    children = [
        context.Process(target=_child, args=(options,), name=f"veldwerk-server-{number}")
        for number in range(count)
    ]
    stopping = False

    def stop(_signal: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for child in children:
            if child.is_alive():
                child.terminate()  # SIGTERM: uvicorn finishes the requests in progress

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for child in children:
        child.start()
    log.info("started %d server processes on port %s", count, options["port"])
    ready = wait([child.sentinel for child in children])
    if not stopping:
        ended = ", ".join(child.name for child in children if child.sentinel in ready)
        log.error("server process %s ended; stopping the server", ended)
    for child in children:
        child.terminate()  # a no-op for a process that has ended
    for child in children:
        child.join(timeout=30)
        if child.is_alive():
            child.kill()
            child.join()
    return 0 if stopping else 1


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket of this process's own on the shared port (SO_REUSEPORT)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not the default 0: asyncio turns Nagle off (TCP_NODELAY) only for sockets
    # that say they are TCP, and accepted connections inherit this socket's protocol. Without
    # it every response (headers and body are two writes) waited ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _child(options: dict[str, Any]) -> None:  # runs in the server process
    import uvicorn

    sock = listening_socket(options["host"], options["port"])
    config = uvicorn.Config(APP, factory=True, **options)
    uvicorn.Server(config).run(sockets=[sock])
