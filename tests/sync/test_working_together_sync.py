"""Working together through the services and the real engine, against the real server in this
process (PostgreSQL): an accepted handover moves the trajectory and its coach role; the agenda
is the regisseur's alone; a revoked device asking for an agenda wipes itself."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from desktop.services.handovers import Handovers
from desktop.services.meeting_agenda import propose_agenda
from desktop.services.meetings import Meetings
from desktop.services.tasks import NotRegisseur
from desktop.services.trajectories import Trajectories
from desktop.sync.errors import DeviceRevoked
from tests.sync.support import enrolled
from veldwerk_core.models import HandoverStatus, Trajectory


def test_an_accepted_handover_moves_the_trajectory_and_both_keep_the_history(
    server: Any, desks: Any
) -> None:
    worker, boa = enrolled(server, desks, "youth_worker", "boa")
    youth = worker.add_youth("Noah")
    trajectory = Trajectories(worker.session).create(
        {"youth_id": youth.id, "coach": "Youth_Worker", "start": date.today()}
    )
    offer = Handovers(worker.session).offer(
        youth.id,
        server.world["boa"].user_id,
        "Werkt aan zijn schulden; de boa kent de familie.",
        trajectory_id=trajectory.id,
    )
    worker.sync(server, check=False)
    boa.sync(server, check=False)
    [waiting] = Handovers(boa.session).to_decide()
    assert (waiting.id, waiting.from_name, waiting.from_organisation) == (
        offer.id,
        "Youth_Worker",
        "Jongerenwerk Veldstad",
    )
    Handovers(boa.session).accept(offer.id, "Neem ik over")
    boa.sync(server, check=False)
    worker.sync(server, check=False)
    boa.sync(server, check=False)
    for desk in (worker, boa):
        [history] = Handovers(desk.session).for_youth(youth.id)
        assert (history.status, history.decided_on) == (HandoverStatus.ACCEPTED, date.today())
        moved = desk.session.records.get(Trajectory, trajectory.id)
        assert moved is not None and moved.coach == "Boa"
    assert Handovers(boa.session).to_decide() == []
    assert [h.id for h in Handovers(worker.session).made_by_me()] == [offer.id]


def test_only_the_regisseur_asks_for_an_agenda_and_a_revoked_device_wipes(
    server: Any, desks: Any
) -> None:
    worker, regisseur = enrolled(server, desks, "youth_worker", "regisseur")
    with pytest.raises(NotRegisseur):
        Meetings(worker.session)
    meeting = Meetings(regisseur.session).new("Overleg", date.today(), [])
    assert propose_agenda(regisseur.session, meeting.id, client=server.client) == []
    server.revoke(regisseur.device_id)
    with pytest.raises(DeviceRevoked):
        propose_agenda(regisseur.session, meeting.id, client=server.client)
    assert not regisseur.session.is_open
    assert not regisseur.data_dir.vault.exists()
