"""After any sequence of scope-moving writes, a device that pulls holds exactly its scope.

Pull compares only the records the logged scope moves concern (services/pull.py); this checks
that narrowing against the server's own whole-scope answer (``state``), for a youth worker and
a school coordinator, over random schools, involvements (deleted, or ended by a date), group
members, shares with the school and their withdrawal, consents a share rests on and their
withdrawal (which withdraws the share on the server), handovers offered to the school
coordinator and declined, and tasks for them marked done.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import example, given, settings
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
from tests.server.test_working_together import share_fields
from veldwerk_core.models import new_id

ACTIONS = (
    "school_on",
    "school_off",
    "involve",
    "end",
    "until",
    "group",
    "share",
    "withdraw",
    "consent",
    "revoke",
    "hand",
    "decline",
    "task",
    "done",
)
PULLS = ("pull_worker", "pull_school")
TODAY = date.today()
YOUTHS = 3


class Case:
    """Three youths with a trajectory, a goal and a signal each (the first at the school), and
    a group with a signal. A share reaches the school only where it sees the youth."""

    def __init__(self, world: World) -> None:
        self.colleague = world["colleague"]
        self.worker_id = world["youth_worker"].user_id
        self.world = world
        self.school = world["school"]
        self.youths = [str(new_id()) for _ in range(YOUTHS)]
        self.signals = [str(new_id()) for _ in range(YOUTHS)]
        self.group = str(new_id())
        self.versions: dict[str, int] = {}
        self.involvements: dict[int, list[str]] = {i: [] for i in range(YOUTHS)}
        # What each action can undo, per youth: open shares, consents, handovers and tasks.
        self.open: dict[str, dict[int, list[str]]] = {
            name: {i: [] for i in range(YOUTHS)} for name in ("share", "consent", "hand", "task")
        }
        mutations = []
        for number, (youth, signal) in enumerate(zip(self.youths, self.signals, strict=True)):
            trajectory = str(new_id())
            # The first youth starts at the school: what is shared with it shows at once.
            school = World.SCHOOL if number == 0 else ""
            mutations += [
                mutation("youth", youth, youth_fields(school=school)),
                mutation("trajectory", trajectory, trajectory_fields(youth)),
                mutation("goal", new_id(), goal_fields(trajectory)),
                mutation("signal", signal, signal_fields([youth])),
            ]
        mutations += [
            mutation("youth_group", self.group, {"name": "Plein", "members": []}),
            mutation("signal", new_id(), signal_fields([], group_id=self.group)),
        ]
        self.push(*mutations)

    def push(self, *mutations: dict[str, Any], by: Any = None) -> None:
        results = (by or self.colleague).push(*mutations)
        assert [r["status"] for r in results] == ["applied"] * len(mutations), results
        for sent, result in zip(mutations, results, strict=True):
            self.versions[str(sent["record_id"])] = result["version"]

    def change(self, kind: str, record_id: str, fields: dict[str, Any], by: Any = None) -> None:
        self.push(mutation(kind, record_id, fields, base=self.versions[record_id]), by=by)

    def make(self, kind: str, fields: dict[str, Any], number: int) -> str:
        record_id = str(new_id())
        self.push(mutation(kind, record_id, fields))
        self.open[kind][number].append(record_id)
        return record_id

    def taken(self, kind: str, number: int) -> str | None:
        """The latest open one of this youth's, else of any youth's (so that undoing is often
        possible in a short sequence)."""
        for found in (self.open[kind][number], *self.open[kind].values()):
            if found:
                return found.pop()
        return None

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
        elif action == "until" and self.involvements[number]:
            involvement = self.involvements[number].pop()
            yesterday = (TODAY - timedelta(days=1)).isoformat()
            self.change("involvement", involvement, {"until": yesterday})
        elif action == "group":
            self.change("youth_group", self.group, {"members": [{"youth_id": youth}]})
        else:
            self.apply_sharing(action, number)

    def apply_sharing(self, action: str, number: int) -> None:
        youth, signal, today = self.youths[number], self.signals[number], TODAY.isoformat()
        school = self.school.user_id
        if action == "share":
            self.make("share", share_fields(self.world, signal, "school"), number)
        elif action == "withdraw" and (share := self.taken("share", number)):
            self.change("share", share, {"withdrawn_on": today, "withdrawal_reason": "Onjuist"})
        elif action == "consent":
            consent = {
                "youth_id": youth,
                "giver": "parent",
                "given_by": "Ouder",
                "given_on": today,
                "for_what": "Delen met de school",
            }
            consent_id = self.make("consent", consent, number)
            based = share_fields(
                self.world, signal, "school", legal_basis="consent", consent_id=consent_id
            )
            self.push(mutation("share", new_id(), based))
        elif action == "revoke" and (consent_id := self.taken("consent", number)):
            self.change("consent", consent_id, {"withdrawn_on": today})
        elif action == "hand":
            offer = {"youth_id": youth, "to_user_id": school, "to_name": "School", "note": ""}
            handover = str(new_id())
            self.push(mutation("handover", handover, offer))
            self.open["hand"][number].append(handover)
        elif action == "decline" and (handover := self.taken("hand", number)):
            decided = {"status": "declined", "decided_on": today}
            self.change("handover", handover, decided, by=self.school)
        elif action == "task":
            due = (TODAY + timedelta(days=7)).isoformat()
            task = {"youth_id": youth, "title": "Even bellen", "owner_id": school}
            self.make("task", {**task, "owner_name": "School", "due": due}, number)
        elif action == "done" and (task_id := self.taken("task", number)):
            self.change("task", task_id, {"status": "done", "done_on": today}, by=self.school)


@settings(max_examples=25)
# Each grant given, pulled and taken away again, for certain; the random sequences mix them.
@example(steps=[("involve", 1), ("pull_worker", 0), ("until", 1)])
@example(steps=[("share", 0), ("pull_school", 0), ("withdraw", 0)])
@example(steps=[("consent", 0), ("pull_school", 0), ("revoke", 0)])
@example(steps=[("hand", 1), ("pull_school", 0), ("decline", 1)])
@example(steps=[("task", 2), ("pull_school", 0), ("done", 2)])
@given(
    steps=st.lists(
        st.tuples(
            st.one_of(st.sampled_from(ACTIONS), st.sampled_from(PULLS)),  # half of the steps pull
            st.integers(0, YOUTHS - 1),
        ),
        min_size=1,
        max_size=16,
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
