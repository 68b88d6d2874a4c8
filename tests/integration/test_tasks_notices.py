"""Tasks and "wie doet wat" notices through the services, on a real vault."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.services.notices import Notices
from desktop.services.session import Session
from desktop.services.tasks import NotRegisseur, Tasks, TaskStatus
from desktop.services.timeline import open_timeline
from desktop.services.worklist import collect
from tests.integration.together import BOA, REGISSEUR, WORKER, add_youth, with_directory
from veldwerk_core.models import Notice, Task
from veldwerk_core.models.errors import ChangeRefused, RecordInvalid
from veldwerk_core.models.task import TaskOrigin

TODAY = date.today()


def test_my_tasks_overdue_first_done_with_a_date_and_on_the_worklist(session: Session) -> None:
    with_directory(session)
    youth = add_youth(session)
    tasks = Tasks(session)
    later = tasks.make(youth.id, "Gesprek met moeder plannen", TODAY + timedelta(days=20))
    late = tasks.make(youth.id, "Leerplicht bellen", TODAY - timedelta(days=2))
    soon = tasks.make(youth.id, "Huisbezoek", TODAY + timedelta(days=3))
    for_boa = tasks.make(youth.id, "Langs de hangplek", TODAY, owner_id=BOA.user_id)
    assert (late.owner_id, late.owner_name, late.origin) == (
        WORKER.user_id,
        WORKER.name,
        TaskOrigin.MANUAL,
    )
    assert for_boa.owner_name == BOA.name
    rows = tasks.mine()
    assert [r.task.id for r in rows] == [late.id, soon.id, later.id]
    assert [r.overdue for r in rows] == [True, False, False]
    assert rows[0].youth is not None and rows[0].youth.id == youth.id
    items = {i.target_id: i for i in collect(session, TODAY) if i.target_kind == "task"}
    assert set(items) == {late.id, soon.id}, "due within a week or overdue; only mine"
    assert items[late.id].title == youth.name_with_age() and items[late.id].urgency == 2

    done = tasks.done(late.id)
    assert (done.status, done.done_on) == (TaskStatus.DONE, TODAY)
    with pytest.raises(ChangeRefused):
        tasks.done(late.id)
    assert [r.task.id for r in tasks.mine()] == [soon.id, later.id]
    assert [r.task.id for r in tasks.mine(include_done=True)][-1] == late.id
    assert {r.task.id for r in open_timeline(session, youth.id).tasks} == {
        late.id,
        soon.id,
        later.id,
        for_boa.id,
    }
    with pytest.raises(NotRegisseur):
        tasks.overview()


def test_a_task_names_its_problems_by_field(session: Session) -> None:
    with_directory(session)
    youth = add_youth(session)
    with pytest.raises(RecordInvalid) as caught:
        Tasks(session).make(youth.id, "x", None)
    assert {e.field for e in caught.value.errors} == {"title", "due"}
    with pytest.raises(RecordInvalid) as stranger:
        Tasks(session).make(youth.id, "Bellen", TODAY, owner_id="iemand-anders")
    assert {e.field for e in stranger.value.errors} == {"owner_id"}


def test_the_regisseur_sees_every_task_done_or_overdue(session: Session) -> None:
    with_directory(session, me=REGISSEUR)
    youth = add_youth(session)
    tasks = Tasks(session)
    overdue = tasks.make(
        youth.id, "Zorgmelding doen", TODAY - timedelta(days=1), owner_id=BOA.user_id
    )
    done = tasks.make(youth.id, "School bellen", TODAY + timedelta(days=1), owner_id=WORKER.user_id)
    tasks.done(done.id)
    rows = tasks.overview()
    assert [(r.task.id, r.overdue, r.done) for r in rows] == [
        (overdue.id, True, False),
        (done.id, False, True),
    ]
    # Their worklist shows others' overdue tasks and those done this week; not a task that is
    # merely open, nor their own (those are under "Taken").
    tasks.make(youth.id, "Later bellen", TODAY + timedelta(days=20), owner_id=BOA.user_id)
    tasks.make(youth.id, "Eigen taak", TODAY - timedelta(days=2), owner_id=REGISSEUR.user_id)
    listed = {
        (item.category, item.target_id)
        for item in collect(session, TODAY)
        if item.category.startswith("Taken van anderen")
    }
    assert listed == {
        ("Taken van anderen: te laat", overdue.id),
        ("Taken van anderen: gedaan", done.id),
    }


def notice(session: Session, youth_id: object, organisation: str, **fields: object) -> Notice:
    """A notice as the server raises it and a sync stores it (here through the write path)."""
    return session.records.create(
        Notice,
        {
            "youth_id": youth_id,
            "other_organisation": organisation,
            "contacts": [
                {
                    "name": BOA.name,
                    "organisation": organisation,
                    "phone": BOA.phone,
                    "email": BOA.email,
                }
            ],
            "matched_by": "bsn",
            **fields,
        },
    ).record


def test_notices_unseen_first_and_asking_the_other_side(session: Session) -> None:
    with_directory(session)
    youth = add_youth(session)
    seen = notice(session, youth.id, "Politie Veldstad", seen=True)
    fresh = notice(session, youth.id, "Handhaving Veldstad")
    # Addressed to the other side of a registration this user sees too: it names their own
    # organisation and tells them nothing.
    notice(session, youth.id, WORKER.organisation)
    notices = Notices(session)
    assert [n.id for n in notices.for_me()] == [fresh.id, seen.id]
    assert [n.id for n in notices.for_youth(youth.id)] == [fresh.id, seen.id]
    assert notices.unseen() == 1
    [item] = [i for i in collect(session, TODAY) if i.target_kind == "notice"]
    assert item.title == youth.name_with_age() and "Handhaving Veldstad" in item.detail

    asked = notices.ask_to_share(fresh.id)
    assert asked.share_requested_by.startswith(WORKER.name) and asked.share_requested_on == TODAY
    assert asked.seen
    with pytest.raises(ChangeRefused):
        notices.ask_to_share(fresh.id)
    proposed = notices.propose_merge(fresh.id)
    assert proposed.merge_proposed_on == TODAY and proposed.merge_proposed_by
    assert notices.mark_seen(seen.id).seen
    assert notices.unseen() == 0
    assert [n.id for n in open_timeline(session, youth.id).notices] == [fresh.id, seen.id]
    assert session.records.count(Task) == 0
