"""How the server uses PostgreSQL (issue 16, item 1): its sessions run without JIT
compilation, and a migration leaves the planner with statistics."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import text

from server.api.main import create_app
from server.core.db import migrate
from tests.server.helpers import PROTOCOL, PostgresCluster, World, settings_for


def test_the_servers_postgresql_sessions_run_without_jit(pg_url: str) -> None:
    app = create_app(settings_for(pg_url), run_migrations=False)
    try:
        with TestClient(app, headers=PROTOCOL) as client:
            world = World(settings_for(pg_url), client).build()
            assert world["youth_worker"].pull_page(cursor=0)["records"] == []
            sessions = app.state.ctx.sessions
            for _ in range(3):  # pooled connections, also after a rolled back transaction
                with sessions() as session:
                    assert session.execute(text("SHOW jit")).scalar_one() == "off"
                    session.rollback()
    finally:
        app.state.ctx.engine.dispose()


def test_a_migration_leaves_the_planner_with_statistics(pg_cluster: PostgresCluster) -> None:
    name = f"t_{uuid.uuid4().hex[:12]}"
    url = pg_cluster.create_database(name)
    try:
        migrate(url)
        app = create_app(settings_for(url), run_migrations=False)
        try:
            with app.state.ctx.sessions() as session:
                analyzed = session.execute(
                    text(
                        "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables "
                        "WHERE relname = 'record'"
                    )
                ).scalar_one()
        finally:
            app.state.ctx.engine.dispose()
        assert analyzed
    finally:
        pg_cluster.drop_database(name)
