"""Fixtures for the sync tests (tests/sync, tests/e2e, tests/reliability), loaded by the root
conftest: one throwaway PostgreSQL cluster for them all, a fresh database per test."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

TEMPLATE = "veldwerk_sync_template"


@pytest.fixture(scope="session")
def sync_pg() -> Iterator[Any]:
    from server.core.db import migrate
    from tests.server.helpers import PostgresCluster

    cluster = PostgresCluster().start()
    try:
        migrate(cluster.create_database(TEMPLATE))
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def sync_db_url(sync_pg: Any) -> Iterator[str]:
    name = f"s_{uuid.uuid4().hex[:12]}"
    url: str = sync_pg.create_database(name, template=TEMPLATE)
    yield url
    sync_pg.drop_database(name)


@pytest.fixture(scope="module")
def real_server(sync_pg: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The real server as a process (loopback, PostgreSQL), shared by a module's tests."""
    from tests.sync.support import process_server

    name = f"r_{uuid.uuid4().hex[:12]}"
    url: str = sync_pg.create_database(name, template=TEMPLATE)
    try:
        with process_server(url, tmp_path_factory.mktemp("server")) as running:
            yield running
    finally:
        sync_pg.drop_database(name)


@pytest.fixture
def server(sync_db_url: str) -> Iterator[Any]:
    """The real server app in this process, on a fresh PostgreSQL database."""
    from tests.sync.support import inprocess_server

    with inprocess_server(sync_db_url) as running:
        yield running


@pytest.fixture
def desks(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Make desktop clients (each with its own vault); all are closed afterwards."""
    from tests.sync.support import Desk

    made: list[Desk] = []

    def make(name: str = "desk", **options: Any) -> Desk:
        desk = Desk(tmp_path / f"{name}-{len(made)}", **options)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.close()
