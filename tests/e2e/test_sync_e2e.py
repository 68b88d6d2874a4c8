"""End to end: the real server process on PostgreSQL over loopback and two desktop clients.

Records made offline on both arrive on both; the same field edited on both gives a conflict
on both that a person resolves; a youth leaving the scope is purged (vault, search index,
drafts); a revoked device wipes itself and a canary name and BSN are gone from its data dir.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from desktop.models.secret import Secret
from desktop.services import session as sessions
from desktop.services import sync_conflicts
from desktop.services.drafts import Drafts
from desktop.services.youths import Youths
from desktop.store.errors import VaultMissing
from desktop.sync.errors import DeviceRevoked
from tests.conftest import PASSPHRASE
from tests.e2e.test_canary import encodings, random_bsn
from tests.server.helpers import involvement_fields, mutation, youth_fields
from tests.sync.support import Desk, Server
from veldwerk_core.models import Youth, new_id


@pytest.fixture
def clients(real_server: Server, tmp_path: Path) -> Iterator[tuple[Desk, Desk]]:
    with httpx.Client(timeout=30) as http:
        one = Desk(tmp_path / "one", client=http)
        two = Desk(tmp_path / "two", client=http)
        try:
            one.enroll(real_server, "youth_worker")
            two.enroll(real_server, "youth_worker")
            yield one, two
        finally:
            one.close()
            two.close()


def test_sync_two_clients_offline_work_conflict_and_resolution(
    real_server: Server, clients: tuple[Desk, Desk]
) -> None:
    one, two = clients
    made_one = [one.add_youth(f"Een{n}") for n in range(3)]
    made_two = [two.add_youth(f"Twee{n}") for n in range(2)]
    for desk in (one, two, one):
        desk.sync()
    everyone = {str(y.id) for y in made_one + made_two}
    assert one.ids("youth") == two.ids("youth") == everyone
    assert set(real_server.records("youth_worker")) == everyone

    shared = made_one[0]
    one.youths().update(shared.id, {"wijk": "Noord"})
    two.youths().update(shared.id, {"wijk": "Zuid"})
    one.sync()
    two.sync()
    one.sync()
    [mine] = sync_conflicts.conflicts(one.session)
    [theirs] = sync_conflicts.conflicts(two.session)
    assert mine.id == theirs.id, "the conflict is on both devices"
    assert [(f.label, f.yours_text, f.server_text) for f in theirs.fields] == [
        ("Wijk", "Zuid", "Noord")
    ]
    sync_conflicts.resolve(one.session, mine.id, {"wijk": "Zuid"})
    one.sync()
    two.sync()
    for desk in (one, two):
        stored = desk.session.records.get(Youth, shared.id)
        assert stored is not None and stored.wijk == "Zuid"
        assert sync_conflicts.conflicts(desk.session) == []
    assert one.versions() == two.versions()


def test_sync_scope_removal_purges_vault_index_and_drafts(
    real_server: Server, clients: tuple[Desk, Desk]
) -> None:
    one, _two = clients
    colleague = real_server.world["colleague"]
    youth, involvement = str(new_id()), str(new_id())
    worker_id = real_server.world["youth_worker"].user_id
    colleague.push(
        mutation("youth", youth, youth_fields(first_name="Zichtbaar", last_name="Tijdelijk")),
        mutation("involvement", involvement, involvement_fields(youth, worker_id)),
    )
    one.sync()
    assert [y.first_name for y in Youths(one.session).search("Zichtbaar")] == ["Zichtbaar"]
    Drafts(one.session).save(f"signal:{youth}", "signal", {"youth_ids": [youth]})
    ended = {"until": (date.today() - timedelta(days=1)).isoformat()}
    colleague.push(mutation("involvement", involvement, ended, base=1))
    one.sync()
    assert youth not in one.ids("youth") and involvement not in one.ids("involvement")
    assert Youths(one.session).search("Zichtbaar") == []
    assert Drafts(one.session).load(f"signal:{youth}") is None


def test_sync_revoked_device_wipes_the_canary_from_its_data_dir(
    real_server: Server, clients: tuple[Desk, Desk]
) -> None:
    one, _two = clients
    rng = random.Random()
    canary = "Kanarie" + "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(10))
    bsn = random_bsn(rng)
    one.add_youth(canary, bsn=bsn)
    one.sync()
    found = Youths(one.session).search(canary)
    assert [y.bsn for y in found] == [bsn], "the canary is in the (encrypted) vault"
    real_server.revoke(one.device_id)
    with pytest.raises(DeviceRevoked):
        one.sync()
    assert not one.session.is_open
    files = [path for path in one.data_dir.root.rglob("*") if path.is_file()]
    assert not [path for path in files if path.name.startswith("vault.veldwerk")]
    needles = [needle for value in (canary, bsn) for needle in encodings(value)]
    for path in files:
        content = path.read_bytes()
        assert not any(needle in content for needle in needles), path.name
    with pytest.raises(VaultMissing):
        sessions.unlock(one.data_dir, Secret(PASSPHRASE))
