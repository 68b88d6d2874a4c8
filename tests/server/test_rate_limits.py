"""Rate limits that protect without locking out (issue 12, finding 7; core/attempts.py).

The app sits behind a trusted proxy at 127.0.0.1 here (``FORWARDED_ALLOW_IPS``), so a test
speaks from any address by the ``X-Forwarded-For`` the proxy appends; an untrusted client
connects from its own address. Limits are per server process and database-independent, so
these tests run on SQLite only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from server.api.main import create_app
from server.core.attempts import address_key, code_prefix
from server.core.config import Settings
from server.core.db import make_engine, session_factory, transaction
from server.services import admin
from tests.server.helpers import PROTOCOL, SECRET_KEY, World, copy_sqlite, settings_for
from veldwerk_core.models import utc_now

LIMIT = 3
PROXY = ("127.0.0.1", 40000)


@pytest.fixture
def proxied(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[TestClient, World]]:
    """The server behind a trusted proxy at 127.0.0.1 (requests come through it)."""
    url = copy_sqlite(sqlite_template, tmp_path / "server.db")
    settings = settings_for(url, failed_attempts=LIMIT, forwarded_allow_ips="127.0.0.1, ::1")
    app = create_app(settings, run_migrations=False)
    with TestClient(app, client=PROXY, headers=PROTOCOL) as client:
        yield client, World(settings, client).build()
    app.state.ctx.engine.dispose()


def via(address: str) -> dict[str, str]:
    """What the proxy adds: the address it saw, appended to what the client sent."""
    return {"X-Forwarded-For": address}


def code_for(world: World, user: str = "youth_worker") -> str:
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            code, _ = admin.enrollment_code(
                session, world[user].user_id, world.settings.hmac_key(), 1, utc_now()
            )
    finally:
        engine.dispose()
    return code


def enroll(client: TestClient, code: str, address: str) -> int:
    body = {"code": code, "device_name": "laptop"}
    return client.post("/api/v1/enroll", json=body, headers=via(address)).status_code


def whoami(client: TestClient, token: str, address: str) -> int:
    headers = {"Authorization": f"Bearer {token}", **via(address)}
    return client.get("/api/v1/device", headers=headers).status_code


def test_a_valid_device_keeps_working_while_someone_fails_from_its_address(
    proxied: tuple[TestClient, World],
) -> None:
    client, world = proxied
    device = world["youth_worker"]
    office = "198.51.100.7"
    other_device = f"vw1.{world['colleague'].device_id}.{'x' * 43}"
    answers = []
    for attempt in range(2 * LIMIT):
        answers.append(whoami(client, "vw1.nonsense", office))
        answers.append(whoami(client, other_device, office))
        assert whoami(client, device.credential, office) == 200, attempt
    assert answers[: 2 * LIMIT] == [401] * (2 * LIMIT)
    assert set(answers[2 * LIMIT :]) == {429}
    pushed = client.post(
        "/api/v1/sync/pull", json={"cursor": 0}, headers={**device.headers, **via(office)}
    )
    assert pushed.status_code == 200


def test_failing_secrets_are_limited_per_device_not_for_the_device_itself(
    proxied: tuple[TestClient, World],
) -> None:
    """Guesses at one device's secret from many addresses are limited for that device; the
    device with its own credential is never refused, from any address."""
    client, world = proxied
    target = world["colleague"]
    guess = f"vw1.{target.device_id}.{'g' * 43}"
    answers = [whoami(client, guess, f"203.0.113.{n}") for n in range(LIMIT + 2)]
    assert answers == [401] * LIMIT + [429, 429]
    assert whoami(client, target.credential, "203.0.113.1") == 200
    assert whoami(client, target.credential, "192.0.2.50") == 200
    # Another device is untouched by the guesses at this one, from the same addresses.
    other = world["boa"]
    assert whoami(client, f"vw1.{other.device_id}.{'g' * 43}", "203.0.113.1") == 401


def test_unknown_and_malformed_credentials_are_limited_per_address(
    proxied: tuple[TestClient, World],
) -> None:
    client, _world = proxied
    unknown = "vw1.00000000-0000-4000-8000-000000000000." + "u" * 43
    answers = [whoami(client, token, "203.0.113.9") for token in ["garbage", unknown] * LIMIT]
    assert answers[:LIMIT] == [401] * LIMIT and set(answers[LIMIT:]) == {429}
    assert whoami(client, "garbage", "203.0.113.10") == 401  # another address: not limited
    headers = {"Authorization": "Bearer vw1.x.y", **via("203.0.113.9")}
    response = client.get("/api/v1/device", headers=headers)
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert response.json()["reason"] == "rate_limited"


def test_failed_enrollment_codes_are_limited_per_address(
    proxied: tuple[TestClient, World],
) -> None:
    client, world = proxied
    for n in range(LIMIT):
        assert enroll(client, f"AAAA-BBBB-CCCC-{n:04d}", "203.0.113.20") == 403
    assert enroll(client, code_for(world), "203.0.113.20") == 429  # not even looked at
    assert enroll(client, code_for(world), "203.0.113.21") == 200


def test_failed_enrollment_codes_are_limited_per_code_prefix_across_addresses(
    proxied: tuple[TestClient, World],
) -> None:
    """Someone who knows a code's first group gets no more guesses from more addresses."""
    client, world = proxied
    code = code_for(world)
    first = code[:4]
    guesses = [f"{first}-ZZZZ-ZZZZ-ZZZ{n}" for n in "2345"][:LIMIT]
    assert all(code_prefix(guess) == first for guess in guesses)
    for n, guess in enumerate(guesses):
        assert enroll(client, guess, f"192.0.2.{n}") == 403
    assert enroll(client, code, "192.0.2.99") == 429  # the prefix is over its limit
    other = code_for(world, "colleague")
    if code_prefix(other) == first:  # 1 in 32**4: draw again
        other = code_for(world, "colleague")
    assert enroll(client, other, "192.0.2.99") == 200  # the address itself is not limited


def test_a_forged_forwarded_for_from_an_untrusted_client_changes_nothing(
    proxied: tuple[TestClient, World], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="veldwerk.server")
    _client, world = proxied
    app = world.client.app  # type: ignore[attr-defined]
    direct = TestClient(app, client=("203.0.113.66", 5000), headers=PROTOCOL)
    answers = [
        direct.get(
            "/api/v1/device",
            headers={"Authorization": "Bearer garbage", **via(f"10.0.0.{n}")},
        ).status_code
        for n in range(LIMIT + 1)
    ]
    assert answers == [401] * LIMIT + [429]
    assert "203.0.113.66" in caplog.text and "10.0.0." not in caplog.text
    device = world["youth_worker"]
    assert direct.get("/api/v1/device", headers=device.headers).status_code == 200


def test_behind_the_proxy_only_the_address_it_appended_counts(
    proxied: tuple[TestClient, World],
) -> None:
    """The client may put anything in front of the address the proxy appends."""
    client, _world = proxied
    answers = [
        client.get(
            "/api/v1/device",
            headers={"Authorization": "Bearer garbage", **via(f"10.9.9.{n}, 198.51.100.44")},
        ).status_code
        for n in range(LIMIT + 1)
    ]
    assert answers == [401] * LIMIT + [429]


def test_without_forwarded_allow_ips_no_proxy_is_believed(
    sqlite_template: Path, tmp_path: Path
) -> None:
    settings = settings_for(copy_sqlite(sqlite_template, tmp_path / "s.db"), failed_attempts=2)
    assert settings.trusted_proxies() == []
    app = create_app(settings, run_migrations=False)
    with TestClient(app, client=("127.0.0.1", 1), headers=PROTOCOL) as local:
        answers = [
            local.get(
                "/api/v1/device", headers={"Authorization": "Bearer x", **via(f"10.1.1.{n}")}
            ).status_code
            for n in range(3)
        ]
    app.state.ctx.engine.dispose()
    assert answers == [401, 401, 429]


@pytest.mark.parametrize("value", ["*", "proxy.example", "127.0.0.1, *"])
def test_trusted_proxies_are_addresses_or_networks(value: str) -> None:
    with pytest.raises(ValidationError, match="FORWARDED_ALLOW_IPS"):
        Settings(secret_key=SECRET_KEY, database_url="sqlite://", forwarded_allow_ips=value)
    settings = Settings(
        secret_key=SECRET_KEY, database_url="sqlite://", forwarded_allow_ips="10.0.0.0/8, ::1"
    )
    assert settings.trusted_proxies() == ["10.0.0.0/8", "::1"]


def test_ipv6_clients_count_per_64_and_the_window_ends() -> None:
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9")
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.1") == "192.0.2.1" == address_key("192.0.2.1")
    from server.core.attempts import AttemptLimiter

    now = [0.0]
    limiter = AttemptLimiter(2, timedelta(minutes=15).total_seconds(), clock=lambda: now[0])
    limiter.failed("k")
    limiter.failed("k")
    assert limiter.retry_after("k") == 901
    now[0] = 901.0
    assert limiter.retry_after("k") == 0
