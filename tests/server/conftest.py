"""Server test fixtures: a throwaway PostgreSQL 15 cluster for the session, a fresh database
per test (PostgreSQL from a migrated template, or a copied SQLite file), and the app."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.api.main import create_app
from server.core.db import migrate
from tests.server.helpers import PROTOCOL, PostgresCluster, World, copy_sqlite, settings_for
from tests.sync.fixtures import TEMPLATE


@pytest.fixture(scope="session")
def pg_cluster(sync_pg: PostgresCluster) -> PostgresCluster:
    """The session's one PostgreSQL cluster (tests/sync/fixtures.py), with a migrated template."""
    return sync_pg


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def pg_url(pg_cluster: PostgresCluster) -> Iterator[str]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield pg_cluster.create_database(name, template=TEMPLATE)
    pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated database: each test using it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return copy_sqlite(request.getfixturevalue("sqlite_template"), tmp_path / "server.db")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    app = create_app(settings_for(database_url), run_migrations=False)
    with TestClient(app, headers=PROTOCOL) as test_client:
        yield test_client
    app.state.ctx.engine.dispose()


@pytest.fixture
def world(client: TestClient, database_url: str) -> World:
    return World(settings_for(database_url), client).build()
