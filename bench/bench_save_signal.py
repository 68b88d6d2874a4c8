"""save_signal: one signal through the full write path, as the form saves it.

Validation against the configured taxonomy, the write path (validate, write, full-text index,
audit, outbox - one transaction, fsync) and the combination rules evaluated for the youth.

Two figures, by how many signals the youth already has when the next one is saved (the rules
read all of them within the longest window): a caseload where a youth collects up to 10
signals, and a heavy one where a youth collects up to 100.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from bench.common import fresh_session, percentiles, signal_data
from desktop.services.signals import Signals
from veldwerk_core.models import Youth

N = 2000


def _run(youth_count: int) -> list[float]:
    with fresh_session() as session:
        youths = [
            session.records.create(
                Youth,
                {"first_name": f"Bench{n}", "last_name": "Jongere", "date_of_birth": "01-01-2010"},
            ).record
            for n in range(youth_count)
        ]
        signals = Signals(session)
        samples = []
        for number in range(N):
            data = signal_data(youths[number % len(youths)].id, number, session.actor.name)
            started = time.perf_counter()
            signals.record(data)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def run() -> Iterator[dict[str, Any]]:
    for per_youth in (10, 100):
        samples = _run(N // per_youth)
        yield {
            "name": "save_signal",
            "n": N,
            "rules": True,
            "signals_per_youth_up_to": per_youth,
            **percentiles(samples),
            "goal_p95_ms": 10,
        }
