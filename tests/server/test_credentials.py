"""Device credentials are checked with SHA-256 on every request; argon2id hashes of the first
release keep working and are replaced the first time they match."""

from __future__ import annotations

from argon2 import PasswordHasher
from sqlalchemy import select, update

from server.core.db import make_engine, session_factory, transaction
from server.core.security import parse_credential
from server.db_models import Device
from tests.server.helpers import World


def stored_hash(world: World, device_id: str) -> str:
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            return session.execute(select(Device.secret_hash).where(Device.id == device_id)).one()[
                0
            ]
    finally:
        engine.dispose()


def test_credentials_are_stored_as_sha256_never_as_the_secret(world: World) -> None:
    worker = world["youth_worker"]
    credential = parse_credential(worker.credential)
    assert credential is not None
    stored = stored_hash(world, worker.device_id)
    assert stored.startswith("sha256$") and credential.secret not in stored


def test_an_argon2_hash_of_the_first_release_is_accepted_and_replaced(world: World) -> None:
    worker, colleague = world["youth_worker"], world["colleague"]
    credential = parse_credential(worker.credential)
    assert credential is not None
    legacy = PasswordHasher(time_cost=1, memory_cost=1024).hash(credential.secret)
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            session.execute(
                update(Device).where(Device.id == worker.device_id).values(secret_hash=legacy)
            )
    finally:
        engine.dispose()
    # Someone else's secret does not match the legacy hash either.
    wrong = worker.credential.rsplit(".", 1)[0] + "." + colleague.credential.rsplit(".", 1)[1]
    assert (
        world.client.get("/api/v1/device", headers={"Authorization": f"Bearer {wrong}"}).status_code
        == 401
    )
    assert stored_hash(world, worker.device_id) == legacy
    assert world.client.get("/api/v1/device", headers=worker.headers).status_code == 200
    assert stored_hash(world, worker.device_id).startswith("sha256$")
    assert world.client.get("/api/v1/device", headers=worker.headers).status_code == 200
