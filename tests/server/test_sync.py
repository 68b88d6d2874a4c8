"""Push and pull semantics, on SQLite and PostgreSQL: idempotency, conflicts, deletes,
append-only signals, validation, removals and stale cursors."""

from __future__ import annotations

from datetime import date, timedelta

from server.core.db import make_engine, session_factory, transaction
from server.services import tombstones
from tests.server.helpers import (
    GONE,
    World,
    involvement_fields,
    mutation,
    signal_fields,
    worded,
    worded_errors,
    youth_fields,
)
from veldwerk_core.models import Youth, new_id, utc_now
from veldwerk_core.models.errors import field_label


def shared_youth(world: World) -> str:
    """A youth made by the colleague, with both youth workers involved."""
    colleague, worker = world["colleague"], world["youth_worker"]
    youth = str(new_id())
    results = colleague.push(
        mutation("youth", youth, youth_fields()),
        mutation("involvement", new_id(), involvement_fields(youth, worker.user_id)),
    )
    assert [r["status"] for r in results] == ["applied", "applied"]
    return youth


def test_same_batch_twice_is_applied_once(world: World) -> None:
    worker = world["youth_worker"]
    youth = new_id()
    batch = [
        mutation("youth", youth, youth_fields()),
        mutation("signal", new_id(), signal_fields([youth])),
    ]
    first = worker.push(*batch)
    second = worker.push(*batch)
    assert first == second
    assert [r["status"] for r in first] == ["applied", "applied"]
    got = worker.pull_all()
    assert {record["version"] for record in got["records"].values()} == {1}
    assert len(got["records"]) == 2


def test_a_mutation_id_reused_for_other_content_is_rejected(world: World) -> None:
    worker = world["youth_worker"]
    first = mutation("youth", new_id(), youth_fields())
    worker.push(first)
    other = {**first, "fields": youth_fields(first_name="Anders")}
    [result] = worker.push(other)
    assert result["status"] == "rejected" and result["reason"] == "mutation_reused"


def test_concurrent_edit_keeps_server_value_and_records_both(world: World) -> None:
    youth = shared_youth(world)
    colleague, worker = world["colleague"], world["youth_worker"]
    [won] = colleague.push(mutation("youth", youth, {"first_name": "Bram"}, base=1))
    assert won["status"] == "applied" and won["version"] == 2
    [lost] = worker.push(mutation("youth", youth, {"first_name": "Daniël", "wijk": "Zuid"}, base=1))
    assert lost["status"] == "conflict"
    assert lost["applied_fields"] == ["wijk"] and lost["version"] == 3

    got = worker.pull_all()
    assert got["records"][youth]["data"]["first_name"] == "Bram"
    assert got["records"][youth]["data"]["wijk"] == "Zuid"
    [conflict] = got["conflicts"]
    assert conflict["id"] == lost["conflict_id"] and conflict["status"] == "open"
    assert conflict["reason"] == "concurrent_edit"
    [clash] = conflict["fields"]
    assert (clash["field"], clash["yours"], clash["server"]) == ("first_name", "Daniël", "Bram")
    assert field_label(Youth, [clash["field"]]) == "Voornaam"  # the app labels the field
    # The colleague never sees the worker's conflict.
    assert colleague.pull_all()["conflicts"] == []

    # Resolving: send the chosen value based on the server version the conflict showed.
    [resolved] = worker.push(
        mutation("youth", youth, {"first_name": "Daniël"}, base=conflict["server_version"])
    )
    assert resolved["status"] == "applied"
    again = worker.pull_all()
    assert again["records"][youth]["data"]["first_name"] == "Daniël"
    assert [c["status"] for c in again["conflicts"]] == ["resolved"]


def test_edit_after_delete_is_a_conflict(world: World) -> None:
    youth = shared_youth(world)
    colleague, worker = world["colleague"], world["youth_worker"]
    [deleted] = colleague.push(mutation("youth", youth, op="delete", base=1, reason=GONE))
    assert deleted["status"] == "applied"
    [edit] = worker.push(mutation("youth", youth, {"wijk": "Oost"}, base=1))
    assert edit["status"] == "conflict"
    got = worker.pull_all()
    [conflict] = got["conflicts"]
    assert conflict["reason"] == "edit_after_delete"
    assert conflict["fields"][0]["yours"] == "Oost" and conflict["fields"][0]["server"] is None
    assert youth not in got["records"]


def test_delete_after_an_edit_elsewhere_is_a_conflict(world: World) -> None:
    youth = shared_youth(world)
    colleague, worker = world["colleague"], world["youth_worker"]
    colleague.push(mutation("youth", youth, {"wijk": "West"}, base=1))
    [result] = worker.push(mutation("youth", youth, op="delete", base=1, reason=GONE))
    assert result["status"] == "conflict"
    assert youth in worker.pull_all()["records"]


def test_signals_are_append_only(world: World) -> None:
    worker = world["youth_worker"]
    youth, signal = new_id(), new_id()
    worker.push(
        mutation("youth", youth, youth_fields()),
        mutation("signal", signal, signal_fields([youth])),
    )
    [edit] = worker.push(
        mutation("signal", signal, {"description": "Toch iets anders gezien daar."}, base=1)
    )
    assert edit["status"] == "rejected" and edit["reason"] == "change_refused"
    assert "correctie" in worded(edit)
    [removal] = worker.push(mutation("signal", signal, op="delete", base=1))
    assert removal["status"] == "rejected"
    correction = signal_fields(
        [youth], supersedes_id=str(signal), correction_reason="Verkeerde tijd genoteerd."
    )
    [fixed] = worker.push(mutation("signal", new_id(), correction))
    assert fixed["status"] == "applied"


def test_invalid_records_are_rejected_with_dutch_field_errors(world: World) -> None:
    worker = world["youth_worker"]
    [result] = worker.push(mutation("youth", new_id(), youth_fields(last_name="", bsn="123")))
    assert result["status"] == "rejected" and result["reason"] == "invalid"
    by_field = worded_errors(Youth, result)
    assert by_field["last_name"] == "Achternaam is verplicht."
    assert "BSN" in by_field["bsn"]
    [unknown] = worker.push(mutation("youth", new_id(), {**youth_fields(), "shoe_size": 44}))
    assert unknown["errors"][0]["field"] == "shoe_size"


def test_a_record_leaving_scope_is_removed_from_the_device(world: World) -> None:
    colleague, worker = world["colleague"], world["youth_worker"]
    youth, involvement, signal = str(new_id()), str(new_id()), str(new_id())
    colleague.push(
        mutation("youth", youth, youth_fields()),
        mutation("involvement", involvement, involvement_fields(youth, worker.user_id)),
        mutation("signal", signal, signal_fields([youth])),
    )
    assert set(worker.pull_all()["records"]) == {youth, involvement, signal}
    ended = {"until": (date.today() - timedelta(days=1)).isoformat()}
    [result] = colleague.push(mutation("involvement", involvement, ended, base=1))
    assert result["status"] == "applied"
    got = worker.pull_all()
    assert got["records"] == {}
    assert {removal["id"]: removal["reason"] for removal in got["removals"].values()} == {
        youth: "out_of_scope",
        involvement: "out_of_scope",
        signal: "out_of_scope",
    }
    # Involved again: everything comes back although the records themselves did not change.
    colleague.push(mutation("involvement", involvement, {"until": None}, base=2))
    assert set(worker.pull_all()["records"]) == {youth, involvement, signal}


def test_a_deletion_reaches_the_device_as_a_removal(world: World) -> None:
    youth = shared_youth(world)
    colleague, worker = world["colleague"], world["youth_worker"]
    worker.pull_all()
    colleague.push(mutation("youth", youth, op="delete", base=1, reason=GONE))
    got = worker.pull_all()
    assert got["removals"][youth]["reason"] == "deleted"


def test_pull_pages_resume_at_the_cursor(world: World) -> None:
    worker = world["youth_worker"]
    youths = [str(new_id()) for _ in range(7)]
    worker.push(*(mutation("youth", youth, youth_fields()) for youth in youths))
    seen: list[str] = []
    pages = 0
    while True:
        page = worker.pull_page(limit=3)
        pages += 1
        seen += [record["id"] for record in page["records"]]
        worker.cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert sorted(seen) == sorted(youths) and len(seen) == len(set(seen))
    assert pages == 3


def test_a_cursor_older_than_the_kept_tombstones_must_resync(world: World) -> None:
    youth = shared_youth(world)
    colleague, worker = world["colleague"], world["youth_worker"]
    worker.pull_all()
    old_cursor = worker.cursor
    colleague.push(mutation("youth", youth, op="delete", base=1, reason=GONE))
    colleague.push(mutation("youth", new_id(), youth_fields()))
    engine = make_engine(world.settings.database_url)
    with transaction(session_factory(engine)) as session:
        assert tombstones.purge(session, 0, utc_now()) == 1
    engine.dispose()
    stale = worker.pull_page(cursor=old_cursor)
    assert stale["resync_required"] and stale["records"] == []
    future = worker.pull_page(cursor=10_000)
    assert future["resync_required"]
    fresh = worker.pull_page(cursor=0)
    assert not fresh["resync_required"]
    assert youth not in {record["id"] for record in fresh["records"]}


def test_state_matches_what_the_device_pulled(world: World) -> None:
    from veldwerk_core.protocol import scope_state

    shared_youth(world)
    worker = world["youth_worker"]
    got = worker.pull_all()
    state = worker.client.get("/api/v1/sync/state", headers=worker.headers).json()
    local = scope_state(
        (record["kind"], record["id"], record["version"]) for record in got["records"].values()
    )
    assert state["hash"] == local.hash
    assert state["tables"]["youth"]["count"] == 1
    assert state["tables"]["involvement"]["count"] == 1


def test_a_conflict_made_and_resolved_in_one_batch(world: World) -> None:
    youth = shared_youth(world)
    colleague, worker = world["colleague"], world["youth_worker"]
    colleague.push(mutation("youth", youth, {"first_name": "Bram"}, base=1))
    other = shared_youth(world)
    lost, resolved, elsewhere = worker.push(
        mutation("youth", youth, {"first_name": "Daniël"}, base=1),
        mutation("youth", youth, {"first_name": "Daniël"}, base=2),
        mutation("youth", other, {"wijk": "Zuid"}, base=1),
    )
    assert lost["status"] == "conflict" and resolved["status"] == "applied"
    assert elsewhere["status"] == "applied"
    got = worker.pull_all()
    assert [c["status"] for c in got["conflicts"]] == ["resolved"]
    assert got["records"][youth]["data"]["first_name"] == "Daniël"
    assert got["records"][other]["data"]["wijk"] == "Zuid"
