"""retention_run: a municipality with 100k signals of which 20k expire (issue 15).

The real server on PostgreSQL holds 10k youths and 100k signals; 20k signals are older than
the rest and expire on the judged day, 2k youths have only those (they go too, anonymised).
A device has pulled everything. Reports:

- ``server_seconds``: the server's retention run for the municipality (one transaction);
- ``device_seconds``: the device's next sync, which applies the removals, and
  ``device_apply_seconds`` the part spent storing the pulled pages (the removals);
- ``device_offline_seconds``: a copy of the same vault that stayed offline applies the rule
  itself (finding what is due among 100k signals and destroying it).
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.sync_common import bulk_seed, durable_server, timed_page_storing
from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import retention as device_retention
from desktop.services import session as sessions
from desktop.services import sync
from server.core.db import make_engine, session_factory, transaction
from server.services import config_files
from server.services import retention as server_retention
from tests.conftest import PASSPHRASE
from tests.server.helpers import mutation, signal_fields, youth_fields
from veldwerk_core.models import new_id
from veldwerk_core.models.actor import Profile, Role
from veldwerk_core.retention import add_months

YOUTHS, SIGNALS, EXPIRING, LEAVING = 10_000, 100_000, 20_000, 2_000
WINDOW_DAYS = 300
CUT_DAYS = 240
"""Signals older than this many days (20k of them) expire on the judged day."""


def municipality(seed: int = 11) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    youth_ids = [new_id() for _ in range(YOUTHS)]
    for number, youth_id in enumerate(youth_ids):
        yield mutation("youth", youth_id, youth_fields(first_name=f"Jongere{number}"))
    leaving, staying = youth_ids[:LEAVING], youth_ids[LEAVING:]
    for number in range(SIGNALS):
        old = number < EXPIRING
        if old:
            minutes = rng.randrange((CUT_DAYS + 1) * 1440, WINDOW_DAYS * 1440)
            about = leaving[number % LEAVING] if number < LEAVING * 5 else rng.choice(staying)
        else:
            minutes = rng.randrange(60, (CUT_DAYS - 1) * 1440)
            about = rng.choice(staying)
        yield mutation(
            "signal",
            new_id(),
            signal_fields(
                [about],
                occurred_at=(now - timedelta(minutes=minutes)).isoformat(),
                category=("overlast", "geweld", "drugs_handel", "schoolverzuim")[number % 4],
                description=f"Signaal {number}: groep bij de skatebaan, harde muziek.",
            ),
        )


def run() -> Iterator[dict[str, Any]]:
    day = add_months(date.today() - timedelta(days=CUT_DAYS), 24)
    load = os.getloadavg()
    with durable_server() as server, tempfile.TemporaryDirectory() as folder:
        rows = bulk_seed(server, "youth_worker", municipality())
        online, offline = DataDir(Path(folder) / "online"), DataDir(Path(folder) / "offline")
        session = sessions.create(
            online,
            Secret(PASSPHRASE),
            Profile(name="Bench Gebruiker", role=Role.YOUTH_WORKER),
            check_strength=False,
        )
        try:
            sync.enroll(session, server.url, server.code("youth_worker"), "bench")
            first = sync.SyncClient.for_session(session).sync()
            assert first.received == rows, first
        finally:
            session.lock()
        shutil.copytree(online.root, offline.root)

        engine = make_engine(server.settings.database_url)
        config = config_files.load(None)
        started = time.perf_counter()
        try:
            with transaction(session_factory(engine)) as db:
                outcome = server_retention.run(
                    db, config.retention, datetime.now(UTC), config.rules, today=day
                )
        finally:
            engine.dispose()
        server_seconds = time.perf_counter() - started
        destroyed = outcome["Veldstad"]
        assert destroyed.destroyed.get("signal") == EXPIRING, destroyed.as_dict()

        session = sessions.unlock(online, Secret(PASSPHRASE))
        try:
            with timed_page_storing() as storing:
                started = time.perf_counter()
                report = sync.SyncClient.for_session(session).sync(check=False)
                device_seconds = time.perf_counter() - started
        finally:
            session.lock()
        assert report.removed >= EXPIRING, report

        session = sessions.unlock(offline, Secret(PASSPHRASE))
        try:
            started = time.perf_counter()
            alone = device_retention.run(session, day)
            offline_seconds = time.perf_counter() - started
        finally:
            session.lock()
        assert alone.destroyed.get("signal") == EXPIRING, alone.destroyed
    yield {
        "name": "retention_run",
        "signals": SIGNALS,
        "expiring": EXPIRING,
        "server_destroyed": destroyed.total,
        "server_anonymised": destroyed.anonymised,
        "server_seconds": round(server_seconds, 2),
        "device_removals": report.removed,
        "device_seconds": round(device_seconds, 2),
        "device_apply_seconds": round(storing[0], 2),
        "device_offline_destroyed": alone.total,
        "device_offline_seconds": round(offline_seconds, 2),
        "load_average_1m": round(load[0], 2),
    }
