"""meeting_agenda: the regisseur's proposed agenda for the early-signalling meeting, in a
municipality of 10,000 youths of which 500 are flagged (two serious signals each), with three
participants whose lawful view is worked out per youth (PostgreSQL, over HTTP)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from bench.common import percentiles
from bench.server_common import distinct_youths, server_world, settled
from tests.server.helpers import mutation, signal_fields
from veldwerk_core.models import new_id

YOUTHS = 10_000
FLAGGED = 500
REPEAT = 30
BATCH = 250


def run() -> Iterator[dict[str, Any]]:
    with server_world() as (_url, world):
        owners = [world["boa"], world["youth_worker"], world["school"]]
        batches: dict[str, list[dict[str, Any]]] = {owner.name: [] for owner in owners}
        for number, fields in enumerate(distinct_youths(YOUTHS)):
            owner = owners[number % len(owners)]
            youth = new_id()
            batch = batches[owner.name]
            batch.append(mutation("youth", youth, fields))
            if number < FLAGGED:
                batch += [
                    mutation("signal", new_id(), signal_fields([youth], severity="high"))
                    for _ in range(2)
                ]
        for owner in owners:
            batch = batches[owner.name]
            for start in range(0, len(batch), BATCH):
                owner.push(*batch[start : start + BATCH])
        settled(world)
        regisseur = world["regisseur"]
        body = {"participants": [owner.user_id for owner in owners]}
        samples = []
        items = 0
        for _ in range(REPEAT):
            started = time.perf_counter()
            answer = regisseur.client.post(
                "/api/v1/meetings/agenda", json=body, headers=regisseur.headers
            )
            samples.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.text
            items = len(answer.json()["items"])
        assert items == FLAGGED, items
    yield {
        "name": "meeting_agenda",
        "youths": YOUTHS,
        "flagged": FLAGGED,
        "n": REPEAT,
        **percentiles(samples),
    }
