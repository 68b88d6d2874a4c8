"""Conflicts a person resolves: concurrent edits, an edit of a deleted record, a delete of an
edited one. Real server in this process on PostgreSQL, real vaults."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.services import sync_conflicts
from desktop.services.sync_conflicts import SyncFirst
from desktop.store import sync_lists
from veldwerk_core.models import Youth


def two_devices(server: Any, desks: Any, user: str = "youth_worker") -> tuple[Any, Any, Youth]:
    one, two = desks("one"), desks("two")
    one.enroll(server, user)
    two.enroll(server, user)
    youth = one.add_youth("Anouk", wijk="Centrum")
    one.sync(server)
    two.sync(server)
    return one, two, youth


def wijk(desk: Any, youth: Youth) -> str:
    stored = desk.session.records.get(Youth, youth.id)
    assert stored is not None
    return stored.wijk


def test_same_field_edited_on_two_devices_is_a_conflict_on_both_and_resolves(
    server: Any, desks: Any
) -> None:
    one, two, youth = two_devices(server, desks)
    one.youths().update(youth.id, {"wijk": "Noord"})
    two.youths().update(youth.id, {"wijk": "Zuid", "school": "De Brug"})
    assert one.sync(server).conflicts == 0
    assert two.sync(server).conflicts == 1
    one.sync(server)

    views = [sync_conflicts.conflicts(desk.session) for desk in (one, two)]
    assert [len(found) for found in views] == [1, 1], "the user's conflict is on both devices"
    shown = views[1][0]
    assert shown.title.startswith("Jongere: Anouk Visser")
    [field] = shown.fields
    assert (field.label, field.yours_text, field.server_text) == ("Wijk", "Zuid", "Noord")
    # Nothing silently overwritten, nothing lost: the server kept its value, the other field
    # of the losing change was applied, and "Jouw versie" is kept in the conflict.
    assert wijk(one, youth) == wijk(two, youth) == "Noord"
    stored = two.session.records.get(Youth, youth.id)
    assert stored is not None and stored.school == "De Brug"
    assert sync_lists.record_status(two.session.vault, "youth", youth.id) == "conflict"

    sync_conflicts.resolve(two.session, shown.id, {"wijk": "Zuid"})
    assert sync_conflicts.conflicts(two.session) == []
    two.sync(server)
    one.sync(server)
    assert wijk(one, youth) == wijk(two, youth) == "Zuid"
    assert sync_conflicts.conflicts(one.session) == []
    assert one.versions() == two.versions()
    assert sync_lists.record_status(one.session.vault, "youth", youth.id) == "synced"


def test_keeping_the_servers_value_resolves_without_changing_it(server: Any, desks: Any) -> None:
    one, two, youth = two_devices(server, desks)
    one.youths().update(youth.id, {"wijk": "Noord"})
    two.youths().update(youth.id, {"wijk": "Zuid"})
    one.sync(server)
    two.sync(server)
    [conflict] = sync_conflicts.conflicts(two.session)
    sync_conflicts.resolve(two.session, conflict.id, {"wijk": "Noord"})
    two.sync(server)
    one.sync(server)
    assert wijk(one, youth) == wijk(two, youth) == "Noord"
    assert [c.status for c in sync_lists.conflicts(one.session.vault, open_only=False)] == [
        "resolved"
    ]


def test_the_winner_of_another_user_sees_no_conflict(server: Any, desks: Any) -> None:
    mine, theirs = desks("mine"), desks("theirs")
    mine.enroll(server, "youth_worker")
    theirs.enroll(server, "regisseur")
    youth = mine.add_youth("Anouk")
    mine.sync(server)
    theirs.sync(server)
    theirs.youths().update(youth.id, {"wijk": "Noord"})
    mine.youths().update(youth.id, {"wijk": "Zuid"})
    theirs.sync(server)
    mine.sync(server)
    theirs.sync(server)
    assert len(sync_conflicts.conflicts(mine.session)) == 1
    assert sync_conflicts.conflicts(theirs.session) == []


def test_an_edit_of_a_record_deleted_elsewhere_is_shown_and_can_be_restored(
    server: Any, desks: Any
) -> None:
    one, two, youth = two_devices(server, desks)
    one.session.records.delete(Youth, youth.id, purpose="Dubbel geregistreerd")
    two.youths().update(youth.id, {"contact_notes": "Belt liever dan appt."})
    one.sync(server)
    two.sync(server)
    assert two.session.records.get(Youth, youth.id) is None, "deleted on the server"
    [conflict] = sync_conflicts.conflicts(two.session)
    assert conflict.deleted_on_server
    [field] = conflict.fields
    assert field.yours == "Belt liever dan appt." and field.server is None
    assert conflict.title == "Jongere: " + youth.name_with_age(), "shown with name and age"

    sync_conflicts.restore(two.session, conflict.id)
    two.sync(server)
    one.sync(server)
    for desk in (one, two):
        restored = desk.session.records.get(Youth, youth.id)
        assert restored is not None and restored.contact_notes == "Belt liever dan appt."
        assert sync_conflicts.conflicts(desk.session) == []


def test_accepting_a_deletion_drops_the_edit_everywhere(server: Any, desks: Any) -> None:
    one, two, youth = two_devices(server, desks)
    one.session.records.delete(Youth, youth.id, purpose="Dubbel geregistreerd")
    two.youths().update(youth.id, {"contact_notes": "Nieuw nummer."})
    one.sync(server)
    two.sync(server)
    [conflict] = sync_conflicts.conflicts(two.session)
    sync_conflicts.accept_deletion(two.session, conflict.id)
    two.sync(server)
    one.sync(server)
    for desk in (one, two):
        assert desk.session.records.get(Youth, youth.id) is None
        assert sync_conflicts.conflicts(desk.session) == []
    assert str(youth.id) not in server.records("youth_worker")


def test_a_delete_of_a_record_edited_elsewhere_brings_it_back(server: Any, desks: Any) -> None:
    one, two, youth = two_devices(server, desks)
    one.youths().update(youth.id, {"wijk": "Noord"})
    two.session.records.delete(Youth, youth.id, purpose="Dubbel geregistreerd")
    one.sync(server)
    two.sync(server)
    back = two.session.records.get(Youth, youth.id)
    assert back is not None and back.wijk == "Noord", "the record stays; the edit is shown"
    [conflict] = sync_conflicts.conflicts(two.session)
    assert conflict.deleted_here
    sync_conflicts.delete_record(two.session, conflict.id)
    two.sync(server)
    one.sync(server)
    assert one.session.records.get(Youth, youth.id) is None
    assert two.session.records.get(Youth, youth.id) is None


def test_resolving_before_the_details_arrived_asks_to_sync_first(server: Any, desks: Any) -> None:
    one, two, youth = two_devices(server, desks)
    one.youths().update(youth.id, {"wijk": "Noord"})
    two.youths().update(youth.id, {"wijk": "Zuid"})
    one.sync(server)
    syncer = two.syncer(server)
    # Push only: the engine's push step, without the pull that brings the details.
    from desktop.sync.engine import Engine, SyncReport
    from desktop.sync.transport import Transport

    transport = Transport(server.url, client=server.client)
    engine = Engine(lambda work: work(two.session), transport, two.session.clock)
    transport.credential = two.session.vault.scalar("SELECT credential FROM sync_state")
    engine._push(SyncReport())
    [conflict] = sync_conflicts.conflicts(two.session)
    assert conflict.waiting_for_details
    with pytest.raises(SyncFirst):
        sync_conflicts.resolve(two.session, conflict.id, {"wijk": "Zuid"})
    syncer.sync()
    [conflict] = sync_conflicts.conflicts(two.session)
    assert not conflict.waiting_for_details


def test_conflicts_and_refused_changes_are_on_the_worklist(server: Any, desks: Any) -> None:
    from datetime import date

    from desktop.services import worklist

    one, two, youth = two_devices(server, desks)
    one.youths().update(youth.id, {"wijk": "Noord"})
    two.youths().update(youth.id, {"wijk": "Zuid"})
    one.sync(server)
    two.sync(server)
    items = [
        item
        for item in worklist.collect(two.session, date.today())
        if item.target_kind == "conflict"
    ]
    [item] = items
    assert item.category == "Synchronisatie" and item.title.startswith("Jongere: Anouk Visser")
    assert item.target_id == sync_conflicts.conflicts(two.session)[0].id


def test_a_trajectory_answers_for_its_goals_and_agreements(server: Any, desks: Any) -> None:
    from desktop.services.trajectories import Trajectories
    from veldwerk_core.models import Goal

    one, two, youth = two_devices(server, desks)
    trajectory = Trajectories(one.session).create(
        {"youth_id": youth.id, "coach": "Sanne de Boer", "start": "01-09-2026"}
    )
    assert sync_lists.record_status(one.session.vault, "trajectory", trajectory.id) == "pending"
    one.sync(server)
    assert sync_lists.record_status(one.session.vault, "trajectory", trajectory.id) == "synced"
    goal = one.session.records.create(
        Goal, {"trajectory_id": trajectory.id, "life_domain": "school", "what": "Naar school"}
    ).record
    # Only the goal waits for the server: the trajectory shows it.
    assert sync_lists.record_status(one.session.vault, "trajectory", trajectory.id) == "pending"
    assert sync_lists.record_status(one.session.vault, "youth", youth.id) == "synced"
    one.sync(server)
    two.sync(server)
    assert sync_lists.record_status(one.session.vault, "trajectory", trajectory.id) == "synced"
    # Both devices change the goal's text: the loser's trajectory shows the conflict.
    one.session.records.update(Goal, goal.id, {"what": "Elke dag naar school"})
    two.session.records.update(Goal, goal.id, {"what": "Vier dagen per week naar school"})
    one.sync(server)
    assert two.sync(server).conflicts == 1
    assert sync_lists.record_status(two.session.vault, "trajectory", trajectory.id) == "conflict"
    assert sync_lists.record_status(one.session.vault, "trajectory", trajectory.id) == "synced"
