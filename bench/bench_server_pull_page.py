"""server_pull_page: time to serve a 1,000-row pull page over HTTP (PostgreSQL), and its size:
bytes per row on the wire (as the app's httpx asks: gzip) and as JSON."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

from bench.common import percentiles
from bench.server_common import server_world, settled
from tests.server.helpers import involvement_fields, mutation, signal_fields, youth_fields
from veldwerk_core.models import new_id

ROWS = 1000
REPEAT = 20


def run() -> Iterator[dict[str, Any]]:
    with server_world() as (_url, world):
        worker = world["youth_worker"]
        batch: list[dict[str, Any]] = []
        for _ in range(ROWS // 4):
            youth = new_id()
            batch += [
                mutation("youth", youth, youth_fields()),
                mutation("involvement", new_id(), involvement_fields(youth, worker.user_id)),
                mutation("signal", new_id(), signal_fields([youth])),
                mutation("signal", new_id(), signal_fields([youth], category="geweld")),
            ]
        for start in range(0, len(batch), 250):
            worker.push(*batch[start : start + 250])
        settled(world)
        samples = []
        wire = json = 0
        for _ in range(REPEAT):
            started = time.perf_counter()
            response = world.client.post(
                "/api/v1/sync/pull", json={"cursor": 0, "limit": ROWS}, headers=worker.headers
            )
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200 and len(response.json()["records"]) == ROWS
            wire, json = response.num_bytes_downloaded, len(response.content)
            encoding = response.headers.get("content-encoding", "identity")
    yield {
        "name": "server_pull_page",
        "rows": ROWS,
        "n": REPEAT,
        "min_ms": round(min(samples), 3),
        **percentiles(samples),
        "content_encoding": encoding,
        "wire_bytes_per_row": round(wire / ROWS),
        "json_bytes_per_row": round(json / ROWS),
        "load_average": round(os.getloadavg()[0], 2),
    }
