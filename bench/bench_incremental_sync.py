"""incremental_sync: a device with a municipality's data pushes 20 changes and pulls 20 made
elsewhere, against the real server on PostgreSQL over loopback; time per sync (the hourly
post-sync check excluded: it is not part of an everyday sync)."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.common import percentiles
from bench.sync_common import bulk_seed, durable_server, records
from desktop.models import Youth
from desktop.sync.transport import Transport
from tests.sync.support import Desk

CHANGES = 20
ROUNDS = 40


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


def run() -> Iterator[dict[str, Any]]:
    with durable_server() as server, tempfile.TemporaryDirectory() as folder:
        bulk_seed(server, "youth_worker", records(1000, 10_000, 200))
        here, there = Desk(Path(folder) / "here"), Desk(Path(folder) / "there")
        try:
            for desk in (here, there):
                desk.enroll(server, "youth_worker")
                desk.sync(server, check=True)
            youths = [y.id for y in here.session.records.select(Youth, limit=400)]
            samples, client = [], []
            for round_number in range(ROUNDS):
                for number in range(CHANGES):
                    there.youths().update(
                        youths[(round_number * CHANGES + number) % 200 + 200],
                        {"wijk": f"Wijk {round_number}-{number}"},
                    )
                there.sync(server, check=False)
                for number in range(CHANGES):
                    here.youths().update(
                        youths[(round_number * CHANGES + number) % 200],
                        {"school": f"School {round_number}-{number}"},
                    )
                with _Waiting() as waiting:
                    started = time.perf_counter()
                    report = here.sync(server, check=False)
                    total = time.perf_counter() - started
                samples.append(total * 1000)
                client.append((total - waiting.seconds) * 1000)
                assert report.applied == CHANGES and report.received >= CHANGES, report
        finally:
            here.close()
            there.close()
    yield {
        "name": "incremental_sync",
        "n": ROUNDS,
        "up": CHANGES,
        "down": CHANGES,
        **percentiles(samples),
        "client_p50_ms": percentiles(client)["p50_ms"],
        "client_p95_ms": percentiles(client)["p95_ms"],
    }
