"""Seeding a real server with a municipality's worth of records, for the sync benchmarks."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import httpx
from sqlalchemy import insert, select

from bench.server_common import server_world
from server.core.db import analyze, make_engine, session_factory, transaction
from server.db_models import Municipality, Organisation, RecordYouth, StoredRecord
from server.services.records import derive
from tests.server.helpers import (
    Device,
    goal_fields,
    mutation,
    signal_fields,
    trajectory_fields,
    youth_fields,
)
from tests.sync.support import Server
from veldwerk_core import kinds
from veldwerk_core.kinds import linked_youths
from veldwerk_core.models import RECORD_TYPES, new_id
from veldwerk_core.models.base import STORED
from veldwerk_core.protocol import BOOKKEEPING_FIELDS

BATCH = 500


@contextmanager
def durable_server() -> Iterator[Server]:
    """The real server (subprocess) on a durable PostgreSQL cluster, with a world of users."""
    with server_world() as (url, world):
        yield Server(url, cast(httpx.Client, world.client), world.settings, world)


@contextmanager
def timed_page_storing() -> Iterator[list[float]]:
    """Seconds spent storing pulled pages (``pull_apply.apply_page``) while inside: the
    device's own share of a sync, beside waiting for the server."""
    from desktop.store import pull_apply

    storing = [0.0]
    original = pull_apply.apply_page

    def timed(*args: Any) -> pull_apply.PageApplied:
        begun = time.perf_counter()
        try:
            return original(*args)
        finally:
            storing[0] += time.perf_counter() - begun

    pull_apply.apply_page = timed  # type: ignore[assignment]
    try:
        yield storing
    finally:
        pull_apply.apply_page = original


def agreement_fields(trajectory_id: object, number: int) -> dict[str, Any]:
    return {
        "trajectory_id": str(trajectory_id),
        "party": ("youth", "coach", "school")[number % 3],
        "who": "Jongere",
        "what": f"Afspraak {number}: op tijd op school en elke week bij de coach.",
        "due": (date.today() + timedelta(days=30 + number)).isoformat(),
    }


def records(
    youths: int, signals: int, trajectories: int, *, seed: int = 7
) -> Iterator[dict[str, Any]]:
    """Mutations for a municipality: youths, signals about them, trajectories with goals and
    agreements (two goals and three agreements each)."""
    rng = random.Random(seed)
    youth_ids = [new_id() for _ in range(youths)]
    for number, youth_id in enumerate(youth_ids):
        yield mutation(
            "youth",
            youth_id,
            youth_fields(first_name=f"Jongere{number}", wijk=("Noord", "Zuid", "Oost")[number % 3]),
        )
    now = datetime.now(UTC)
    for number in range(signals):
        about = youth_ids[rng.randrange(youths)]
        yield mutation(
            "signal",
            new_id(),
            signal_fields(
                [about],
                occurred_at=(now - timedelta(minutes=rng.randrange(60 * 24 * 300))).isoformat(),
                category=("overlast", "geweld", "drugs_handel", "schoolverzuim")[number % 4],
                description=f"Signaal {number}: groep bij de skatebaan, harde muziek.",
            ),
        )
    for number in range(trajectories):
        trajectory = new_id()
        yield mutation("trajectory", trajectory, trajectory_fields(youth_ids[number % youths]))
        for _ in range(2):
            yield mutation("goal", new_id(), goal_fields(trajectory))
        for part in range(3):
            yield mutation("agreement", new_id(), agreement_fields(trajectory, part))


def bulk_seed(server: Server, user: str, mutations: Iterator[dict[str, Any]]) -> int:
    """Store records straight in the server's database, as push would (same models, same
    derived columns), in bulk: pushing 100,000 records one batch at a time takes far longer
    than the benchmark it prepares."""
    device = server.world[user]
    engine = make_engine(server.settings.database_url)
    rows = 0
    try:
        with transaction(session_factory(engine)) as db:
            municipality = db.execute(
                select(Municipality)
                .join(Organisation, Organisation.municipality_id == Municipality.id)
                .where(Organisation.id == device.organisation_id)
                .with_for_update()
            ).scalar_one()
            youth_of: dict[str, str] = {}
            chunk: list[dict[str, Any]] = []
            links: list[dict[str, Any]] = []
            for item in mutations:
                row = _stored(db, item, municipality, device, youth_of)
                chunk.append(row)
                links += [
                    {"record_id": row["id"], "youth_id": youth, "municipality_id": municipality.id}
                    for youth in linked_youths(row["kind"], row["data"])
                ]
                if len(chunk) >= 5000:
                    rows += _insert(db, chunk, links)
                    chunk, links = [], []
            rows += _insert(db, chunk, links)
        analyze(engine)  # as after any bulk load: plans made without statistics take seconds
    finally:
        engine.dispose()
    return rows


def _stored(
    db: Any, item: dict[str, Any], municipality: Any, device: Device, youth_of: dict[str, str]
) -> dict[str, Any]:
    kind = item["record_kind"]
    now = datetime.now(UTC)
    data = stored_data(item, now)
    municipality.last_seq += 1
    row = StoredRecord(
        id=item["record_id"],
        kind=kind,
        municipality_id=municipality.id,
        version=1,
        seq=municipality.last_seq,
        deleted=False,
        data=data,
        field_versions={name: 1 for name in data if name not in BOOKKEEPING_FIELDS},
        created_by=device.user_id,
        owner_org_id=device.organisation_id,
        updated_at=now,
    )
    parent = kinds.parent_id(kind, data)
    if parent is not None and parent in youth_of:  # a part: its youth is its parent's
        row.parent_id = parent
        row.youth_id = youth_of[parent]
    else:
        derive(db, row)
    if kind in kinds.parent_kinds():
        youth_of[row.id] = str(row.youth_id)
    columns = StoredRecord.__table__.columns.keys()
    return {name: getattr(row, name) for name in columns}


def stored_data(item: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The record a mutation makes, as the server stores and sends it."""
    return (
        RECORD_TYPES[item["record_kind"]]
        .model_validate(
            {**item["fields"], "id": item["record_id"], "created_at": now, "updated_at": now},
            context={STORED: True},
        )
        .dump()
    )


def _insert(db: Any, chunk: list[dict[str, Any]], links: list[dict[str, Any]]) -> int:
    if chunk:
        db.execute(insert(StoredRecord), chunk)
    if links:
        db.execute(insert(RecordYouth), links)
    return len(chunk)


def seed(device: Device, mutations: Iterator[dict[str, Any]]) -> tuple[int, float]:
    """Push everything in batches; returns (rows, seconds)."""
    started = time.perf_counter()
    rows = 0
    batch: list[dict[str, Any]] = []
    for item in mutations:
        batch.append(item)
        if len(batch) == BATCH:
            rows += _push(device, batch)
            batch = []
    if batch:
        rows += _push(device, batch)
    return rows, time.perf_counter() - started


def _push(device: Device, batch: list[dict[str, Any]]) -> int:
    results = device.push(*batch)
    refused = [result for result in results if result["status"] != "applied"]
    assert not refused, refused[:3]
    return len(batch)
