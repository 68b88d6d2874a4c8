"""Interventions and referrals through the services, on a real vault: the catalogue from the
stored configuration (or the bundled example), referrals from a signal's follow-up, a meeting
decision or a trajectory agreement, their statuses with dates, the timeline, the worklist,
the audit and the outbox."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from desktop.services.interventions import Catalogue
from desktop.services.meetings import Meetings
from desktop.services.referrals import Referrals
from desktop.services.session import Session
from desktop.services.timeline import open_timeline, youth_of
from desktop.services.trajectories import Trajectories
from desktop.services.worklist import collect
from desktop.store import sync_state
from tests.integration.together import (
    REGISSEUR,
    WORKER,
    add_youth,
    record_signal,
    with_directory,
)
from veldwerk_core.models.errors import ChangeRefused, RecordInvalid
from veldwerk_core.models.intervention import Intervention
from veldwerk_core.models.meeting import Decision
from veldwerk_core.models.referral import ReferralOrigin, ReferralStatus
from veldwerk_core.models.signal import FollowUp

TODAY = date.today()


def outbox(session: Session, record_id: object) -> list[dict[str, object]]:
    rows = session.vault.query(
        "SELECT fields FROM outbox WHERE record_kind = 'referral' AND record_id = ? ORDER BY seq",
        (str(record_id),),
    )
    return [json.loads(row["fields"]) for row in rows]


def audited(session: Session, record_id: object) -> list[str]:
    rows = session.vault.query(
        "SELECT action FROM audit WHERE record_kind = 'referral' AND record_id = ? ORDER BY seq",
        (str(record_id),),
    )
    return [row["action"] for row in rows]


def test_a_standalone_vault_uses_the_bundled_catalogue(session: Session) -> None:
    catalogue = Catalogue(session)
    assert not catalogue.from_server
    names = {entry.name for entry in catalogue.all()}
    assert {
        "Preventief Halt in de wijk",
        "Straatcoaches",
        "HackShield (digitale weerbaarheid)",
    } <= (names)
    assert [e.id for e in catalogue.for_follow_up(FollowUp.HALT, 14)] == [
        "halt_preventief",
        "halt_ouders_aan_zet",
    ]
    assert catalogue.for_follow_up(FollowUp.HALT, 19) == [], "Halt ends at 17"
    assert [e.id for e in catalogue.search("digitale weerbaar")] == ["hackshield"]


def test_the_municipality_s_catalogue_replaces_the_example(session: Session) -> None:
    with_directory(session)
    config = sync_state.config(session.vault)
    assert config is not None
    own = Intervention(id="buurtsport", name="Buurtsportcoach", provider="Sportbedrijf")
    gone = Intervention(id="oud", name="Oud aanbod", provider="Niemand", retired=True)
    sync_state.save_config(
        session.vault, config.model_copy(update={"interventions": [own, gone]}), session.clock()
    )
    catalogue = Catalogue(session)
    assert catalogue.from_server
    assert [e.id for e in catalogue.all()] == ["buurtsport"]
    assert [e.id for e in catalogue.all(with_retired=True)] == ["buurtsport", "oud"]
    youth = add_youth(session)
    with pytest.raises(RecordInvalid) as retired:
        Referrals(session).refer(youth.id, "oud", "Past niet meer")
    assert [e.field for e in retired.value.errors] == ["intervention_id"]


def test_a_referral_from_a_signal_followed_to_its_end(session: Session) -> None:
    with_directory(session)
    youth, other = add_youth(session, "Daan"), add_youth(session, "Lotte")
    signal = record_signal(session, youth)
    referrals = Referrals(session)
    with pytest.raises(RecordInvalid) as stranger:
        referrals.from_signal(signal.id, other.id, "halt_preventief")
    assert [e.field for e in stranger.value.errors] == ["youth_id"]

    made = referrals.from_signal(signal.id, youth.id, "halt_preventief")
    assert (made.origin, made.signal_id, made.status) == (
        ReferralOrigin.SIGNAL,
        signal.id,
        ReferralStatus.REFERRED,
    )
    assert (made.intervention_name, made.provider, made.referred_on) == (
        "Preventief Halt in de wijk",
        "Halt",
        TODAY,
    )
    assert made.referred_by == session.profile.name and made.reason.startswith("Vervolgstap")

    with pytest.raises(ChangeRefused):
        referrals.complete(made.id)  # not started yet
    started = referrals.start(made.id, TODAY)
    assert (started.status, started.started_on) == (ReferralStatus.STARTED, TODAY)
    with pytest.raises(RecordInvalid) as no_reason:
        referrals.stop(made.id, "")
    assert [e.field for e in no_reason.value.errors] == ["end_reason"]
    done = referrals.complete(made.id, TODAY)
    assert (done.status, done.ended_on) == (ReferralStatus.COMPLETED, TODAY)
    with pytest.raises(ChangeRefused):
        referrals.stop(made.id, "Toch niet")

    assert audited(session, made.id) == ["create", "update", "update"]
    sent = outbox(session, made.id)
    assert [change["status"] for change in sent] == ["referred", "started", "completed"]
    assert sent[0]["intervention_id"] == "halt_preventief"
    assert (sent[1]["started_on"], sent[2]["ended_on"]) == (TODAY.isoformat(), TODAY.isoformat())
    timeline = open_timeline(session, youth.id)
    assert [r.id for r in timeline.referrals] == [made.id]
    assert any(entry.kind == "referral" for entry in timeline.entries)
    assert youth_of(session, "referral", made.id) == youth.id


def test_waiting_referrals_are_on_the_worklist_until_they_start(session: Session) -> None:
    with_directory(session)
    youth = add_youth(session)
    referrals = Referrals(session)
    old = referrals.refer(
        youth.id, "jongerenwerk", "Zoekt een plek", referred_on=TODAY - timedelta(days=20)
    )
    new = referrals.refer(youth.id, "weerbaarheidstraining", "Groepsdruk op school")
    declined = referrals.refer(youth.id, "straatcoaches", "Hangt rond bij de skatebaan")
    referrals.decline(declined.id, "Geen plek in de groep")
    items = [i for i in collect(session, TODAY) if i.target_kind == "referral"]
    assert [i.target_id for i in items] == [old.id, new.id], "longest waiting first"
    assert items[0].category == "Aanmelding wacht op start"
    assert items[0].title == youth.name_with_age() and items[0].urgency == 1
    assert "20 dagen" in items[0].detail and items[1].urgency == 0
    referrals.start(old.id)
    assert [i.target_id for i in collect(session, TODAY) if i.target_kind == "referral"] == [new.id]


def test_a_meeting_decision_and_a_trajectory_agreement_refer(session: Session) -> None:
    with_directory(session, me=REGISSEUR)
    youth = add_youth(session)
    meetings = Meetings(session)
    meeting = meetings.new("Vroegsignalering Noord", TODAY, [WORKER.user_id])
    item = meetings.add_youth(meeting.id, youth.id)
    meetings.decide(item.id, decision=Decision.PERSON_APPROACH)
    referrals = Referrals(session)
    from_meeting = referrals.from_meeting_item(item.id, "pga_coaching")
    assert (from_meeting.origin, from_meeting.meeting_item_id, from_meeting.youth_id) == (
        ReferralOrigin.MEETING,
        item.id,
        youth.id,
    )
    assert "persoonsgerichte aanpak" in from_meeting.reason

    trajectories = Trajectories(session)
    trajectory = trajectories.create({"youth_id": youth.id, "coach": "Sanne", "start": TODAY})
    trajectories.save_plan(
        trajectory.id,
        {
            "goals": [],
            "agreements": [
                {"party": "youth", "who": "Daan", "what": "Meldt zich aan bij de training"}
            ],
        },
    )
    agreement = trajectories.open(trajectory.id).agreements[0]
    from_agreement = referrals.from_agreement(agreement.id, "weerbaarheidstraining")
    assert (from_agreement.origin, from_agreement.agreement_id) == (
        ReferralOrigin.AGREEMENT,
        agreement.id,
    )
    assert "Meldt zich aan" in from_agreement.reason
    assert {r.referral.id for r in referrals.all(open_only=True)} == {
        from_meeting.id,
        from_agreement.id,
    }
