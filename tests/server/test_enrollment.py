"""Enrollment codes, credentials, rotation, revocation and the failed-attempt limit
(its rules in detail: test_rate_limits.py)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from server.core.db import make_engine, session_factory, transaction
from server.services import admin, devices
from tests.server.helpers import World, worded
from veldwerk_core.models import utc_now
from veldwerk_core.models.actor import Role


def new_code(world: World, *, age_hours: int = 0) -> str:
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            code, _ = admin.enrollment_code(
                session,
                world["youth_worker"].user_id,
                world.settings.hmac_key(),
                1,
                utc_now() - timedelta(hours=age_hours),
            )
    finally:
        engine.dispose()
    return code


def enroll(client: TestClient, code: str) -> tuple[int, dict[str, object]]:
    response = client.post("/api/v1/enroll", json={"code": code, "device_name": "laptop"})
    return response.status_code, response.json()


def test_a_code_works_once_and_gives_a_working_credential(world: World) -> None:
    code = new_code(world)
    status, body = enroll(world.client, code.lower().replace("-", " "))
    assert status == 200
    identity = body["identity"]
    assert isinstance(identity, dict) and identity["role"] == Role.YOUTH_WORKER.value
    headers = {"Authorization": f"Bearer {body['credential']}"}
    assert world.client.get("/api/v1/device", headers=headers).status_code == 200
    status, again = enroll(world.client, code)
    assert status == 403 and again["reason"] == "enrollment_failed"


def test_an_expired_code_is_refused(world: World) -> None:
    status, body = enroll(world.client, new_code(world, age_hours=2))
    assert status == 403 and body["reason"] == "enrollment_failed"


def test_requests_without_a_valid_credential_are_refused(world: World) -> None:
    device = world["youth_worker"]
    for headers in (
        {},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": f"Bearer {device.credential[:-4]}abcd"},
    ):
        response = world.client.post("/api/v1/sync/pull", json={}, headers=headers)
        assert response.status_code == 401
        assert response.json()["reason"] == "unauthenticated"
        assert response.json()["wipe"] is False


def test_a_revoked_device_is_told_to_wipe(world: World) -> None:
    device = world["youth_worker"]
    engine = make_engine(world.settings.database_url)
    with transaction(session_factory(engine)) as session:
        assert devices.revoke(session, device.device_id, utc_now())
    engine.dispose()
    response = world.client.post("/api/v1/sync/pull", json={}, headers=device.headers)
    assert response.status_code == 403
    answer = response.json()
    assert (answer["reason"], answer["errors"], answer["wipe"]) == ("device_revoked", [], True)
    assert (
        worded(answer) == "Dit apparaat is ingetrokken. De gegevens op dit apparaat worden gewist."
    )
    assert world["colleague"].pull_page()["resync_required"] is False


def test_rotation_keeps_the_old_credential_until_the_new_one_is_used(world: World) -> None:
    device = world["youth_worker"]
    response = world.client.post("/api/v1/device/rotate", headers=device.headers)
    assert response.status_code == 200
    new = {"Authorization": f"Bearer {response.json()['credential']}"}
    old = device.headers
    assert world.client.get("/api/v1/device", headers=old).status_code == 200
    assert world.client.get("/api/v1/device", headers=new).status_code == 200
    assert world.client.get("/api/v1/device", headers=old).status_code == 401
    assert world.client.get("/api/v1/device", headers=new).status_code == 200


def test_failed_attempts_are_rate_limited_and_logged_without_secrets(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="veldwerk.server")
    guesses = [f"AAAA-BBBB-CCCC-{n:04d}" for n in range(world.settings.failed_attempts)]
    for guess in guesses:
        assert enroll(world.client, guess)[0] == 403
    limited = world.client.post(
        "/api/v1/enroll", json={"code": new_code(world), "device_name": "laptop"}
    )
    status, body = limited.status_code, limited.json()
    assert status == 429 and body["reason"] == "rate_limited"
    # Enrolled devices from the same address are not locked out by the failures (issue 12).
    response = world.client.get("/api/v1/device", headers=world["colleague"].headers)
    assert response.status_code == 200
    assert int(limited.headers["Retry-After"]) > 0
    assert any("enrollment" in record.message for record in caplog.records)
    logged = caplog.text
    assert not any(guess in logged for guess in guesses)
    assert world["colleague"].credential not in logged
