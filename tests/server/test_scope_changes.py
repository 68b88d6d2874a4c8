"""Records that enter or leave a scope without changing themselves.

Pull compares a device's whole scope with what it holds only when its scope mark is outdated
(something that moves scopes happened): these tests change what other records' visibility
depends on - a youth's school, a group's members - and check that every dependent record
arrives or is removed, and that the device then holds exactly what ``state`` says.
"""

from __future__ import annotations

from datetime import date

import pytest

from server.services.caller import Caller
from server.services.scope import scope_mark
from tests.server.helpers import (
    Device,
    World,
    goal_fields,
    involvement_fields,
    mutation,
    signal_fields,
    trajectory_fields,
    youth_fields,
)
from veldwerk_core.kinds import changes_scope, scope_inputs
from veldwerk_core.models import new_id
from veldwerk_core.models.actor import Role
from veldwerk_core.protocol import scope_state


def holds_what_state_says(device: Device, held: dict[str, int]) -> None:
    state = device.client.get("/api/v1/sync/state", headers=device.headers).json()
    assert state["hash"] == scope_state((k, i, v) for i, (k, v) in held.items()).hash


def sync(device: Device, held: dict[str, tuple[str, int]]) -> dict[str, object]:
    got = device.pull_all()
    for record_id, record in got["records"].items():
        held[record_id] = (record["kind"], record["version"])
    for record_id in got["removals"]:
        held.pop(record_id, None)
    holds_what_state_says(device, {i: kv for i, kv in held.items()})
    return got


def test_a_school_change_brings_and_takes_the_youths_records(world: World) -> None:
    colleague, school = world["colleague"], world["school"]
    youth, trajectory, goal = (str(new_id()) for _ in range(3))
    colleague.push(
        mutation("youth", youth, youth_fields(school="")),
        mutation("trajectory", trajectory, trajectory_fields(youth)),
        mutation("goal", goal, goal_fields(trajectory)),
    )
    held: dict[str, tuple[str, int]] = {}
    assert youth not in sync(school, held)["records"]

    colleague.push(mutation("youth", youth, {"school": World.SCHOOL}, base=1))
    got = sync(school, held)
    assert {youth, trajectory, goal} <= set(got["records"])  # type: ignore[arg-type]

    colleague.push(mutation("youth", youth, {"school": ""}, base=2))
    got = sync(school, held)
    removals = got["removals"]
    assert isinstance(removals, dict)
    assert {removals[record]["reason"] for record in (youth, trajectory, goal)} == {"out_of_scope"}


def test_a_new_group_member_brings_the_groups_signals(world: World) -> None:
    colleague, worker = world["colleague"], world["youth_worker"]
    mine, other, group, signal = (str(new_id()) for _ in range(4))
    colleague.push(
        mutation("youth", mine, youth_fields()),
        mutation("involvement", new_id(), involvement_fields(mine, worker.user_id)),
        mutation("youth", other, youth_fields()),
        mutation("youth_group", group, {"name": "Skatebaan", "members": [{"youth_id": other}]}),
        mutation("signal", signal, signal_fields([], group_id=group)),
    )
    held: dict[str, tuple[str, int]] = {}
    got = sync(worker, held)
    assert mine in got["records"] and group not in got["records"]  # type: ignore[operator]
    assert signal not in got["records"]  # type: ignore[operator]

    members = [{"youth_id": other}, {"youth_id": mine}]
    [result] = colleague.push(mutation("youth_group", group, {"members": members}, base=1))
    assert result["status"] == "applied"
    got = sync(worker, held)
    assert {group, signal} <= set(got["records"])  # type: ignore[arg-type]


def test_an_edit_that_moves_no_scope_keeps_the_devices_mark() -> None:
    """Creating and editing youths (the common case) needs no comparison of whole scopes."""
    before = scope_inputs("youth", False, {"school": "Het Veldcollege", "wijk": "Noord"})
    after = scope_inputs("youth", False, {"school": " het  veldcollege", "wijk": "Zuid"})
    assert not changes_scope("youth", before, after, new=False)
    assert not changes_scope("youth", None, after, new=True)
    assert not changes_scope("signal", None, scope_inputs("signal", False, {}), new=True)
    moved = scope_inputs("youth", False, {"school": "Andere school"})
    assert changes_scope("youth", before, moved, new=False)
    assert changes_scope("youth", before, scope_inputs("youth", True, None), new=False)
    involvement = scope_inputs("involvement", False, involvement_fields(new_id(), "u1"))
    assert changes_scope("involvement", None, involvement, new=True)


@pytest.mark.parametrize("role", [Role.YOUTH_WORKER, Role.SCHOOL_COORDINATOR])
def test_the_scope_mark_changes_with_the_day_and_the_caller(role: Role) -> None:
    caller = Caller(
        "d1", "laptop", "u1", "Sanne", role, "o1", "Jongerenwerk", None, "m1", "Veldstad", "all"
    )
    today = date(2026, 3, 1)
    mark = scope_mark(caller, today)
    assert mark == scope_mark(caller, today)
    assert mark != scope_mark(caller, date(2026, 3, 2))  # involvements start and end
    moved = Caller(
        "d1", "laptop", "u1", "Sanne", role, "o2", "Elders", "School", "m1", "Veldstad", "all"
    )
    assert mark != scope_mark(moved, today)


def test_moves_are_logged_with_the_youths_and_records_they_concern(world: World) -> None:
    """A pull after a move compares the records about the moved youths, not the whole scope."""
    from sqlalchemy import select

    from server.core.db import make_engine, session_factory, transaction
    from server.db_models import ScopeMove
    from server.services.pull import _concerned

    colleague, worker = world["colleague"], world["youth_worker"]
    moved, still, trajectory, goal, group, signal = (str(new_id()) for _ in range(6))
    colleague.push(
        mutation("youth", moved, youth_fields()),
        mutation("youth", still, youth_fields()),
        mutation("trajectory", trajectory, trajectory_fields(moved)),
        mutation("goal", goal, goal_fields(trajectory)),
        mutation("youth_group", group, {"name": "Plein", "members": [{"youth_id": moved}]}),
        mutation("signal", signal, signal_fields([], group_id=group)),
        mutation("involvement", new_id(), involvement_fields(still, worker.user_id)),
    )
    held: dict[str, tuple[str, int]] = {}
    got = sync(worker, held)
    assert still in got["records"] and moved not in got["records"]  # type: ignore[operator]
    colleague.push(mutation("involvement", new_id(), involvement_fields(moved, worker.user_id)))
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as db:
            last = db.execute(select(ScopeMove).order_by(ScopeMove.version.desc())).scalars()
            move = next(iter(last))
            assert move.youth_ids == [moved] and move.record_ids == []
            concerned = _concerned(db, move.municipality_id, {moved}, set())
            assert concerned is not None
    finally:
        engine.dispose()
    # The youth, its trajectory with its goal, its group with the group's signal (and the
    # involvements naming it) - nothing about the other youth.
    assert {moved, trajectory, goal, group, signal} <= concerned
    assert still not in concerned
    got = sync(worker, held)
    assert {moved, trajectory, goal, group, signal} <= set(got["records"])  # type: ignore[arg-type]


@pytest.mark.parametrize("fallback", ["pruned_log", "many_moves", "many_records"])
def test_without_a_usable_log_the_whole_scope_is_compared(
    world: World, fallback: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import delete

    from server.core.db import make_engine, session_factory, transaction
    from server.db_models import ScopeMove
    from server.services import pull

    colleague, school = world["colleague"], world["school"]
    youth, trajectory = str(new_id()), str(new_id())
    colleague.push(
        mutation("youth", youth, youth_fields(school=World.SCHOOL)),
        mutation("trajectory", trajectory, trajectory_fields(youth)),
    )
    held: dict[str, tuple[str, int]] = {}
    assert {youth, trajectory} <= set(sync(school, held)["records"])  # type: ignore[arg-type]
    colleague.push(mutation("youth", youth, {"school": ""}, base=1))
    if fallback == "pruned_log":
        engine = make_engine(world.settings.database_url)
        try:
            with transaction(session_factory(engine)) as db:
                db.execute(delete(ScopeMove))
        finally:
            engine.dispose()
    elif fallback == "many_moves":
        monkeypatch.setattr(pull, "MOVES_UP_TO", 0)
    else:
        monkeypatch.setattr(pull, "CONCERNED_UP_TO", 1)
    removals = sync(school, held)["removals"]
    assert isinstance(removals, dict) and {youth, trajectory} <= set(removals)
