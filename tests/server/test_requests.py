"""Malformed and oversized requests: a 4xx with a Dutch reason per field, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from server.api.main import create_app
from tests.server.helpers import World, copy_sqlite, settings_for, worded, worded_errors
from veldwerk_core.protocol import PullRequest, PushRequest

ENGLISH = ("Field required", "Input should", "JSON decode", "valid UUID")


def english_free(body: dict[str, object]) -> bool:
    text = str(body)
    return not any(phrase in text for phrase in ENGLISH)


def test_malformed_push_gets_dutch_messages_per_field(world: World) -> None:
    worker = world["youth_worker"]
    body = {"mutations": [{"record_kind": "planeet", "op": "upsert"}]}
    response = worker.client.post("/api/v1/sync/push", json=body, headers=worker.headers)
    assert response.status_code == 422
    answer = response.json()
    assert answer["reason"] == "invalid_request" and english_free(answer)
    messages = worded_errors(PushRequest, answer)
    assert messages["mutations.0.mutation_id"] == "Mutation_id is verplicht."
    assert messages["mutations.0.record_kind"].startswith("Record_kind heeft een onbekende waarde")
    assert "youth" in messages["mutations.0.record_kind"]


def test_broken_json_and_a_bad_path_are_explained_in_dutch(world: World) -> None:
    worker = world["youth_worker"]
    response = worker.client.post(
        "/api/v1/sync/pull",
        content=b'{"cursor": 1,',
        headers={**worker.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    [message] = worded_errors(PullRequest, response.json()).values()
    assert message == "Het verzoek is geen geldige JSON."
    regisseur = world["regisseur"]
    response = regisseur.client.get(
        "/api/v1/youths/geen-id/access-report", headers=regisseur.headers
    )
    assert response.status_code == 422
    assert worded_errors(None, response.json()) == {
        "youth_id": "Youth_id is geen geldige verwijzing."
    }


@pytest.fixture
def small_limit(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[TestClient, World]]:
    url = copy_sqlite(sqlite_template, tmp_path / "server.db")
    settings = settings_for(url, max_request_mb=1)
    app = create_app(settings, run_migrations=False)
    with TestClient(app) as client:
        yield client, World(settings, client).build()
    app.state.ctx.engine.dispose()


def test_a_body_over_the_limit_gets_413_with_a_dutch_reason(
    small_limit: tuple[TestClient, World],
) -> None:
    client, world = small_limit
    worker = world["youth_worker"]
    big = b'{"mutations": [' + b" " * (1024 * 1024) + b"]}"
    declared = client.post(
        "/api/v1/sync/push",
        content=big,
        headers={**worker.headers, "Content-Type": "application/json"},
    )
    assert declared.status_code == 413
    answer = declared.json()
    assert answer["reason"] == "invalid_request"
    assert worded(answer).startswith("Het verzoek is te groot: hoogstens 1 MB.")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"mutations": ['
        for _ in range(40):
            yield b" " * 32 * 1024
        yield b"]}"

    streamed = client.post(
        "/api/v1/sync/push",
        content=chunks(),
        headers={**worker.headers, "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413
    small = client.post("/api/v1/sync/pull", json={"cursor": 0}, headers=worker.headers)
    assert small.status_code == 200


def test_connections_lost_in_a_database_restart_cost_no_request(pg_url: str) -> None:
    """The pool does not ping before each request; a dead connection is replaced on retry."""
    settings = settings_for(pg_url)
    app = create_app(settings, run_migrations=False)
    with TestClient(app) as client:
        world = World(settings, client).build()
        worker = world["youth_worker"]
        assert client.get("/api/v1/device", headers=worker.headers).status_code == 200
        url = make_url(pg_url)
        with psycopg.connect(
            host=url.host, port=url.port, user=url.username, dbname="postgres", autocommit=True
        ) as admin:
            ended = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (url.database,),
            ).fetchone()
        assert ended is not None and ended[0] >= 1
        assert client.get("/api/v1/device", headers=worker.headers).status_code == 200
        pulled = client.post("/api/v1/sync/pull", json={"cursor": 0}, headers=worker.headers)
        assert pulled.status_code == 200
        assert client.get("/health").status_code == 200
    app.state.ctx.engine.dispose()
