"""After a change the server did not apply, the device's copy differs from the server's: the
next pull sends the server's version again (issue 7 found the device kept its own copy)."""

from __future__ import annotations

from tests.server.helpers import World, involvement_fields, mutation, youth_fields
from veldwerk_core.models import new_id


def test_a_lost_edit_brings_the_servers_version_back(world: World) -> None:
    colleague, worker = world["colleague"], world["youth_worker"]
    youth = str(new_id())
    colleague.push(
        mutation("youth", youth, youth_fields()),
        mutation("involvement", new_id(), involvement_fields(youth, worker.user_id)),
    )
    assert youth in worker.pull_all()["records"]
    colleague.push(mutation("youth", youth, {"first_name": "Bram"}, base=1))
    assert worker.pull_all()["records"][youth]["data"]["first_name"] == "Bram"
    # An edit of the same field based on the old version: nothing of it is applied.
    [lost] = worker.push(mutation("youth", youth, {"first_name": "Daan"}, base=1))
    assert lost["status"] == "conflict" and lost["applied_fields"] == []
    again = worker.pull_all()
    assert again["records"][youth]["data"]["first_name"] == "Bram"
    assert again["records"][youth]["version"] == 2


def test_a_refused_edit_brings_the_servers_version_back(world: World) -> None:
    worker = world["youth_worker"]
    youth = str(new_id())
    worker.push(mutation("youth", youth, youth_fields()))
    worker.pull_all()
    [refused] = worker.push(mutation("youth", youth, {"last_name": ""}, base=1))
    assert refused["status"] == "rejected"
    again = worker.pull_all()
    assert again["records"][youth]["data"]["last_name"] == "Visser"
    # Nothing refused, nothing sent again.
    assert worker.pull_all()["records"] == {}
