"""A real server on a throwaway PostgreSQL cluster, for the server benchmarks."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import httpx

from server.core.db import migrate
from tests.server.helpers import Client, PostgresCluster, World, running_server, settings_for


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
