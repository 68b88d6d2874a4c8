"""Record kinds describe themselves; everything per kind is derived (veldwerk_core.kinds)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

import pytest
from pydantic import Field

from veldwerk_core import kinds
from veldwerk_core.models import RECORD_TYPES, new_id
from veldwerk_core.models.base import Record
from veldwerk_core.models.links import Visibility, belongs_to, seen_via

Y1, Y2, Y3 = (str(new_id()) for _ in range(3))


def test_the_shipped_declarations_hang_together() -> None:
    kinds.check_declarations()
    assert kinds.YOUTH == "youth"
    assert kinds.CONFIGURATION == ("instrument",)
    assert set(kinds.parts_of("trajectory")) == {
        "goal",
        "agreement",
        "evaluation",
        "signature",
        "plan_version",
    }
    assert set(kinds.parent_kinds()) == {"trajectory", "signal", "meeting"}
    assert set(kinds.linked_kinds()) == {"signal", "youth_group"}
    assert set(kinds.user_granting()) == {"involvement", "task", "handover", "youth_merge"}
    assert kinds.organisation_granting() == ("share",)


def test_which_youths_a_record_concerns() -> None:
    assert kinds.youths_named("youth", {"id": Y1}) == [Y1]
    assert kinds.youths_named("signal", {"youth_ids": [Y1, Y2, Y1]}) == [Y1, Y2]
    members = {"members": [{"youth_id": Y2, "role": "a"}, {"youth_id": Y3, "role": ""}]}
    assert kinds.youths_named("youth_group", members) == [Y2, Y3]
    relation = {"youth_id": Y1, "related_youth_id": Y2}
    assert kinds.youths_named("relation", relation) == [Y1]
    assert kinds.youths_mentioned("relation", relation) == [Y1, Y2]
    assert kinds.youths_named("goal", {"trajectory_id": str(new_id())}) == []
    assert kinds.own_youth("trajectory", {"youth_id": Y1}) == Y1
    assert kinds.own_youth("goal", {"trajectory_id": Y1}) is None
    assert kinds.linked_youths("youth_group", members) == sorted([Y2, Y3])
    assert kinds.linked_youths("trajectory", {"youth_id": Y1}) == []


def test_what_a_writer_must_be_allowed_to_see() -> None:
    group, goal, trajectory = (str(new_id()) for _ in range(3))
    signal = kinds.references("signal", {"youth_ids": [Y1], "group_id": group})
    assert signal == kinds.References(frozenset({Y1}), frozenset({group}))
    agreement = {"trajectory_id": trajectory, "goal_id": goal, "depends_on": [str(new_id())]}
    assert kinds.references("agreement", agreement).records == frozenset({trajectory})
    assert kinds.references("relation", {"youth_id": Y1, "related_youth_id": Y2}).youths == {
        Y1,
        Y2,
    }
    assert kinds.parent_id("signal", {"group_id": group}) == group
    assert kinds.parent_id("goal", {"trajectory_id": trajectory}) == trajectory


def test_scope_moves_follow_the_declared_inputs() -> None:
    one = {"members": [{"youth_id": Y1, "role": "leider"}]}
    renamed = {"members": [{"youth_id": Y1, "role": "meeloper"}], "name": "Anders"}
    two = {"members": [{"youth_id": Y1, "role": ""}, {"youth_id": Y2, "role": ""}]}
    inputs = kinds.scope_inputs
    assert not kinds.changes_scope(
        "youth_group",
        inputs("youth_group", False, one),
        inputs("youth_group", False, renamed),
        new=False,
    )
    assert kinds.changes_scope(
        "youth_group",
        inputs("youth_group", False, one),
        inputs("youth_group", False, two),
        new=False,
    )
    assert inputs("signal", False, {"youth_ids": [Y1]}) is None
    assert kinds.moved_by("youth_group", "g", one, two) == (set(), {"g"})
    assert kinds.moved_by("trajectory", "t", {"youth_id": Y1}, {"youth_id": Y2}) == (
        {Y1, Y2},
        {"t"},
    )
    assert kinds.moved_by("youth", Y3, {"id": Y3}, None) == ({Y3}, set())
    assert kinds.moved_by("involvement", "i", None, {"youth_id": Y1}) == ({Y1}, set())


def test_titles_come_from_the_declarations() -> None:
    assert kinds.title("youth_group", {"name": "De Hangplek"}) == "De Hangplek"
    assert kinds.title("signal", {"description": "iets"}) is None
    youth = {
        "id": Y1,
        "first_name": "Sem",
        "last_name": "Visser",
        "date_of_birth": date(date.today().year - 15, 1, 1).isoformat(),
        "created_at": "2026-01-01T00:00:00+00:00",
        "updated_at": "2026-01-01T00:00:00+00:00",
    }
    assert kinds.title("youth", youth) in ("Sem Visser (15)", "Sem Visser (14)")


class _Meeting(Record):
    """A kind the project does not have: declaring it is all it takes to be derived."""

    kind: ClassVar[str] = "meeting_note"
    visibility: ClassVar[Visibility] = Visibility.MEMBERS
    links = (seen_via("guests", "youth", many=True),)
    guests: list[uuid.UUID] = Field(default_factory=list)


class _Orphan(Record):
    kind: ClassVar[str] = "orphan_part"
    visibility: ClassVar[Visibility] = Visibility.WITH_PARENT
    links = (belongs_to("meeting_id", "meeting_note"),)
    meeting_id: uuid.UUID


class _Chained(Record):
    kind: ClassVar[str] = "chained_part"
    visibility: ClassVar[Visibility] = Visibility.WITH_PARENT
    links = (belongs_to("part_id", "orphan_part"),)
    part_id: uuid.UUID


def test_a_new_kind_is_checked_by_its_declaration_alone() -> None:
    types = {**RECORD_TYPES, _Meeting.kind: _Meeting, _Orphan.kind: _Orphan}
    kinds.check_declarations(types)
    with pytest.raises(TypeError, match="is itself a part"):
        kinds.check_declarations({**types, _Chained.kind: _Chained})
    with pytest.raises(TypeError, match="unknown kind"):
        kinds.check_declarations({**RECORD_TYPES, _Orphan.kind: _Orphan})
    link = _Meeting.links[0]
    assert link.ids({"guests": [Y1, Y2]}) == [Y1, Y2]
