"""End to end (issue 14): the real server process on PostgreSQL over loopback, and four laptops
- a youth worker, a jeugdboa, a school safety coordinator and the regisseur - each with its
own vault, working one youth's case together only through the desktop services and the real
sync engine.

The involvement naming the jeugdboa gives them the youth; a shared signal reaches the school
with its basis, and leaves again when the share, or the consent it rests on, is withdrawn; a
second registration raises a notice on both sides with contacts and no content; the regisseur
builds a meeting from the server's agenda, records a decision with tasks, and the tasks reach
their owners (the PDF of each participant holds only youths they may see); ending the
involvement and a declined handover take away what they gave.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from desktop.services.consents import Consents
from desktop.services.directory import Directory
from desktop.services.handovers import Handovers
from desktop.services.involvements import Involvements
from desktop.services.meeting_agenda import propose_agenda
from desktop.services.meetings import Decision, Meetings, PlannedTask
from desktop.services.notices import Notices
from desktop.services.shares import Informed, LegalBasis, Shares
from desktop.services.signals import Signals
from desktop.services.tasks import Tasks
from desktop.services.timeline import open_timeline
from desktop.services.worklist import collect
from tests.e2e.test_canary import random_bsn
from tests.server.helpers import World
from tests.sync.support import Desk, Server
from veldwerk_core.models import HandoverStatus, Signal, Youth
from veldwerk_core.models.notice import MatchedBy
from veldwerk_core.models.signal import FollowUp

TODAY = date.today()


@dataclass
class Team:
    worker: Desk
    boa: Desk
    school: Desk
    regisseur: Desk
    world: World
    http: httpx.Client

    def user(self, key: str) -> str:
        return self.world[key].user_id

    def sync(self, *desks: Desk) -> None:
        for desk in desks:
            desk.sync(check=False)


@pytest.fixture
def team(real_server: Server, tmp_path: Path) -> Iterator[Team]:
    with httpx.Client(timeout=30) as http:
        users = {
            "worker": "youth_worker",
            "boa": "boa",
            "school": "school",
            "regisseur": "regisseur",
        }
        desks = {name: Desk(tmp_path / name, client=http) for name in users}
        try:
            for name, desk in desks.items():
                desk.enroll(real_server, users[name])
                desk.sync(check=False)  # the first sync brings the directory
            yield Team(**desks, world=real_server.world, http=http)
        finally:
            for desk in desks.values():
                desk.close()


def born(age: int) -> date:
    return date(TODAY.year - age, TODAY.month, min(TODAY.day, 28)) - timedelta(days=30)


def youth(desk: Desk, first: str, **data: Any) -> Youth:
    return desk.youths().create(
        {"first_name": first, "last_name": "Visser", "date_of_birth": born(14), **data}
    )


def signal(desk: Desk, about: Youth, description: str, **data: Any) -> Signal:
    return (
        Signals(desk.session)
        .record(
            {
                "occurred_at": datetime.now(UTC) - timedelta(hours=3),
                "place": {"place_kind": "wijk", "wijk": "Noord"},
                "life_domain": "school",
                "category": "schoolverzuim",
                "description": description,
                "youth_ids": [str(about.id)],
                "severity": "medium",
                "legal_basis": "covenant",
                **data,
            }
        )
        .signal
    )


def canary(rng: random.Random) -> str:
    return "Kanarie" + "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(10))


def test_four_laptops_work_one_case_together(team: Team, tmp_path: Path) -> None:
    worker, boa, school, regisseur = team.worker, team.boa, team.school, team.regisseur
    rng = random.Random()

    # -- the involvement naming the jeugdboa gives them the youth --------------------------
    daan = youth(worker, "Daan", school=World.SCHOOL)
    absent = signal(
        worker,
        daan,
        "Drie ochtenden niet op school, gezien bij het station.",
        follow_up=FollowUp.EARLY_SIGNALLING_MEETING.value,
    )
    assert Directory(worker.session).colleague(team.user("boa")) is not None
    involved = Involvements(worker.session).name_colleague(
        daan.id, team.user("boa"), since=TODAY - timedelta(days=30)
    )
    team.sync(worker, boa, school)
    assert str(daan.id) in boa.ids("youth")
    assert str(absent.id) not in boa.ids("signal"), "the youth, not the worker's signals"
    [also] = Notices(worker.session).for_youth(daan.id)
    assert (also.other_organisation, also.matched_by) == (
        "Handhaving Veldstad",
        MatchedBy.INVOLVEMENT,
    )

    # -- a shared signal reaches the school and shows its basis ----------------------------
    assert str(daan.id) in school.ids("youth") and str(absent.id) not in school.ids("signal")
    veldcollege = Directory(worker.session).organisation(World.SCHOOL, model=Youth, field="school")
    shares = Shares(worker.session)
    shared = shares.share(
        absent.id,
        veldcollege.id,
        legal_basis=LegalBasis.COVENANT,
        purpose="Verzuim samen aanpakken",
        youth_informed=Informed.YES,
        parents_informed=Informed.YES,
    )
    team.sync(worker, school)
    assert str(absent.id) in school.ids("signal")
    [received] = Shares(school.session).for_signal(absent.id)
    assert received.incoming and received.active
    assert (received.share.legal_basis, received.share.purpose) == (
        LegalBasis.COVENANT,
        "Verzuim samen aanpakken",
    )
    assert (received.share.shared_by, received.share.shared_by_organisation) == (
        "Youth_Worker",
        "Jongerenwerk Veldstad",
    )
    timeline = open_timeline(school.session, daan.id)
    assert shared.id in {e.record.id for e in timeline.entries if e.kind == "share"}

    # -- withdrawing the share removes it from the school at the next sync -----------------
    shares.withdraw(shared.id, "Gedeeld voordat de ouders het wisten")
    team.sync(worker, school)
    assert str(absent.id) not in school.ids("signal") and str(daan.id) in school.ids("youth")

    # -- and so does withdrawing the consent a share rests on ------------------------------
    consent = Consents(worker.session).record(
        daan.id, "parent", "Fatima Visser", "Delen met de school over verzuim"
    )
    on_consent = shares.share(
        absent.id,
        veldcollege.id,
        legal_basis=LegalBasis.CONSENT,
        purpose="Verzuim samen aanpakken",
        youth_informed=Informed.YES,
        parents_informed=Informed.YES,
        consent_id=consent.id,
    )
    team.sync(worker, school)
    assert str(absent.id) in school.ids("signal")
    Consents(worker.session).withdraw(consent.id, "Moeder trok de toestemming in")
    team.sync(worker, school)
    assert str(absent.id) not in school.ids("signal")
    assert shares.get(on_consent.id).withdrawn, "the server withdrew the share with it"

    # -- a second registration raises a notice on both sides, contacts and no content ------
    bsn = random_bsn(rng)
    secret = canary(rng)
    theirs = youth(boa, canary(rng), bsn=bsn)
    signal(
        boa,
        theirs,
        f"Met oudere jongens bij de snackbar. {secret}",
        follow_up=FollowUp.EARLY_SIGNALLING_MEETING.value,
    )
    team.sync(boa)
    mine = youth(worker, "Mo", bsn=bsn)
    team.sync(worker, boa)
    [worker_notice] = Notices(worker.session).for_youth(mine.id)
    [boa_notice] = Notices(boa.session).for_youth(theirs.id)
    assert worker_notice.other_organisation == "Handhaving Veldstad"
    assert [(c.name, c.organisation) for c in worker_notice.contacts] == [
        ("Boa", "Handhaving Veldstad")
    ]
    assert boa_notice.other_organisation == "Jongerenwerk Veldstad"
    assert {c.name for c in boa_notice.contacts} == {"Youth_Worker"}
    text = worker_notice.model_dump_json()
    assert str(theirs.id) not in text and theirs.first_name not in text and secret not in text
    assert str(theirs.id) not in worker.ids("youth")
    assert not [
        row
        for row in worker.session.vault.query("SELECT data FROM signal")
        if secret in row["data"]
    ]
    assert any(i.target_id == worker_notice.id for i in collect(worker.session, TODAY))
    Notices(worker.session).ask_to_share(worker_notice.id)
    team.sync(worker, boa)
    assert Notices(boa.session).get(boa_notice.id).share_requested_by.startswith("Youth_Worker")

    # -- the regisseur builds a meeting from the agenda; the tasks reach their owners -------
    team.sync(regisseur)
    meetings = Meetings(regisseur.session)
    participants = [team.user(key) for key in ("youth_worker", "boa", "school")]
    meeting = meetings.new("Vroegsignaleringsoverleg Noord", TODAY, participants)
    agenda = {
        item.youth_id: item
        for item in propose_agenda(regisseur.session, meeting.id, client=team.http)
    }
    assert {daan.id, theirs.id} <= agenda.keys()
    assert set(agenda[daan.id].seen_by) == set(participants)
    assert agenda[theirs.id].seen_by == [team.user("boa")]
    due = TODAY + timedelta(days=7)
    _item, made = meetings.decide(
        agenda[daan.id].id,
        picture="Verzuim op drie ochtenden; school en jongerenwerk zien hetzelfde.",
        decision=Decision.WATCH,
        tasks=[
            PlannedTask("Gesprek met Daan over school", team.user("youth_worker"), due),
            PlannedTask("Verzuim bespreken met ouders", team.user("school"), due),
        ],
    )
    hidden_picture, hidden_task = canary(rng), canary(rng)
    meetings.decide(
        agenda[theirs.id].id,
        picture=f"Oudere contacten. {hidden_picture}",
        decision=Decision.REFERRAL,
        tasks=[PlannedTask(f"Doorverwijzen {hidden_task}", team.user("boa"), due)],
    )
    meetings.mark_held(meeting.id)
    folder = tmp_path / "verslagen"
    folder.mkdir()
    texts = {
        file.reader.user_id if file.reader else None: "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(file.path.read_bytes())).pages
        )
        for file in meetings.export(meeting.id, folder)
    }
    for needle in (theirs.first_name, hidden_picture, hidden_task):
        assert needle in texts[None] and needle in texts[team.user("boa")]
        for user in ("youth_worker", "school"):
            assert needle not in texts[team.user(user)], f"{user}'s PDF holds a canary"
    assert "Gesprek met Daan over school" in texts[team.user("school")]

    team.sync(regisseur, worker, school)
    [task] = [row.task for row in Tasks(worker.session).mine()]
    assert (task.id, task.title, task.due) == (made[0].id, "Gesprek met Daan over school", due)
    assert any(i.target_id == task.id for i in collect(worker.session, TODAY))
    assert [row.task.id for row in Tasks(school.session).mine()] == [made[1].id]
    Tasks(worker.session).done(task.id)
    team.sync(worker, regisseur)
    overview = {row.task.id: row for row in Tasks(regisseur.session).overview()}
    assert overview[made[0].id].done and not overview[made[1].id].done

    # -- ending the involvement takes the youth from the jeugdboa --------------------------
    Involvements(worker.session).end(involved.id)
    team.sync(worker, boa)
    assert str(daan.id) not in boa.ids("youth")

    # -- a declined handover gives nothing -------------------------------------------------
    ilse = youth(worker, "Ilse")
    Handovers(worker.session).offer(ilse.id, team.user("school"), "Zit sinds kort op jullie school")
    team.sync(worker, school)
    assert str(ilse.id) in school.ids("youth")
    [offer] = Handovers(school.session).to_decide()
    Handovers(school.session).decline(offer.id, "Niet bij ons ingeschreven")
    team.sync(school)  # pushes the decision, and pulls the youth's removal
    assert str(ilse.id) not in school.ids("youth") and str(offer.id) not in school.ids("handover")
    team.sync(worker)
    assert Handovers(worker.session).get(offer.id).status is HandoverStatus.DECLINED
