"""Lost answers: a proxy drops the server's answer after it committed, resets connections
mid-answer and adds latency. Every change still lands exactly once and the outbox empties.
The real server runs as a process on PostgreSQL; the client syncs through the proxy."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.services import sync_conflicts
from tests.reliability.fault_proxy import FaultProxy
from tests.sync.support import Desk, Server
from veldwerk_core.models import Youth

FAULTS = ("drop", "reset", "latency")
TARGETS = ("/sync/pull", "/sync/state")


class Faults:
    """Injects each armed fault into the first request that matches it, once."""

    def __init__(self) -> None:
        self.armed: list[tuple[str, str]] = []

    def arm(self, target: str, fault: str) -> None:
        self.armed.append((target, fault))

    def __call__(self, line: str) -> str | None:
        for index, (target, fault) in enumerate(self.armed):
            if target in line:
                del self.armed[index]
                return fault
        return None


def run_trials(server: Server, root: Path, trials: int, seed: int) -> None:
    rng = random.Random(seed)
    plan = Faults()
    with FaultProxy(int(server.url.rsplit(":", 1)[1]), plan) as proxy:
        client = httpx.Client(headers={"Connection": "close"}, timeout=15)
        desk = Desk(root / "desk", client=client)
        try:
            desk.session.vault  # noqa: B018 - opened
            proxied = Server(proxy.url, client, server.settings, server.world)
            desk.enroll(proxied, "youth_worker")
            expected: dict[str, int] = {}
            number = 0
            for _trial in range(trials):
                number += 1
                for _ in range(rng.randint(1, 3)):
                    youth = desk.add_youth(f"Trial{number}-{rng.randrange(10**6)}")
                    expected[str(youth.id)] = 1
                alive = sorted(expected)
                if alive and rng.random() < 0.7:
                    edited = rng.choice(alive)
                    desk.youths().update(uuid_of(edited), {"wijk": f"Wijk {number}"})
                    expected[edited] += 1
                if len(alive) > 5 and rng.random() < 0.2:
                    gone = rng.choice(alive)
                    desk.session.records.delete(
                        Youth, uuid_of(gone), purpose="Dubbel geregistreerd"
                    )
                    del expected[gone]
                plan.arm("/sync/push", "drop")  # the lost acknowledgement
                extra = rng.choice(TARGETS) if rng.random() < 0.5 else None
                if extra is not None:
                    plan.arm(extra, rng.choice(FAULTS))
                report = desk.sync(proxied, check=extra == "/sync/state" or rng.random() < 0.1)
                assert (report.conflicts, report.rejected) == (0, 0)
                assert desk.outbox() == 0, "the outbox empties despite the lost answer"
                assert plan.armed == [], "every fault was injected"
            desk.sync(proxied, check=True)
            held = server.records("youth_worker", data=True)
            assert set(held) == set(expected), "nothing lost, nothing left over"
            for key, (kind, version, data) in held.items():
                # A change applied twice would count twice; merged changes count once.
                assert kind == "youth" and 1 <= version <= expected[key]
                mine = desk.session.records.get(Youth, uuid_of(key))
                assert mine is not None and mine.dump() == data
            assert desk.versions() == {key: (kind, v) for key, (kind, v, _d) in held.items()}
            assert sync_conflicts.conflicts(desk.session) == []
            assert proxy.counts.faults["drop"] >= trials
        finally:
            desk.close()
            client.close()


def uuid_of(text: str) -> Any:
    import uuid

    return uuid.UUID(text)


def test_sync_lost_answers_50_trials(real_server: Server, tmp_path: Path) -> None:
    run_trials(real_server, tmp_path, trials=50, seed=11)


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_sync_lost_answers_1000_trials(real_server: Server, tmp_path: Path) -> None:
    run_trials(real_server, tmp_path, trials=1000, seed=12)
