"""open_timeline: everything the youth view needs for a youth with 200 signals (audited read).

The youth, relations, involved professionals, groups, flags with their explanation and the 200
signals, loaded through the service the view calls, in a 10k-youth / 100k-signal vault.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from bench.common import bulk_vault, open_bench_session, percentiles, signal_data
from desktop.services.timeline import open_timeline
from veldwerk_core.models import Signal, Youth

SIGNALS = 200
RUNS = 40


def run() -> Iterator[dict[str, Any]]:
    data_dir = bulk_vault("search-10k-100k", youths=10_000, signals=100_000)
    session = open_bench_session(data_dir)
    try:
        youth = session.records.create(
            Youth, {"first_name": "Tijdlijn", "last_name": "Bench", "date_of_birth": "02-02-2010"}
        ).record
        with session.vault.transaction():
            for number in range(SIGNALS):
                session.records.create(Signal, signal_data(youth.id, number, "Bench"))
        open_timeline(session, youth.id)  # warm
        samples = []
        for _ in range(RUNS):
            started = time.perf_counter()
            timeline = open_timeline(session, youth.id)
            samples.append((time.perf_counter() - started) * 1000)
        assert len(timeline.entries) == SIGNALS
        # Leave the shared bench vault as it was.
        with session.vault.transaction():
            for entry in timeline.entries:
                session.records.delete(Signal, entry.record.id)
            session.records.delete(Youth, youth.id)
    finally:
        session.lock()
    yield {
        "name": "open_timeline",
        "signals": SIGNALS,
        "runs": RUNS,
        **percentiles(samples),
        "goal_ms": 50,
    }
