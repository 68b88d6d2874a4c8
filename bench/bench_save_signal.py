"""save_signal: one signal through the full write path (validate, write, audit, outbox)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from bench.common import fresh_session, percentiles, signal_data
from desktop.models import Signal, Youth

N = 2000


def run() -> Iterator[dict[str, Any]]:
    with fresh_session() as session:
        youth = session.records.create(
            Youth, {"first_name": "Bench", "last_name": "Jongere", "date_of_birth": "01-01-2010"}
        ).record
        samples = []
        for number in range(N):
            data = signal_data(youth.id, number, session.actor.name)
            started = time.perf_counter()
            session.records.create(Signal, data)
            samples.append((time.perf_counter() - started) * 1000)
    yield {"name": "save_signal", "n": N, **percentiles(samples), "goal_p95_ms": 10}
