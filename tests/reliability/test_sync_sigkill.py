"""SIGKILL a syncing client at random moments of push and pull; after a restart it converges
with nothing lost and nothing twice. The client is a forked process (imports done once, in
the parent) with its own vault; the real server runs as a process on PostgreSQL, and records
keep arriving on the server (new, edited, deleted) while the client syncs."""

from __future__ import annotations

import os
import random
import select
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services import sync, sync_conflicts
from desktop.services.youths import Youths
from tests.conftest import PASSPHRASE
from tests.server.helpers import GONE, mutation, youth_fields
from tests.sync.support import FAST_RETRIES, Desk, Server


def client_process(data_dir: DataDir, prefix: str, write_fd: int) -> None:
    """The child: make a few records, sync, repeat, reporting each committed record."""
    out = os.fdopen(write_fd, "w", buffering=1)
    session = sessions.unlock(data_dir, Secret(PASSPHRASE))
    syncer = sync.SyncClient.for_session(
        session,
        page_size=5,
        policy=FAST_RETRIES,
        progress=lambda step: out.write(f"phase {step.phase}\n"),
    )
    youths = Youths(session)
    number = 0
    while True:
        for _ in range(3):
            number += 1
            made = youths.create(
                {
                    "first_name": f"{prefix}{number}",
                    "last_name": "Kind",
                    "date_of_birth": "01-06-2011",
                }
            )
            out.write(f"made {made.id}\n")
        out.write("sync\n")
        syncer.sync(check=False)
        out.write("synced\n")


def run_and_kill(data_dir: DataDir, prefix: str, rng: random.Random) -> tuple[list[str], str]:
    """Fork a client, kill it at a random moment of a sync: its acknowledged records, and
    the phase the sync was in (the last it reported).

    Half of the kills aim at the push (a random moment after the sync began), half at the
    pull (a random moment after its first page was stored): how long each phase takes
    depends on the machine and the server, the aim does not."""
    trigger = rng.choice((b"sync\n", b"phase pull\n"))
    window = 0.15 if trigger == b"sync\n" else 0.04  # pages come quickly
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(read_fd)
        try:
            client_process(data_dir, prefix, write_fd)
        finally:
            os._exit(1)
    os.close(write_fd)
    buffer = b""
    kill_at: float | None = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if kill_at is not None and time.monotonic() >= kill_at:
            break
        ready, _w, _x = select.select([read_fd], [], [], 0.005)
        if ready:
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            buffer += chunk
            if kill_at is None and trigger in buffer[buffer.find(b"sync\n") :]:
                kill_at = time.monotonic() + rng.uniform(0.0, window)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while True:
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        buffer += chunk
    os.close(read_fd)
    lines = buffer.decode().split("\n")[:-1]  # a torn last line was never acknowledged
    phase = next(
        (line.split()[1] for line in reversed(lines) if line.startswith("phase ")), "start"
    )
    if lines and lines[-1] in ("sync", "synced"):
        phase = "between" if lines[-1] == "synced" else "push"
    return [line.split()[1] for line in lines if line.startswith("made ")], phase


def kill_many(server: Server, root: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    desk = Desk(root / "client")
    desk.enroll(server, "youth_worker")
    data_dir = desk.data_dir
    desk.close()
    wire = server.world["youth_worker"]
    on_server: dict[str, int] = {}
    acknowledged: list[str] = []
    phases: dict[str, int] = {}
    for round_number in range(kills):
        # Meanwhile, elsewhere: new records, edits and deletions reach the server.
        batch = []
        for number in range(rng.randint(3, 12)):
            record = str(uuid_new())
            batch.append(
                mutation("youth", record, youth_fields(first_name=f"S{round_number}x{number}"))
            )
            on_server[record] = 1
        if on_server and rng.random() < 0.5:
            edited = rng.choice(sorted(on_server))
            batch.append(
                mutation("youth", edited, {"wijk": f"W{round_number}"}, base=on_server[edited])
            )
            on_server[edited] += 1
        if len(on_server) > 10 and rng.random() < 0.3:
            gone = rng.choice(sorted(on_server))
            batch.append(
                mutation("youth", gone, op="delete", base=on_server.pop(gone), reason=GONE)
            )
        assert {r["status"] for r in wire.push(*batch)} == {"applied"}
        made, phase = run_and_kill(data_dir, f"K{round_number}-", rng)
        acknowledged += made
        phases[phase] = phases.get(phase, 0) + 1
    assert phases.get("push", 0) >= kills // 10 and phases.get("pull", 0) >= kills // 5, phases

    desk.reopen()
    try:
        vault = desk.session.vault
        assert vault.query("PRAGMA integrity_check") == [{"integrity_check": "ok"}]
        desk.sync(server, check=True)
        held = server.records("youth_worker")
        assert set(acknowledged) <= set(held), "no acknowledged record is lost"
        for record in acknowledged:
            assert held[record] == ("youth", 1), "made once, applied once"
        for record, version in on_server.items():
            assert held[record] == ("youth", version)
        assert set(held) == set(acknowledged) | set(on_server) | _unacknowledged(desk, acknowledged)
        assert desk.versions() == held, "the device holds exactly what the server has"
        assert desk.outbox() == 0
        assert sync_conflicts.conflicts(desk.session) == []
        assert sync_conflicts.rejections(desk.session) == []
        assert len(desk.ids("youth")) == vault.scalar("SELECT count(*) FROM youth_fts")
    finally:
        desk.close()


def _unacknowledged(desk: Desk, acknowledged: list[str]) -> set[str]:
    """Records a client committed just before it was killed, before it could say so."""
    prefix = {
        row["id"]
        for row in desk.session.vault.query(
            "SELECT id FROM youth WHERE data ->> '$.last_name' = 'Kind'"
        )
    }
    return prefix - set(acknowledged)


def uuid_new() -> Any:
    from veldwerk_core.models import new_id

    return new_id()


def test_sync_sigkill_during_push_and_pull_30_times(real_server: Server, tmp_path: Path) -> None:
    kill_many(real_server, tmp_path, kills=30, seed=21)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_sync_sigkill_during_push_and_pull_500_times(real_server: Server, tmp_path: Path) -> None:
    kill_many(real_server, tmp_path, kills=500, seed=22)
