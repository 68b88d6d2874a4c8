"""Ownership on the devices: another organisation's change of a youth travels as a proposal
its owner accepts or declines; a group's members outside one's scope are counted, and kept
when the group is saved. Real server in this process on PostgreSQL, real vaults."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.services import proposals, sync_conflicts
from desktop.services.groups import Groups
from desktop.store import sync_lists
from veldwerk_core.models import Youth
from veldwerk_core.models.errors import RecordInvalid
from veldwerk_core.reasons import ConflictReason


def first_name(desk: Any, youth: Youth) -> str:
    stored = desk.session.records.get(Youth, youth.id)
    assert stored is not None
    return stored.first_name


def owner_and_school(server: Any, desks: Any) -> tuple[Any, Any, Youth]:
    owner, school = desks("jongerenwerk"), desks("school")
    owner.enroll(server, "youth_worker")
    school.enroll(server, "school")
    youth = owner.add_youth("Anouk", school=server.world.SCHOOL)
    owner.sync(server)
    school.sync(server)
    return owner, school, youth


def test_a_schools_change_of_a_youth_waits_for_the_owner_who_accepts_it(
    server: Any, desks: Any
) -> None:
    owner, school, youth = owner_and_school(server, desks)
    school.youths().update(youth.id, {"first_name": "Annika"})
    report = school.sync(server)
    assert report.conflicts == 0
    # The school's copy is the owner's again; its proposal waits, shown as such.
    assert first_name(school, youth) == "Anouk"
    assert sync_lists.record_status(school.session.vault, "youth", youth.id) == "proposed"
    [waiting] = sync_conflicts.conflicts(school.session)
    assert waiting.proposal and waiting.mine
    assert sync_lists.counts(school.session.vault)[1] == 0, "nothing for the school to decide"

    owner.sync(server)
    [proposal] = sync_conflicts.conflicts(owner.session)
    assert proposal.proposal and not proposal.mine
    assert proposal.reason == ConflictReason.PROPOSAL.value
    assert "Het Veldcollege" in proposal.proposed_by
    [field] = proposal.fields
    assert (field.label, field.yours_text, field.server_text) == ("Voornaam", "Annika", "Anouk")
    with pytest.raises(proposals.NotYours):
        proposals.accept(school.session, waiting.id)

    proposals.accept(owner.session, proposal.id)
    owner.sync(server)
    school.sync(server)
    assert first_name(owner, youth) == first_name(school, youth) == "Annika"
    assert sync_conflicts.conflicts(school.session) == []
    assert sync_conflicts.conflicts(owner.session) == []


def test_a_declined_proposal_changes_nothing(server: Any, desks: Any) -> None:
    owner, school, youth = owner_and_school(server, desks)
    school.youths().update(youth.id, {"first_name": "Annika"})
    school.sync(server)
    owner.sync(server)
    [proposal] = sync_conflicts.conflicts(owner.session)
    proposals.decline(owner.session, proposal.id)
    owner.sync(server)
    school.sync(server)
    assert first_name(owner, youth) == first_name(school, youth) == "Anouk"
    assert sync_conflicts.conflicts(school.session) == []


def test_deleting_a_youth_needs_a_reason_on_the_device(server: Any, desks: Any) -> None:
    owner, _school, youth = owner_and_school(server, desks)
    with pytest.raises(RecordInvalid) as caught:
        owner.session.records.delete(Youth, youth.id)
    assert [error.field for error in caught.value.errors] == ["reason"]
    owner.session.records.delete(Youth, youth.id, purpose="Dubbel geregistreerd")
    assert owner.sync(server).rejected == 0


def test_group_members_outside_ones_scope_are_counted_and_kept(server: Any, desks: Any) -> None:
    owner, school, youth = owner_and_school(server, desks)
    other = owner.add_youth("Bram")  # not at the school: outside the coordinator's scope
    group = Groups(owner.session).create(
        {
            "name": "De Hangplek",
            "members": [
                {"youth_id": str(youth.id), "role": "meeloper"},
                {"youth_id": str(other.id), "role": "leider"},
            ],
        }
    )
    owner.sync(server)
    school.sync(server)
    groups = Groups(school.session)
    seen = groups.get(group.id)
    assert [member.youth_id for member in seen.members] == [youth.id]
    assert groups.hidden_members(group.id) == 1
    groups.update(group.id, {"name": "De Skatebaan"})
    assert school.sync(server).rejected == 0
    owner.sync(server)
    kept = Groups(owner.session).get(group.id)
    assert kept.name == "De Skatebaan"
    assert {member.youth_id for member in kept.members} == {youth.id, other.id}
