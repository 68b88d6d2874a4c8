"""incremental_sync: a device with a municipality's data pushes 20 changes and pulls 20 made
elsewhere, against the real server on PostgreSQL over loopback; time per sync (the hourly
post-sync check excluded: it is not part of an everyday sync).

Two figures: everyday edits (contact notes up, wijk down: nobody's scope changes), and edits
that move scopes (a youth's school decides what a school coordinator sees), after which the
server compares each device's holdings with its scope once (server/services/pull.py).
"""

from __future__ import annotations

import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.common import percentiles
from bench.sync_common import bulk_seed, durable_server, records
from desktop.sync.transport import Transport
from tests.sync.support import Desk, Server
from veldwerk_core.models import Youth

CHANGES = 20
ROUNDS = 30
FIELDS = {"everyday": "contact_notes", "scope_moves": "school"}


class _Waiting:
    """Time spent waiting for the server (the rest of a sync is the client's own work)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._call = Transport._call

    def __enter__(self) -> _Waiting:
        original = self._call

        def timed(transport: Transport, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(transport, *args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        Transport._call = timed  # type: ignore[method-assign, assignment]
        return self

    def __exit__(self, *_exc: object) -> None:
        Transport._call = self._call  # type: ignore[method-assign]


def _rounds(
    server: Server, here: Desk, there: Desk, youths: list[uuid.UUID], field: str
) -> tuple[list[float], list[float]]:
    """Milliseconds per sync of ``here`` (total, and its own share); it edits ``field``."""
    samples: list[float] = []
    client: list[float] = []
    for round_number in range(ROUNDS):
        for number in range(CHANGES):
            there.youths().update(
                youths[(round_number * CHANGES + number) % 200 + 200],
                {"wijk": f"Wijk {field} {round_number}-{number}"},
            )
        there.sync(server, check=False)
        for number in range(CHANGES):
            here.youths().update(
                youths[(round_number * CHANGES + number) % 200],
                {field: f"{field} {round_number}-{number}"},
            )
        with _Waiting() as waiting:
            started = time.perf_counter()
            report = here.sync(server, check=False)
            total = time.perf_counter() - started
        samples.append(total * 1000)
        client.append((total - waiting.seconds) * 1000)
        assert report.applied == CHANGES and report.received >= CHANGES, report
    return samples, client


def run() -> Iterator[dict[str, Any]]:
    results: dict[str, tuple[list[float], list[float]]] = {}
    with durable_server() as server, tempfile.TemporaryDirectory() as folder:
        bulk_seed(server, "youth_worker", records(1000, 10_000, 200))
        here, there = Desk(Path(folder) / "here"), Desk(Path(folder) / "there")
        try:
            for desk in (here, there):
                desk.enroll(server, "youth_worker")
                desk.sync(server, check=True)
            youths = [y.id for y in here.session.records.select(Youth, limit=400)]
            for kind, field in FIELDS.items():
                results[kind] = _rounds(server, here, there, youths, field)
        finally:
            here.close()
            there.close()
    for kind, (samples, client) in results.items():
        yield {
            "name": "incremental_sync",
            "edits": kind,
            "n": ROUNDS,
            "up": CHANGES,
            "down": CHANGES,
            **percentiles(samples),
            "client_p50_ms": percentiles(client)["p50_ms"],
            "client_p95_ms": percentiles(client)["p95_ms"],
            "goal_p50_ms": 60,
        }
