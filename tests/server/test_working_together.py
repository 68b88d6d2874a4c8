"""Working together on the server (issue 14): shares and consents, handovers, tasks, "wie doet
wat" notices, the meeting's agenda from the server's flags, and the directory. On SQLite and
PostgreSQL; every grant gives exactly what it says and takes it away again."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.server.helpers import (
    World,
    involvement_fields,
    mutation,
    signal_fields,
    youth_fields,
)
from veldwerk_core.models import new_id

TODAY = date.today().isoformat()
VALID_BSN = "111222333"


def boa_case(world: World) -> tuple[str, str]:
    """A youth of the boa's (enforcement) with one signal."""
    youth, signal = str(new_id()), str(new_id())
    results = world["boa"].push(
        mutation("youth", youth, youth_fields(school=World.SCHOOL)),
        mutation("signal", signal, signal_fields([youth])),
    )
    assert [r["status"] for r in results] == ["applied", "applied"]
    return youth, signal


def share_fields(world: World, signal: str, to: str, **fields: Any) -> dict[str, Any]:
    return {
        "signal_id": signal,
        "organisation_id": world.organisations[to],
        "organisation_name": to,
        "legal_basis": "covenant",
        "purpose": "Samen optrekken rond verzuim",
        "youth_informed": "yes",
        "parents_informed": "yes",
        **fields,
    }


def test_a_share_gives_the_signal_and_its_withdrawal_takes_it_away(world: World) -> None:
    youth, signal = boa_case(world)
    assert signal not in world.held("school")  # the school sees the youth, not the signal
    share = str(new_id())
    [made] = world["boa"].push(mutation("share", share, share_fields(world, signal, "school")))
    assert made["status"] == "applied"
    got = world.held("school")
    assert signal in got and share in got
    basis = got[share]["data"]
    assert (basis["legal_basis"], basis["shared_by"], basis["shared_by_organisation"]) == (
        "covenant",
        "Boa",
        "Handhaving Veldstad",
    )
    school = world["school"]
    [withdrawn] = world["boa"].push(
        mutation("share", share, {"withdrawn_on": TODAY, "withdrawal_reason": "Onjuist"}, base=1)
    )
    assert withdrawn["status"] == "applied"
    removals = school.pull_all()["removals"]
    assert removals[signal]["reason"] == "out_of_scope"
    assert signal not in world.held("school") and youth in world.held("school")


def test_withdrawing_a_consent_withdraws_the_shares_resting_on_it(world: World) -> None:
    youth, signal = boa_case(world)
    consent, share = str(new_id()), str(new_id())
    boa = world["boa"]
    results = boa.push(
        mutation(
            "consent",
            consent,
            {
                "youth_id": youth,
                "giver": "parent",
                "given_by": "Moeder",
                "given_on": TODAY,
                "for_what": "Delen met de school",
            },
        ),
        mutation(
            "share",
            share,
            share_fields(world, signal, "school", legal_basis="consent", consent_id=consent),
        ),
    )
    assert [r["status"] for r in results] == ["applied", "applied"]
    assert signal in world.held("school")
    [ended] = boa.push(mutation("consent", consent, {"withdrawn_on": TODAY}, base=1))
    assert ended["status"] == "applied"
    assert signal not in world.held("school")
    data = world.held("boa")[share]["data"]
    assert data["withdrawn_on"] == TODAY and data["withdrawal_reason"]
    # Without a consent, "consent" is no basis.
    [bare] = boa.push(
        mutation("share", new_id(), share_fields(world, signal, "school", legal_basis="consent"))
    )
    assert (bare["status"], bare["reason"]) == ("rejected", "invalid")


def test_a_handover_offers_the_youth_and_moves_it_when_accepted(world: World) -> None:
    youth, _signal = boa_case(world)
    worker = world["youth_worker"]
    assert youth not in world.held("youth_worker")
    handover = str(new_id())
    offer = {
        "youth_id": youth,
        "to_user_id": worker.user_id,
        "to_name": "Youth_Worker",
        "note": "Hij zoekt werk; jongerenwerk past beter.",
    }
    [offered] = world["boa"].push(mutation("handover", handover, offer))
    assert offered["status"] == "applied"
    got = world.held("youth_worker")
    assert youth in got and handover in got  # to decide, the colleague sees the youth
    [accepted] = worker.push(
        mutation("handover", handover, {"status": "accepted", "decided_on": TODAY}, base=1)
    )
    assert accepted["status"] == "applied"
    # The youth is the youth worker's organisation's now: its edits apply, the boa proposes.
    [edit] = worker.push(mutation("youth", youth, {"wijk": "Zuid"}, base=1))
    assert edit["status"] == "applied"
    [proposal] = world["boa"].push(mutation("youth", youth, {"wijk": "Oost"}, base=2))
    assert proposal["status"] == "proposed"
    # Only the colleague decides; a declined handover gives nothing.
    other = str(new_id())
    second = {**offer, "to_user_id": world["school"].user_id, "to_name": "School"}
    [made] = world["youth_worker"].push(mutation("handover", other, second))
    assert made["status"] == "applied"
    [meddling] = world["boa"].push(mutation("handover", other, {"status": "accepted"}, base=1))
    assert meddling["status"] == "rejected"
    school = world["school"]
    [declined] = school.push(
        mutation("handover", other, {"status": "declined", "decided_on": TODAY}, base=1)
    )
    assert declined["status"] == "applied"


def test_a_task_gives_its_owner_the_youth_until_it_is_done(world: World) -> None:
    youth, _signal = boa_case(world)
    worker = world["youth_worker"]
    task = str(new_id())
    fields = {
        "youth_id": youth,
        "title": "Gesprek met de jongere over werk",
        "owner_id": worker.user_id,
        "owner_name": "Youth_Worker",
        "due": (date.today() + timedelta(days=7)).isoformat(),
        "origin": "meeting",
    }
    [made] = world["regisseur"].push(mutation("task", task, fields))
    assert made["status"] == "applied"
    got = world.held("youth_worker")
    assert task in got and youth in got
    [done] = worker.push(mutation("task", task, {"status": "done", "done_on": TODAY}, base=1))
    assert done["status"] == "applied"
    assert youth not in world.held("youth_worker")
    # A task for someone who is not a user of this municipality is refused.
    [stranger] = world["regisseur"].push(
        mutation("task", new_id(), {**fields, "owner_id": world["elsewhere"].user_id})
    )
    assert (stranger["status"], stranger["reason"]) == ("rejected", "invalid")


def test_a_second_registration_raises_a_notice_on_both_sides_without_content(
    world: World,
) -> None:
    boa_youth, boa_signal = boa_case(world)
    world["boa"].push(mutation("youth", boa_youth, {"bsn": VALID_BSN}, base=1))
    # A professional of another organisation involved with the boa's registration is not one of
    # the boa's side's contacts.
    [involved] = world["boa"].push(
        mutation("involvement", new_id(), involvement_fields(boa_youth, world["colleague"].user_id))
    )
    assert involved["status"] == "applied"
    worker = world["youth_worker"]
    mine = str(new_id())
    [made] = worker.push(mutation("youth", mine, youth_fields(first_name="Dani", bsn=VALID_BSN)))
    assert made["status"] == "applied"
    notices = [r for r in world.held("youth_worker").values() if r["kind"] == "notice"]
    [notice] = notices
    assert notice["data"]["youth_id"] == mine
    assert notice["data"]["other_organisation"] == "Handhaving Veldstad"
    assert notice["data"]["matched_by"] == "bsn"
    assert [contact["name"] for contact in notice["data"]["contacts"]] == ["Boa"]
    text = str(notice)
    assert boa_youth not in text and boa_signal not in text  # never the other's content
    [theirs] = [
        r
        for r in world.held("boa").values()
        if r["kind"] == "notice" and r["data"]["matched_by"] == "bsn"
    ]
    assert theirs["data"]["youth_id"] == boa_youth
    assert theirs["data"]["other_organisation"] == "Jongerenwerk Veldstad"
    # Asking the other to share shows on their notice.
    [asked] = worker.push(
        mutation(
            "notice",
            notice["id"],
            {"share_requested_by": "Youth_Worker", "share_requested_on": TODAY},
            base=notice["version"],
        )
    )
    assert asked["status"] == "applied"
    mirrored = world.held("boa")[theirs["id"]]["data"]
    assert mirrored["share_requested_by"] == "Youth_Worker"


def test_the_agenda_comes_from_the_servers_flags_and_says_who_may_see_whom(
    world: World,
) -> None:
    boa, regisseur = world["boa"], world["regisseur"]
    youth = str(new_id())
    boa.push(mutation("youth", youth, youth_fields(school=World.SCHOOL)))
    for severity in ("high", "high"):
        boa.push(mutation("signal", new_id(), signal_fields([youth], severity=severity)))
    asked = str(new_id())
    world["youth_worker"].push(
        mutation("youth", asked, youth_fields(first_name="Ilse")),
        mutation(
            "signal",
            new_id(),
            signal_fields([asked], follow_up="early_signalling_meeting"),
        ),
    )
    participants = [boa.user_id, world["school"].user_id, world["youth_worker"].user_id]
    answer = regisseur.client.post(
        "/api/v1/meetings/agenda", json={"participants": participants}, headers=regisseur.headers
    )
    assert answer.status_code == 200, answer.text
    items = {item["youth_id"]: item for item in answer.json()["items"]}
    assert items[youth]["reasons"] == ["ernstige_signalen_30_dagen"]
    assert items[youth]["signals"] == 2
    assert set(items[youth]["seen_by"]) == {boa.user_id, world["school"].user_id}
    assert items[asked]["reasons"] == ["follow_up"]
    assert items[asked]["seen_by"] == [world["youth_worker"].user_id]
    refused = boa.client.post("/api/v1/meetings/agenda", json={}, headers=boa.headers)
    assert refused.status_code == 403


def test_meetings_are_the_regisseurs_records(world: World) -> None:
    meeting = str(new_id())
    [made] = world["regisseur"].push(
        mutation("meeting", meeting, {"title": "Overleg december", "held_on": TODAY})
    )
    assert made["status"] == "applied"
    assert meeting in world.held("regisseur")
    assert meeting not in world.held("boa")
    [refused] = world["boa"].push(
        mutation("meeting", new_id(), {"title": "Eigen overleg", "held_on": TODAY})
    )
    assert (refused["status"], refused["reason"]) == ("rejected", "role")


def test_devices_receive_the_directory_with_work_contacts(world: World) -> None:
    boa = world["boa"]
    config = boa.client.get("/api/v1/config", headers=boa.headers).json()
    names = {colleague["name"]: colleague for colleague in config["colleagues"]}
    assert {"Boa", "School", "Youth_Worker", "Regisseur"} <= names.keys()
    assert "Beheerder" not in names and "Elsewhere" not in names
    assert names["School"]["organisation"] == World.SCHOOL
    assert {"police", "halt", "attendance", "safe_home"} <= {
        partner["kind"] for partner in config["partners"]
    }
    # An involvement naming a colleague from the directory gives them the youth.
    youth, _signal = boa_case(world)
    worker = names["Youth_Worker"]["user_id"]
    boa.push(mutation("involvement", new_id(), involvement_fields(youth, worker)))
    assert youth in world.held("youth_worker")
