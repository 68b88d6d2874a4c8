"""server_load: N simulated devices doing small push/pull cycles against the real server.

Each device pushes one new youth (or an edit) and then pulls, in a loop, for a fixed time.
Every simulated device is an enrolled device of its own (spread over the case workers).
Loopback only, bounded in time; reports requests/s, latency percentiles and error kinds.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any, cast

import httpx

from bench.common import percentiles
from bench.server_common import devices_for, server_world
from tests.server.helpers import Device, mutation, youth_fields
from veldwerk_core.models import new_id

DEVICES = 16
SECONDS = 20.0


def _device_loop(
    url: str, device: Device, stop: float, samples: list[float], errors: list[str]
) -> None:
    while time.monotonic() < stop:
        try:
            _cycles(url, device, stop, samples)
        except httpx.HTTPError as exc:  # counted, then the device reconnects
            errors.append(f"{type(exc).__name__}: {exc}"[:120])


def _cycles(url: str, device: Device, stop: float, samples: list[float]) -> None:
    with httpx.Client(base_url=url, timeout=30, headers=device.headers) as client:
        cursor, mine = 0, cast(list[tuple[str, int]], [])
        while time.monotonic() < stop:
            if mine and len(mine) % 3 == 0:
                record_id, version = mine[-1]
                body: dict[str, Any] = mutation(
                    "youth", record_id, {"wijk": f"Wijk {version}"}, base=version
                )
            else:
                body = mutation("youth", new_id(), youth_fields())
            started = time.perf_counter()
            response = client.post("/api/v1/sync/push", json={"mutations": [body]})
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise httpx.HTTPStatusError(
                    str(response.status_code), request=response.request, response=response
                )
            result = response.json()["results"][0]
            if result["status"] == "applied":
                if body["base_version"]:
                    mine[-1] = (body["record_id"], result["version"])
                else:
                    mine.append((body["record_id"], result["version"]))
            started = time.perf_counter()
            response = client.post("/api/v1/sync/pull", json={"cursor": cursor, "limit": 200})
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise httpx.HTTPStatusError(
                    str(response.status_code), request=response.request, response=response
                )
            cursor = response.json()["cursor"]


def _retries(url: str, administrator: Device) -> int:
    """Transactions the server ran again after losing a race (from its /metrics, which an
    administrator's credential reads)."""
    text = httpx.get(f"{url}/metrics", headers=administrator.headers).text
    return sum(
        int(float(line.rsplit(" ", 1)[1]))
        for line in text.splitlines()
        if line.startswith("veldwerk_transaction_retries_total")
    )


def run() -> Iterator[dict[str, Any]]:
    with server_world() as (url, world):
        devices = devices_for(world, DEVICES)
        samples: list[float] = []
        errors: list[str] = []
        stop = time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=_device_loop, args=(url, device, stop, samples, errors))
            for device in devices
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        retries = _retries(url, world["beheerder"])
    yield {
        "name": "server_load",
        "devices": DEVICES,
        "requests": len(samples),
        "errors": len(errors),
        "error_kinds": dict(Counter(errors).most_common(5)),
        "server_retries": retries,
        "requests_per_s": round(len(samples) / elapsed, 1),
        **percentiles(samples),
        "goal_requests_per_s": 200,
        "goal_p99_ms": 250,
    }
