"""The real ``veldwerk-server`` command: start-up checks, operations endpoints, admin CLI."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import update

from server.core.config import Settings
from server.core.db import make_engine, session_factory, transaction
from server.db_models import AuditEntry
from tests.server.helpers import PROTOCOL, SECRET_KEY, ServerProcess, running_server


def test_the_server_runs_and_is_administered_from_the_command_line(
    pg_url: str, tmp_path: Path
) -> None:
    with running_server(pg_url, tmp_path, API_DOCS="true") as server:
        health = httpx.get(f"{server.url}/health").json()
        assert health["status"] == "ok" and health["database"] == "postgresql"
        paths = httpx.get(f"{server.url}/openapi.json").json()["paths"]
        assert {"/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/sync/state"} <= set(paths)
        town = server.cli("create-org", "--name", "Veldstad", "--kind", "municipality")
        assert town.returncode == 0, town.stderr
        org = server.cli(
            "create-org", "--name", "Jongerenwerk", "--kind", "youth_work",
            "--municipality", "Veldstad",
        )  # fmt: skip
        user = server.cli(
            "create-user", "--org", org.stdout.strip(), "--name", "Sanne", "--role", "youth_worker"
        )
        code = server.cli("enroll-code", user.stdout.strip()).stdout.split()[0]
        enrolled = httpx.post(
            f"{server.url}/api/v1/enroll",
            json={"code": code, "device_name": "laptop"},
            headers=PROTOCOL,
        )
        assert enrolled.status_code == 200
        device_id = enrolled.json()["identity"]["device_id"]
        headers = {"Authorization": f"Bearer {enrolled.json()['credential']}", **PROTOCOL}
        assert httpx.post(f"{server.url}/api/v1/sync/pull", json={}, headers=headers).is_success
        listed = server.cli("list-devices").stdout
        assert device_id in listed and "active" in listed
        assert server.cli("revoke-device", device_id).returncode == 0
        refused = httpx.post(f"{server.url}/api/v1/sync/pull", json={}, headers=headers)
        assert refused.status_code == 403 and refused.json()["wipe"] is True
        assert httpx.get(f"{server.url}/metrics").status_code == 401
        admin = server.cli(
            "create-user", "--org", "Veldstad", "--name", "Beheer", "--role", "administrator"
        )
        admin_code = server.cli("enroll-code", admin.stdout.strip()).stdout.split()[0]
        prometheus = httpx.post(
            f"{server.url}/api/v1/enroll",
            json={"code": admin_code, "device_name": "prometheus"},
            headers=PROTOCOL,
        ).json()["credential"]
        metrics = httpx.get(
            f"{server.url}/metrics", headers={"Authorization": f"Bearer {prometheus}"}
        ).text
        pull_refused = (
            'veldwerk_requests_total{method="POST",route="/api/v1/sync/pull",status="403"}'
        )
        assert pull_refused in metrics
        assert server.cli("audit", "verify").returncode == 0
        checkpoint = server.cli("audit", "checkpoint")
        assert checkpoint.returncode == 0 and '"sig":' in checkpoint.stdout
        assert (tmp_path / "audit-checkpoints.log").read_text().endswith(checkpoint.stdout)
        engine = make_engine(pg_url)
        with transaction(session_factory(engine)) as session:
            session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(action="x"))
        engine.dispose()
        broken = server.cli("audit", "verify")
        assert broken.returncode == 1 and "audit entry 2" in broken.stderr
        exported = server.cli("audit", "export").stdout.splitlines()
        assert len(exported) >= 4 and code not in "".join(exported)


def test_refuses_a_public_address_without_tls(tmp_path: Path) -> None:
    server = ServerProcess(f"sqlite:///{tmp_path / 's.db'}", tmp_path)
    result = server.cli("serve", "--host", "0.0.0.0")
    assert result.returncode == 2 and "without TLS" in result.stderr


@pytest.mark.parametrize("secret", ["changethis", "short-key"])
def test_refuses_placeholder_secrets(secret: str, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(secret_key=secret, database_url="sqlite://")
    server = ServerProcess(f"sqlite:///{tmp_path / 's.db'}", tmp_path, {"SECRET_KEY": secret})
    result = server.cli("migrate")
    assert result.returncode == 2 and "SECRET_KEY" in result.stderr


def test_tombstones_outlive_the_offline_period() -> None:
    with pytest.raises(ValidationError, match="TOMBSTONE_RETENTION_DAYS"):
        Settings(secret_key=SECRET_KEY, max_offline_days=400, tombstone_retention_days=100)


def test_one_process_per_core_on_postgresql_and_one_on_sqlite() -> None:
    postgres = "postgresql://veldwerk@127.0.0.1/veldwerk"
    assert Settings(secret_key=SECRET_KEY, database_url="sqlite://").worker_count() == 1
    cores = Settings(secret_key=SECRET_KEY, database_url=postgres).worker_count()
    assert cores == len(os.sched_getaffinity(0))
    assert Settings(secret_key=SECRET_KEY, database_url=postgres, workers=3).worker_count() == 3


def test_a_server_process_that_dies_stops_the_server(pg_url: str, tmp_path: Path) -> None:
    """Then the service manager restarts it whole (no half-capacity server left running)."""
    with running_server(pg_url, tmp_path, WORKERS="2") as server:
        assert server.process is not None
        children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
        workers = [int(pid) for pid in children.read_text().split()]
        spawned = [
            pid for pid in workers if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        assert len(spawned) == 2
        os.kill(spawned[0], signal.SIGKILL)
        assert server.process.wait(timeout=30) == 1
