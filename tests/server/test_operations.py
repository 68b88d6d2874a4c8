"""Operations endpoints and what every answer carries (issue 12, findings 6 and 8):
/metrics for administrators only, API documentation only when switched on, HSTS over TLS,
and the last resort - an unforeseen failure is a documented 500 without personal data in
the log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import DataError

from server.api.main import create_app
from server.services import state
from tests.server.helpers import PROTOCOL, World, copy_sqlite, settings_for

DOCS = ("/docs", "/redoc", "/openapi.json")
HSTS = "strict-transport-security"


@pytest.fixture
def make_client(sqlite_template: Path, tmp_path: Path) -> Iterator[object]:
    """A client of a fresh app on SQLite with these settings (and its world)."""
    apps = []

    def make(**overrides: object) -> tuple[TestClient, World]:
        url = copy_sqlite(sqlite_template, tmp_path / f"server-{len(apps)}.db")
        settings = settings_for(url, **overrides)
        app = create_app(settings, run_migrations=False)
        client = TestClient(app, headers=PROTOCOL, client=("127.0.0.1", 5000))
        client.__enter__()
        apps.append((app, client))
        return client, World(settings, client).build()

    yield make
    for app, client in apps:
        client.__exit__(None, None, None)
        app.state.ctx.engine.dispose()


def test_metrics_need_an_administrators_credential(world: World) -> None:
    client = world.client
    assert client.get("/metrics").status_code == 401
    refused = client.get("/metrics", headers=world["regisseur"].headers)
    assert (refused.status_code, refused.json()["reason"]) == (403, "forbidden")
    allowed = client.get("/metrics", headers=world["beheerder"].headers)
    assert allowed.status_code == 200 and "veldwerk_requests_total" in allowed.text


def test_the_api_documentation_is_off_unless_switched_on(make_client: object) -> None:
    client, _world = make_client()  # type: ignore[operator]
    for path in DOCS:
        answer = client.get(path)
        assert (answer.status_code, answer.json()["reason"]) == (404, "not_found"), path
    documented, _world = make_client(api_docs=True)  # type: ignore[operator]
    for path in DOCS:
        assert documented.get(path).status_code == 200, path
    assert "/api/v1/sync/push" in documented.get("/openapi.json").json()["paths"]


def test_every_answer_carries_hsts_when_the_server_serves_tls(
    make_client: object, tmp_path: Path
) -> None:
    tls = {"tls_certfile": tmp_path / "c.pem", "tls_keyfile": tmp_path / "k.pem"}
    client, world = make_client(**tls)  # type: ignore[operator]
    answers = [
        client.get("/health"),
        client.get("/nowhere"),
        client.get("/api/v1/device"),
        client.post("/api/v1/sync/pull", json={"cursor": -1}, headers=world["boa"].headers),
        client.delete("/api/v1/sync/pull"),
    ]
    assert [answer.status_code for answer in answers] == [200, 404, 401, 422, 405]
    assert all(answer.headers[HSTS] == "max-age=31536000" for answer in answers)


def test_hsts_behind_a_trusted_tls_proxy_and_not_over_plain_http(make_client: object) -> None:
    plain, _world = make_client()  # type: ignore[operator]
    assert HSTS not in plain.get("/health").headers
    forged = plain.get("/health", headers={"X-Forwarded-Proto": "https"})
    assert HSTS not in forged.headers  # no trusted proxy: the header is the client's word
    proxied, _world = make_client(forwarded_allow_ips="127.0.0.1")  # type: ignore[operator]
    answer = proxied.get("/health", headers={"X-Forwarded-Proto": "https"})
    assert answer.headers[HSTS] == "max-age=31536000"


@pytest.mark.parametrize(
    "failure",
    [
        RuntimeError("Daan Visser, 2010-04-01"),
        DataError("INSERT ... 'Daan Visser'", {"name": "Daan Visser"}, Exception("Visser")),
    ],
    ids=["bug", "database"],
)
def test_an_unforeseen_failure_is_a_documented_500_and_logs_no_data(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    failure: Exception,
) -> None:
    def broken(*_args: object) -> object:
        raise failure

    monkeypatch.setattr(state, "state", broken)
    caplog.set_level(logging.INFO)
    device = world["youth_worker"]
    answer = world.client.get("/api/v1/sync/state", headers=device.headers)
    assert answer.status_code == 500
    assert answer.json() == {
        "reason": "internal_error",
        "message": "The server could not answer this request.",
        "errors": [],
        "wipe": False,
    }
    assert answer.headers["veldwerk-protocol"] == PROTOCOL["Veldwerk-Protocol"]
    [logged] = [r for r in caplog.records if r.name == "veldwerk.server.api"]
    assert type(failure).__name__ in logged.getMessage()
    assert "/api/v1/sync/state" in logged.getMessage() and logged.exc_info is None
    assert "Visser" not in caplog.text and "2010" not in caplog.text
    # The server goes on answering.
    monkeypatch.undo()
    assert world.client.get("/api/v1/sync/state", headers=device.headers).status_code == 200


def test_the_openapi_document_names_every_status(world: World) -> None:
    document = world.client.app.openapi()  # type: ignore[attr-defined]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert {"413", "500"} <= statuses, (method, path)
            if path.startswith("/api/"):
                assert {"400", "401", "403", "404", "422", "426", "429"} <= statuses, path
            for status in statuses - {"200"}:
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"]["$ref"].endswith("/ErrorResponse"), (path, status)
