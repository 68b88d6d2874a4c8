"""Desktop clients against a real server, for the sync tests and benchmarks.

- :class:`Server`: the real server app, in this process (``TestClient``, an ``httpx.Client``
  over ASGI) or a ``veldwerk-server serve`` subprocess on loopback; with a :class:`World` of
  users (tests/server/helpers.py) and fresh enrollment codes on demand.
- :class:`Desk`: a desktop client: its own data folder and vault, enrolled, syncing through
  the real engine (``SyncClient``) on the test's thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import httpx
from fastapi.testclient import TestClient

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services import sync
from desktop.services.session import Session
from desktop.services.youths import Youths
from desktop.sync.engine import SyncReport
from desktop.sync.transport import RetryPolicy
from server.api.main import create_app
from server.core.config import Settings
from server.core.db import make_engine, session_factory, transaction
from server.services import admin, devices, tombstones
from tests.conftest import PASSPHRASE
from tests.server.helpers import Client, World, running_server, settings_for
from veldwerk_core.models import Youth
from veldwerk_core.models.actor import Profile, Role
from veldwerk_core.models.base import utc_now

FAST_RETRIES = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05)


@dataclass
class Server:
    url: str
    client: httpx.Client
    settings: Settings
    world: World

    def _admin(self, work: Callable[[Any], Any]) -> Any:
        engine = make_engine(self.settings.database_url)
        try:
            with transaction(session_factory(engine)) as db:
                return work(db)
        finally:
            engine.dispose()

    def code(self, user: str) -> str:
        """A fresh one-time enrollment code for a user of the world (by its key)."""
        user_id = self.world[user].user_id
        key = self.settings.hmac_key()
        code: str = self._admin(lambda db: admin.enrollment_code(db, user_id, key, 1, utc_now())[0])
        return code

    def revoke(self, device_id: str) -> None:
        assert self._admin(lambda db: devices.revoke(db, device_id, utc_now()))

    def purge_tombstones(self) -> int:
        purged: int = self._admin(lambda db: tombstones.purge(db, 0, utc_now()))
        return purged

    def records(self, user: str, *, data: bool = False) -> dict[str, Any]:
        """What the user's wire device would hold after a full pull: id -> (kind, version)
        (with ``data``: id -> (kind, version, data))."""
        device = self.world[user]
        saved = device.cursor
        device.cursor = 0
        try:
            got = device.pull_all()
        finally:
            device.cursor = saved
        if data:
            return {
                key: (value["kind"], value["version"], value["data"])
                for key, value in got["records"].items()
            }
        return {key: (value["kind"], value["version"]) for key, value in got["records"].items()}


@contextmanager
def inprocess_server(database_url: str, **overrides: Any) -> Iterator[Server]:
    settings = settings_for(database_url, **overrides)
    app = create_app(settings, run_migrations=False)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        world = World(settings, cast(Client, client)).build()
        yield Server("http://127.0.0.1", client, settings, world)
    app.state.ctx.engine.dispose()


@contextmanager
def process_server(database_url: str, folder: Path, **env: str) -> Iterator[Server]:
    settings = settings_for(database_url)
    with running_server(database_url, folder, **env) as process:
        with httpx.Client(base_url=process.url, timeout=30) as client:
            world = World(settings, cast(Client, client)).build()
            yield Server(process.url, client, settings, world)


class Desk:
    """One desktop client with its own vault."""

    def __init__(
        self,
        root: Path,
        name: str = "Sanne de Boer",
        *,
        clock: Callable[[], datetime] = utc_now,
        client: httpx.Client | None = None,
    ) -> None:
        self.data_dir = DataDir(root)
        self.clock = clock
        self.client = client
        self.session: Session = sessions.create(
            self.data_dir,
            Secret(PASSPHRASE),
            Profile(name=name, role=Role.YOUTH_WORKER, organisation="Jongerenwerk Veldstad"),
            clock=clock,
            check_strength=False,
        )

    def reopen(self) -> None:
        if self.session.is_open:
            self.session.lock()
        self.session = sessions.unlock(self.data_dir, Secret(PASSPHRASE), clock=self.clock)

    def close(self) -> None:
        if self.session.is_open:
            self.session.lock()

    def enroll(self, server: Server, user: str) -> None:
        sync.enroll(
            self.session,
            server.url,
            server.code(user),
            f"laptop-{uuid.uuid4().hex[:6]}",
            client=self.client or server.client,
        )

    def syncer(self, server: Server | None = None, **options: Any) -> sync.SyncClient:
        client = self.client or (server.client if server is not None else None)
        options.setdefault("policy", FAST_RETRIES)
        return sync.SyncClient.for_session(self.session, client=client, **options)

    @property
    def device_id(self) -> str:
        return str(self.session.actor.device_id)

    def sync(self, server: Server | None = None, **options: Any) -> SyncReport:
        check = options.pop("check", True)
        return self.syncer(server, **options).sync(check=check)

    # -- looking inside ------------------------------------------------------------------

    def youths(self) -> Youths:
        return Youths(self.session)

    def add_youth(self, first_name: str, **data: Any) -> Youth:
        return self.youths().create(
            {"first_name": first_name, "last_name": "Visser", "date_of_birth": "01-06-2010", **data}
        )

    def ids(self, kind: str) -> set[str]:
        return {row["id"] for row in self.session.vault.query(f"SELECT id FROM {kind}")}

    def versions(self) -> dict[str, tuple[str, int]]:
        from veldwerk_core.models import RECORD_TYPES

        held: dict[str, tuple[str, int]] = {}
        for kind in RECORD_TYPES:
            for row in self.session.vault.query(f"SELECT id, base_version FROM {kind}"):
                held[row["id"]] = (kind, int(row["base_version"]))
        return held

    def outbox(self) -> int:
        return int(self.session.vault.scalar("SELECT count(*) FROM outbox"))


def enrolled(server: Server, desks: Callable[[str], Desk], *users: str) -> list[Desk]:
    """A desk per user, enrolled and synced once."""
    made = []
    for user in users:
        desk = desks(user)
        desk.enroll(server, user)
        desk.sync(server, check=False)
        made.append(desk)
    return made
