"""End to end (issue 15): destruction reaches every laptop.

The real server process over loopback (on PostgreSQL and on SQLite) and three laptops: the
youth worker who records a canary youth (a unique name and BSN) with signals, a trajectory and
a screening; the jeugdboa the involvement gives the youth to; and the youth worker's second
laptop, which then stays offline past the destruction date. The days are injected: the
server's retention runs through its real command (``retention run --today``), the laptops'
clocks are moved. Afterwards the canary is in no server table, in no vault (opened with the
key: every table, the search indexes' own tables included, and a full-text search) and in no
file of any data folder, and the anonymised stub still counts.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from sqlalchemy import select

from desktop.services import retention
from desktop.services.involvements import Involvements
from desktop.services.trajectories import Trajectories
from desktop.services.youths import Youths
from server.core.db import make_engine, migrate, session_factory
from server.db_models import YouthStub
from tests.e2e.test_canary import encodings, random_bsn
from tests.integration.test_retention import (
    add_trajectory,
    canary,
    everything,
    fts_hits,
    screening,
    signal,
    youth,
)
from tests.server.helpers import Client, ServerProcess, World, running_server, settings_for
from tests.server.test_retention import everything_stored
from tests.sync.fixtures import TEMPLATE
from tests.sync.support import Desk, Server
from veldwerk_core.models.trajectory import TrajectoryStatus
from veldwerk_core.retention import add_months

TODAY = date.today()


class Clock:
    """A laptop's clock, moved by the test."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def to(self, day: date) -> None:
        self.offset = timedelta(days=(day - TODAY).days)


@dataclass
class Setting:
    server: Server
    process: ServerProcess
    folders: list[Path]


@pytest.fixture(params=["postgresql", "sqlite"])
def setting(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Setting]:
    if request.param == "postgresql":
        cluster = request.getfixturevalue("sync_pg")
        name = f"r_{uuid.uuid4().hex[:12]}"
        url: str = cluster.create_database(name, template=TEMPLATE)
    else:
        url = f"sqlite:///{tmp_path / 'server.db'}"
        migrate(url)
    folder = tmp_path / "server"
    try:
        with running_server(url, folder) as process:
            with httpx.Client(base_url=process.url, timeout=30) as client:
                world = World(settings_for(url), cast(Client, client)).build()
                yield Setting(Server(process.url, client, world.settings, world), process, [])
    finally:
        if request.param == "postgresql":
            cluster.drop_database(name)


def files_holding(folder: Path, needles: list[bytes]) -> list[Path]:
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and any(needle in path.read_bytes() for needle in needles)
    ]


def test_destruction_reaches_every_laptop(setting: Setting, tmp_path: Path) -> None:
    server, process = setting.server, setting.process
    rng = random.Random()
    name, bsn = canary(rng), random_bsn(rng)
    clocks = {key: Clock() for key in ("worker", "boa", "spare")}
    users = {"worker": "youth_worker", "boa": "boa", "spare": "youth_worker"}
    with httpx.Client(timeout=30) as http:
        desks: dict[str, Desk] = {}
        try:
            for key, user in users.items():
                desks[key] = Desk(tmp_path / key, clock=clocks[key], client=http)
                desks[key].enroll(server, user)
                desks[key].sync(check=False)  # brings the directory
            _run(server, process, desks, clocks, name, bsn)
        finally:
            for desk in desks.values():
                desk.close()
    needles = [needle for value in (name, bsn) for needle in encodings(value)]
    needles += [name.lower().encode()]
    for folder in [tmp_path / key for key in users] + [tmp_path / "server"]:
        assert files_holding(folder, needles) == [], "no file holds the canary"


def _run(
    server: Server,
    process: ServerProcess,
    desks: dict[str, Desk],
    clocks: dict[str, Clock],
    name: str,
    bsn: str,
) -> None:
    worker, boa, spare = desks["worker"], desks["boa"], desks["spare"]
    session = worker.session
    subject = youth(session, name, bsn=bsn)
    signal(session, subject, f"{name} gezien bij de skatebaan.")
    signal(session, subject, "Opnieuw gezien, nu bij het station.")
    trajectory = add_trajectory(session, subject)
    # (Sent before it is completed: the outbox merges unsent changes of one record, and the
    # server refuses "aangemeld -> afgerond" without the step to "lopend" in between.)
    worker.sync()
    Trajectories(session).set_status(trajectory.id, TrajectoryStatus.COMPLETED, on=TODAY)
    screening(session, subject, f"Besproken met {name}.")
    Involvements(session).name_colleague(
        subject.id, server.world["boa"].user_id, since=TODAY - timedelta(days=7)
    )
    for desk in (worker, boa, spare):
        desk.sync()
    assert str(subject.id) in boa.ids("youth")
    assert not worker.session.vault.query("SELECT 1 FROM sync_rejected")
    for kind in ("youth", "signal", "trajectory", "screening", "goal"):
        assert spare.ids(kind), f"the spare laptop holds the case's {kind}"
    assert fts_hits(spare.session.vault, name) == 2  # the youth and a signal

    # Every term ends on this day: signals, trajectory and screening 24 months on; the
    # youth's own 12 months have passed by then, so it goes with them, anonymised.
    day = add_months(TODAY, 24) + timedelta(days=1)
    # The spare laptop stays offline past the day and destroys on its own, sending nothing.
    clocks["spare"].to(day + timedelta(days=5))
    spare.reopen()
    done = retention.run(spare.session)

    assert done.destroyed["youth"] == 1 and done.destroyed["signal"] == 2
    assert done.destroyed["trajectory"] == 1 and done.destroyed["screening"] == 1
    assert spare.outbox() == 0, "the server runs its own retention: nothing is sent"

    ran = process.cli("retention", "run", "--today", day.isoformat())
    assert ran.returncode == 0, ran.stderr
    assert "signal 2" in ran.stdout and "youth 1" in ran.stdout, ran.stdout
    # A change the worker made meanwhile names the canary: the server refuses it (the record
    # is destroyed) and the removal that follows takes the refused change along.
    Youths(session).update(subject.id, {"contact_notes": f"Moeder van {name} belde."})
    for key in ("worker", "boa"):
        clocks[key].to(day)
        report = desks[key].sync()
        assert report.removed >= 1 and report.checked and not report.refetched
    [refused] = worker.session.vault.query("SELECT reason, fields FROM sync_rejected")
    assert refused == {"reason": "destroyed", "fields": "{}"} and worker.outbox() == 0
    clocks["spare"].to(day + timedelta(days=6))
    report = spare.sync()
    assert report.checked and not report.refetched, "the laptop destroyed what the server did"

    lowered = [name.lower(), bsn]
    stored = everything_stored(server.world).lower()
    for needle in lowered:
        assert needle not in stored, "the canary is in no server table"
    for key, desk in (("worker", worker), ("boa", boa), ("spare", spare)):
        vault = desk.session.vault
        held = everything(vault)
        for needle in lowered:
            assert needle not in held, f"the canary is in no table of the {key}'s vault"
        assert fts_hits(vault, name) == 0 and fts_hits(vault, bsn) == 0
        assert str(subject.id) not in desk.ids("youth")
    engine = make_engine(server.settings.database_url)
    try:
        with session_factory(engine)() as db:
            stubs: list[Any] = list(db.execute(select(YouthStub)).scalars())
    finally:
        engine.dispose()
    counted = [stub for stub in stubs if stub.signals == 2 and stub.trajectories == 1]
    assert len(counted) == 1 and counted[0].youth_id is None
    assert counted[0].destroyed_on == day.isoformat() and counted[0].age_band in ("16-17", "12-15")
