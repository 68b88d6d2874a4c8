"""The directory, involvements and handovers through the services, on a real vault."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.services.directory import Directory, NoDirectory
from desktop.services.handovers import Handovers, NotYours
from desktop.services.involvements import Involvements
from desktop.services.session import Session
from desktop.services.timeline import open_timeline
from desktop.services.trajectories import Trajectories
from desktop.services.worklist import collect
from desktop.services.youths import Youths
from tests.integration.together import (
    BOA,
    COORDINATOR,
    ENFORCEMENT,
    MUNICIPAL,
    POLICE,
    REGISSEUR,
    WORKER,
    YOUTH_WORK,
    add_youth,
    with_directory,
)
from veldwerk_core.models import Handover, HandoverStatus, Involvement
from veldwerk_core.models.errors import ChangeRefused, RecordInvalid


def fields(caught: pytest.ExceptionInfo[RecordInvalid]) -> dict[str, str]:
    return {error.field: error.message for error in caught.value.errors}


def test_a_standalone_vault_has_an_empty_directory_and_says_why(session: Session) -> None:
    directory = Directory(session)
    assert not directory.available
    assert directory.colleagues() == directory.partners() == directory.organisations() == []
    assert directory.my_organisation_id is None
    youth = add_youth(session)
    with pytest.raises(NoDirectory) as caught:
        Involvements(session).name_colleague(youth.id, BOA.user_id)
    assert "Meld dit apparaat aan" in caught.value.user_message()
    # A professional outside the directory can still be typed in (the existing form).
    typed = Involvements(session).add(
        {
            "youth_id": youth.id,
            "professional": "Wijkagent",
            "organisation": "Politie",
            "role": "Wijkagent",
            "since": date.today(),
        }
    )
    assert typed.professional_id is None
    assert [i.professional for i in Youths(session).involvements(youth.id)] == ["Wijkagent"]


def test_the_directory_lists_searches_and_resolves(session: Session) -> None:
    directory = Directory(with_directory(session))
    assert directory.available and directory.me == WORKER
    assert directory.my_organisation_id == YOUTH_WORK.id
    assert [c.name for c in directory.search("veldcollege")] == [COORDINATOR.name]
    assert [c.name for c in directory.search("bram handhaving")] == [BOA.name]
    assert directory.colleague(BOA.user_id) == BOA
    assert directory.organisations()[0].id == MUNICIPAL.id, "the regisseur's comes first"
    assert directory.regisseur_organisation() is not None
    regisseur = directory.organisation("regisseur", model=Involvement, field="organisation")
    assert regisseur.name == MUNICIPAL.name
    assert directory.pick("Bram", model=Involvement, field="professional_id") == BOA
    with pytest.raises(RecordInvalid) as none:
        directory.pick("Niemand Bekend", model=Involvement, field="professional_id")
    assert "geen collega" in fields(none)["professional_id"]
    with pytest.raises(RecordInvalid) as several:
        directory.pick("veldstad", model=Involvement, field="professional_id")
    assert "wees preciezer" in fields(several)["professional_id"]
    assert directory.partner("politie", model=Involvement, field="organisation") == POLICE


def test_naming_a_colleague_fills_in_the_directory_and_ending_keeps_history(
    session: Session,
) -> None:
    with_directory(session)
    youth = add_youth(session)
    involvements = Involvements(session)
    named = involvements.name_colleague(
        youth.id, BOA.user_id, since=date.today() - timedelta(days=30)
    )
    assert (named.professional, named.professional_id, named.organisation, named.role) == (
        BOA.name,
        BOA.user_id,
        ENFORCEMENT.name,
        "Jeugdboa",
    )
    with pytest.raises(RecordInvalid) as twice:
        involvements.name_colleague(youth.id, BOA.user_id)
    assert "al betrokken" in fields(twice)["professional_id"]
    with pytest.raises(RecordInvalid) as stranger:
        involvements.name_colleague(youth.id, "0190a000-0000-7000-8000-0000000009ff")
    assert set(fields(stranger)) == {"professional_id"}
    partner = involvements.name_partner(youth.id, "Politie Veldstad")
    assert (partner.professional, partner.organisation, partner.professional_id) == (
        POLICE.contact,
        POLICE.name,
        None,
    )
    [boa, police] = involvements.for_youth(youth.id)
    assert (boa.phone, boa.email) == (BOA.phone, BOA.email)
    assert (police.phone, police.email) == (POLICE.phone, POLICE.email)

    edited = involvements.edit(named.id, {"role": "Handhaver in de wijk"})
    assert edited.role == "Handhaver in de wijk"
    other = involvements.name_colleague(youth.id, COORDINATOR.user_id, since=named.since)
    swapped = involvements.edit(other.id, {"professional_id": REGISSEUR.user_id})
    assert (swapped.professional, swapped.organisation) == (REGISSEUR.name, REGISSEUR.organisation)
    involvements.remove(other.id, "Verkeerde collega gekozen")
    with pytest.raises(RecordInvalid) as moved:
        involvements.edit(named.id, {"youth_id": str(add_youth(session, "Ander").id)})
    assert set(fields(moved)) == {"youth_id"}

    ended = involvements.end(named.id)
    assert ended.until == date.today() - timedelta(days=1)
    rows = involvements.for_youth(youth.id)
    assert [(r.involvement.id, r.active) for r in rows] == [
        (police.involvement.id, True),
        (named.id, False),
    ]
    # Named today by mistake: ending keeps today; removing takes it away at once.
    today = involvements.name_colleague(youth.id, COORDINATOR.user_id)
    assert involvements.end(today.id).until == date.today()
    involvements.remove(today.id)
    assert today.id not in {r.involvement.id for r in involvements.for_youth(youth.id)}
    assert session.records.get(Involvement, today.id) is None

    timeline = open_timeline(session, youth.id)
    assert [r.involvement.id for r in timeline.involved] == [police.involvement.id, named.id]


def test_a_handover_is_offered_with_a_note_and_only_its_addressee_decides(
    session: Session,
) -> None:
    with_directory(session)
    youth = add_youth(session)
    trajectory = Trajectories(session).create(
        {"youth_id": youth.id, "coach": WORKER.name, "start": date.today()}
    )
    handovers = Handovers(session)
    with pytest.raises(RecordInvalid) as bad:
        handovers.offer(youth.id, WORKER.user_id, "  ")
    assert set(fields(bad)) == {"to_user_id"}
    with pytest.raises(RecordInvalid) as no_note:
        handovers.offer(youth.id, BOA.user_id, "  ")
    assert "Overdrachtsnotitie" in fields(no_note)["note"]
    other = add_youth(session, "Ander")
    with pytest.raises(RecordInvalid) as wrong:
        handovers.offer(other.id, BOA.user_id, "Zie notitie", trajectory_id=trajectory.id)
    assert set(fields(wrong)) == {"trajectory_id"}
    handovers.offer(youth.id, BOA.user_id, "Zie notitie", trajectory_id=trajectory.id)
    offered = handovers.get(handovers.made_by_me()[0].id)
    assert (offered.to_name, offered.to_organisation, offered.from_name) == (
        BOA.name,
        ENFORCEMENT.name,
        WORKER.name,
    )
    assert offered.status is HandoverStatus.OFFERED
    with pytest.raises(RecordInvalid) as again:
        handovers.offer(youth.id, COORDINATOR.user_id, "Nog een", trajectory_id=trajectory.id)
    assert "al een overdracht open" in fields(again)["youth_id"]
    assert handovers.to_decide() == [], "offered by me, not to me"
    with pytest.raises(NotYours):
        handovers.accept(offered.id)
    assert [h.id for h in open_timeline(session, youth.id).handovers] == [offered.id]


def test_the_addressee_accepts_or_declines_once_and_sees_it_on_the_worklist(
    session: Session,
) -> None:
    with_directory(session, me=BOA)
    youth = add_youth(session, "Mila")
    # An offer made by a colleague, as it arrives by sync (written here through the write path).
    made = session.records.create(
        Handover,
        {
            "youth_id": youth.id,
            "to_user_id": BOA.user_id,
            "to_name": BOA.name,
            "note": "Zij hangt vaak bij het winkelcentrum.",
            "from_name": WORKER.name,
            "from_organisation": YOUTH_WORK.name,
        },
    ).record
    handovers = Handovers(session)
    assert [h.id for h in handovers.to_decide()] == [made.id]
    [item] = [i for i in collect(session, date.today()) if i.target_kind == "handover"]
    assert item.title == youth.name_with_age() and WORKER.name in item.detail
    declined = handovers.decline(made.id, "Past niet bij handhaving")
    assert (declined.status, declined.decided_on, declined.decision_note) == (
        HandoverStatus.DECLINED,
        date.today(),
        "Past niet bij handhaving",
    )
    with pytest.raises(ChangeRefused):
        handovers.accept(made.id)
    assert handovers.to_decide() == []
    assert REGISSEUR.user_id not in {h.to_user_id for h in handovers.for_youth(youth.id)}
