"""A first sync into an empty vault stores the signals without the signal list's indexes and
the signal-youth links, and builds them once after the load (issue 16, item 4); a kill in
between leaves a vault that builds them when it is opened again."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services import sync
from desktop.store import deferred_indexes
from desktop.store.vault import Vault
from tests.conftest import PASSPHRASE
from tests.server.helpers import mutation, signal_fields, youth_fields
from tests.sync.support import FAST_RETRIES, Desk, Server
from veldwerk_core.models import new_id

SIGNAL_SCHEMA = (
    "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'signal' "
    "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name"
)
LINKS = "SELECT signal_id, youth_id FROM signal_youth ORDER BY 1, 2"
EXPECTED_LINKS = (
    "SELECT s.id, j.value FROM signal s, json_each(s.data, '$.youth_ids') j ORDER BY 1, 2"
)


def _seed(server: Server, youths: int = 6, signals_each: int = 3) -> None:
    wire = server.world["youth_worker"]
    batch: list[dict[str, Any]] = []
    ids = [new_id() for _ in range(youths)]
    batch += [mutation("youth", youth, youth_fields()) for youth in ids]
    for number, youth in enumerate(ids):
        for _ in range(signals_each):
            others = [youth, ids[(number + 1) % youths]]
            batch.append(mutation("signal", new_id(), signal_fields(others)))
    assert {result["status"] for result in wire.push(*batch)} == {"applied"}


def _schema(vault: Vault) -> list[tuple[str, str, str]]:
    return [tuple(row) for row in vault.execute(SIGNAL_SCHEMA).fetchall()]


def test_a_first_sync_builds_the_signal_indexes_once_after_the_load(
    server: Server, desks: Any
) -> None:
    _seed(server)
    desk = desks()
    vault = desk.session.vault
    complete = _schema(vault)
    assert {kind for kind, _name, _sql in complete} == {"index", "trigger"}
    desk.enroll(server, "youth_worker")
    during: list[tuple[bool, list[tuple[str, str, str]]]] = []

    def look(step: Any) -> None:
        if step.phase == "pull":
            during.append((deferred_indexes.pending(vault), _schema(vault)))

    report = desk.sync(server, page_size=5, progress=look)
    assert report.received == 24 and len(during) == 5
    assert all(waiting and schema == [] for waiting, schema in during), "left out while loading"
    assert not deferred_indexes.pending(vault)
    assert _schema(vault) == complete, "built again, exactly as the migrations made them"
    assert vault.execute(LINKS).fetchall() == vault.execute(EXPECTED_LINKS).fetchall()
    assert len(vault.execute(LINKS).fetchall()) == 36

    # Later syncs store into the indexes as they are.
    _seed(server, youths=2, signals_each=1)
    during.clear()
    desk.sync(server, page_size=5, progress=look)
    assert during and all(not waiting and schema == complete for waiting, schema in during)
    assert vault.execute(LINKS).fetchall() == vault.execute(EXPECTED_LINKS).fetchall()


def _first_sync_killed(data_dir: DataDir, after_pages: int) -> None:
    """The child: a first sync that is SIGKILLed once ``after_pages`` pages are stored."""
    session = sessions.unlock(data_dir, Secret(PASSPHRASE))
    pages = 0

    def progress(step: Any) -> None:
        nonlocal pages
        if step.phase == "pull":
            pages += 1
            if pages == after_pages:
                os.kill(os.getpid(), signal.SIGKILL)

    syncer = sync.SyncClient.for_session(
        session, page_size=5, policy=FAST_RETRIES, progress=progress
    )
    syncer.sync(check=False)


def test_a_first_sync_killed_midway_leaves_a_vault_that_builds_them_when_opened(
    real_server: Server, tmp_path: Path
) -> None:
    _seed(real_server)
    desk = Desk(tmp_path / "client")
    complete = _schema(desk.session.vault)
    desk.enroll(real_server, "youth_worker")
    data_dir = desk.data_dir
    desk.close()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child is killed
        try:
            _first_sync_killed(data_dir, after_pages=2)
        finally:
            os._exit(1)
    _pid, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

    desk.reopen()
    try:
        vault = desk.session.vault
        assert not deferred_indexes.pending(vault)
        assert _schema(vault) == complete
        stored = vault.scalar("SELECT count(*) FROM signal")
        assert 0 < stored < 18, "the kill came in the middle of the signals"
        assert vault.execute(LINKS).fetchall() == vault.execute(EXPECTED_LINKS).fetchall()
        desk.sync(real_server, check=True)
        assert vault.scalar("SELECT count(*) FROM signal") >= 18
        assert _schema(vault) == complete
        assert vault.execute(LINKS).fetchall() == vault.execute(EXPECTED_LINKS).fetchall()
    finally:
        desk.close()
