"""Within one push, scope answers follow the batch's own writes: a record created earlier in the
batch may be referenced later, and a write that ends access is enforced for the mutations
after it (the server asks the scope once per batch and forgets the answers a write changes)."""

from __future__ import annotations

from tests.server.helpers import World, involvement_fields, mutation, signal_fields, youth_fields
from veldwerk_core.models import new_id


def test_a_youth_created_in_the_batch_can_be_referenced_later_in_it(world: World) -> None:
    worker = world["youth_worker"]
    youth = str(new_id())
    results = worker.push(
        mutation("signal", new_id(), signal_fields([youth])),  # before the youth: refused
        mutation("youth", youth, youth_fields()),
        mutation("signal", new_id(), signal_fields([youth])),
    )
    assert [r["status"] for r in results] == ["rejected", "applied", "applied"]
    assert results[0]["reason"] == "out_of_scope"


def test_ending_access_in_a_batch_refuses_the_edits_after_it(world: World) -> None:
    colleague, worker = world["colleague"], world["youth_worker"]
    youth, involvement = str(new_id()), str(new_id())
    colleague.push(
        mutation("youth", youth, youth_fields()),
        mutation("involvement", involvement, involvement_fields(youth, worker.user_id)),
    )
    results = worker.push(
        mutation("youth", youth, {"contact_notes": "Voor het einde"}, base=1),
        mutation("involvement", involvement, op="delete", base=1),
        mutation("youth", youth, {"contact_notes": "Na het einde"}, base=2),
    )
    assert [r["status"] for r in results] == ["applied", "applied", "rejected"]
    assert results[2]["reason"] == "out_of_scope"
    assert colleague.pull_all()["records"][youth]["data"]["contact_notes"] == "Voor het einde"
