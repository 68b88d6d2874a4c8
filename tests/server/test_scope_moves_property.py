"""After any sequence of scope-moving writes, a device that pulls holds exactly its scope.

Pull compares only the records the logged scope moves concern (services/pull.py); this checks
that narrowing against the server's own whole-scope answer (``state``), for a youth worker and
a school coordinator, over random schools, involvements, ended involvements and group members.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.server.helpers import (
    World,
    goal_fields,
    involvement_fields,
    mutation,
    signal_fields,
    trajectory_fields,
    youth_fields,
)
from tests.server.test_scope_changes import sync
from veldwerk_core.models import new_id

ACTIONS = ("school_on", "school_off", "involve", "end", "group", "pull_worker", "pull_school")
YOUTHS = 3


class Case:
    """Three youths with a trajectory, a goal and a signal each, and a group with a signal."""

    def __init__(self, world: World) -> None:
        self.colleague = world["colleague"]
        self.worker_id = world["youth_worker"].user_id
        self.youths = [str(new_id()) for _ in range(YOUTHS)]
        self.group = str(new_id())
        self.versions: dict[str, int] = {}
        self.involvements: dict[int, list[str]] = {i: [] for i in range(YOUTHS)}
        mutations = []
        for youth in self.youths:
            trajectory = str(new_id())
            mutations += [
                mutation("youth", youth, youth_fields(school="")),
                mutation("trajectory", trajectory, trajectory_fields(youth)),
                mutation("goal", new_id(), goal_fields(trajectory)),
                mutation("signal", new_id(), signal_fields([youth])),
            ]
        mutations += [
            mutation("youth_group", self.group, {"name": "Plein", "members": []}),
            mutation("signal", new_id(), signal_fields([], group_id=self.group)),
        ]
        self.push(*mutations)

    def push(self, *mutations: dict[str, Any]) -> None:
        results = self.colleague.push(*mutations)
        assert [r["status"] for r in results] == ["applied"] * len(mutations), results
        for sent, result in zip(mutations, results, strict=True):
            self.versions[str(sent["record_id"])] = result["version"]

    def change(self, kind: str, record_id: str, fields: dict[str, Any]) -> None:
        self.push(mutation(kind, record_id, fields, base=self.versions[record_id]))

    def apply(self, action: str, number: int) -> None:
        youth = self.youths[number]
        if action in ("school_on", "school_off"):
            school = World.SCHOOL if action == "school_on" else ""
            self.change("youth", youth, {"school": school})
        elif action == "involve":
            involvement = str(new_id())
            self.push(
                mutation("involvement", involvement, involvement_fields(youth, self.worker_id))
            )
            self.involvements[number].append(involvement)
        elif action == "end" and self.involvements[number]:
            involvement = self.involvements[number].pop()
            self.push(
                mutation("involvement", involvement, op="delete", base=self.versions[involvement])
            )
        elif action == "group":
            self.change("youth_group", self.group, {"members": [{"youth_id": youth}]})


@settings(max_examples=15)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(ACTIONS), st.integers(0, YOUTHS - 1)), min_size=1, max_size=12
    )
)
def test_pulls_after_scope_moves_hold_exactly_the_scope(
    world: World, steps: list[tuple[str, int]]
) -> None:
    worker, school = world["youth_worker"], world["school"]
    held: dict[str, dict[str, tuple[str, int]]] = {"worker": {}, "school": {}}
    for device in (worker, school):
        device.cursor = 0  # examples share the world: start each from a full pull
    case = Case(world)
    sync(worker, held["worker"])
    sync(school, held["school"])
    for action, number in steps:
        if action == "pull_worker":
            sync(worker, held["worker"])
        elif action == "pull_school":
            sync(school, held["school"])
        else:
            case.apply(action, number)
    sync(worker, held["worker"])
    sync(school, held["school"])
