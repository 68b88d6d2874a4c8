"""A real server on a throwaway PostgreSQL cluster, for the server benchmarks."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import httpx
from faker import Faker
from sqlalchemy import func, select

from server.core.db import analyze, make_engine, migrate, session_factory, transaction
from server.db_models import AuditPending
from server.services import admin
from tests.server.helpers import (
    Client,
    Device,
    PostgresCluster,
    World,
    running_server,
    settings_for,
    youth_fields,
)
from veldwerk_core.models.base import utc_now


@contextmanager
def server_world() -> Iterator[tuple[str, World]]:
    """Server URL and a world of enrolled devices; PostgreSQL with fsync on (durable)."""
    cluster = PostgresCluster(durable=True).start()
    try:
        url = cluster.create_database("bench")
        migrate(url)
        with tempfile.TemporaryDirectory(prefix="veldwerk-bench-") as folder:
            with running_server(url, Path(folder)) as server:
                with httpx.Client(base_url=server.url, timeout=60) as client:
                    world = World(settings_for(url), cast(Client, client)).build()
                    yield server.url, world
    finally:
        cluster.stop()


def devices_for(world: World, count: int) -> list[Device]:
    """``count`` enrolled devices spread over the world's case workers (not the administrator).

    Each is a device of its own, as in the field: one device never syncs twice at once, so the
    load generator must not share a device between its simulated devices either.
    """
    people = [(key, role) for key, _org, role in world.PEOPLE if key != "beheerder"]
    engine = make_engine(world.settings.database_url)
    codes: list[tuple[str, str]] = []
    try:
        with transaction(session_factory(engine)) as session:
            for number in range(count):
                key, _role = people[number % len(people)]
                code, _ = admin.enrollment_code(
                    session, world[key].user_id, world.settings.hmac_key(), 1, utc_now()
                )
                codes.append((key, code))
    finally:
        engine.dispose()
    devices = []
    for number, (key, code) in enumerate(codes):
        response = world.client.post(
            "/api/v1/enroll", json={"code": code, "device_name": f"load-{number}"}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        base = world[key]
        devices.append(
            Device(
                f"{key}-{number}",
                base.role,
                base.user_id,
                base.organisation_id,
                body["credential"],
                base.client,
                body["identity"]["device_id"],
            )
        )
    return devices


def distinct_youths(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` youths (Faker, nl_NL) of whom no two share a name and date of birth, as in a
    real municipality: "wie doet wat" matches on exactly that."""
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    seen: set[tuple[str, str, str]] = set()
    youths: list[dict[str, Any]] = []
    while len(youths) < count:
        fields = youth_fields(
            first_name=fake.first_name(),
            last_name=fake.last_name(),
            date_of_birth=fake.date_of_birth(minimum_age=10, maximum_age=22).isoformat(),
        )
        key = (fields["first_name"], fields["last_name"], fields["date_of_birth"])
        if key not in seen:
            seen.add(key)
            youths.append(fields)
    return youths


def settled(world: World, timeout_s: float = 120.0) -> None:
    """Wait until the server has linked every audit entry of a bulk load into the chain, and
    refresh the planner's statistics (as autovacuum would shortly after such a load), so that
    what is measured next is the request, not the load's aftermath."""
    engine = make_engine(world.settings.database_url)
    try:
        deadline = time.monotonic() + timeout_s
        with session_factory(engine)() as session:
            while session.execute(select(func.count()).select_from(AuditPending)).scalar_one():
                if time.monotonic() > deadline:
                    raise TimeoutError("the audit chainer did not catch up")
                session.rollback()
                time.sleep(0.2)
        analyze(engine)
    finally:
        engine.dispose()
