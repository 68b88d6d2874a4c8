"""match_notice: a second organisation registers a youth another already has (same name and
date of birth); the time from sending that registration until the other side's "wie doet wat"
notice exists on the server (it is made in the same transaction: the push's answer is the end),
in a municipality holding 5,000 youths (PostgreSQL, over HTTP)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select

from bench.common import percentiles
from bench.server_common import distinct_youths, server_world, settled
from server.core.db import make_engine, session_factory
from server.db_models import StoredRecord
from tests.server.helpers import mutation
from veldwerk_core.models import new_id

YOUTHS = 5_000
MATCHES = 100
BATCH = 250


def run() -> Iterator[dict[str, Any]]:
    with server_world() as (_url, world):
        boa, worker = world["boa"], world["youth_worker"]
        registered = distinct_youths(YOUTHS)
        batch = [mutation("youth", new_id(), fields) for fields in registered]
        for start in range(0, len(batch), BATCH):
            boa.push(*batch[start : start + BATCH])
        settled(world)
        # The same registration of a youth nobody else has: what the match itself adds.
        alone = []
        for fields in distinct_youths(MATCHES, seed=11):
            started = time.perf_counter()
            [result] = worker.push(mutation("youth", new_id(), {**fields, "last_name": "Uniek"}))
            alone.append((time.perf_counter() - started) * 1000)
            assert result["status"] == "applied", result
        samples = []
        for fields in registered[:MATCHES]:
            again = {**fields, "wijk": "Zuid"}
            started = time.perf_counter()
            [result] = worker.push(mutation("youth", new_id(), again))
            samples.append((time.perf_counter() - started) * 1000)
            assert result["status"] == "applied", result
        engine = make_engine(world.settings.database_url)
        try:
            with session_factory(engine)() as session:
                notices = session.execute(
                    select(func.count())
                    .select_from(StoredRecord)
                    .where(StoredRecord.kind == "notice")
                ).scalar_one()
        finally:
            engine.dispose()
        assert notices == 2 * MATCHES, notices
    yield {"name": "match_notice", "youths": YOUTHS, "n": MATCHES, **percentiles(samples)}
    yield {"name": "register_without_match", "youths": YOUTHS, "n": MATCHES, **percentiles(alone)}
