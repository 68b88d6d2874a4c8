"""Issue 12's findings, each as it was reproduced, now refused; and proposals end to end.

Runs on SQLite and PostgreSQL. The rules themselves, cell by cell, are in
tests/server/test_rules_matrix.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.server.helpers import (
    GONE,
    World,
    involvement_fields,
    mutation,
    signal_fields,
    trajectory_fields,
    youth_fields,
)
from veldwerk_core.models import new_id


def schooled_youth(world: World) -> str:
    """A youth of the youth worker's organisation, which the school coordinator sees through
    its school and the regisseur sees as everyone's coordinator."""
    youth = str(new_id())
    [made] = world["youth_worker"].push(mutation("youth", youth, youth_fields(school=World.SCHOOL)))
    assert made["status"] == "applied"
    return youth


def test_finding_1_a_youth_seen_through_a_school_is_not_the_schools_to_delete(
    world: World,
) -> None:
    youth = schooled_youth(world)
    [result] = world["school"].push(mutation("youth", youth, op="delete", base=1, reason=GONE))
    assert (result["status"], result["reason"]) == ("rejected", "not_owner")
    assert world.held("regisseur")[youth]["data"] is not None
    assert youth in world.held("school")


def test_finding_2_a_deleted_youth_stays_deleted_for_other_organisations(world: World) -> None:
    worker, school = world["youth_worker"], world["school"]
    youth, trajectory, involvement = str(new_id()), str(new_id()), str(new_id())
    worker.push(
        mutation("youth", youth, youth_fields()),
        mutation("trajectory", trajectory, trajectory_fields(youth)),
        mutation("involvement", involvement, involvement_fields(youth, worker.user_id)),
    )
    [deleted] = worker.push(mutation("youth", youth, op="delete", base=1, reason=GONE))
    assert deleted["status"] == "applied"
    [blind] = school.push(mutation("youth", youth, youth_fields(school=World.SCHOOL)))
    assert (blind["status"], blind["reason"], blind["version"]) == (
        "rejected",
        "out_of_scope",
        None,
    )
    [forced] = school.push(mutation("youth", youth, youth_fields(school=World.SCHOOL), base=99))
    assert (forced["status"], forced["reason"]) == ("rejected", "out_of_scope")
    never_here = str(new_id())
    [unknown] = school.push(mutation("youth", never_here, youth_fields(), base=3))
    assert unknown == {**unknown, "status": "rejected", "reason": "out_of_scope"}
    got = world.held("school")
    assert not {youth, trajectory, involvement} & got.keys()
    # The owner may bring it back (a conflict first: the deletion came after their base).
    [restored] = worker.push(mutation("youth", youth, youth_fields(), base=2))
    assert restored["status"] == "applied"


def test_finding_3_another_organisation_only_proposes_changes_to_a_youth(world: World) -> None:
    youth = schooled_youth(world)
    [renamed] = world["school"].push(
        mutation("youth", youth, {"first_name": "Bram", "school": ""}, base=1)
    )
    assert renamed["status"] == "proposed" and renamed["conflict_id"]
    data = world.held("youth_worker")[youth]["data"]
    assert isinstance(data, dict) and data["first_name"] == "Daan"
    assert data["school"] == World.SCHOOL


def test_finding_3_a_group_is_not_moved_out_of_its_editors_sight(world: World) -> None:
    boa, worker = world["boa"], world["youth_worker"]
    seen_by_boa, hidden_from_boa = str(new_id()), str(new_id())
    boa.push(
        mutation("youth", seen_by_boa, youth_fields(first_name="Kees")),
        mutation("involvement", new_id(), involvement_fields(seen_by_boa, worker.user_id)),
    )
    worker.push(mutation("youth", hidden_from_boa, youth_fields(first_name="Lotte")))
    group = str(new_id())
    members = [
        {"youth_id": seen_by_boa, "role": "meeloper"},
        {"youth_id": hidden_from_boa, "role": "leider"},
    ]
    [made] = worker.push(
        mutation("youth_group", group, {"name": "De Hangplek", "members": members})
    )
    assert made["status"] == "applied"
    # The boa sees the group through Kees: Lotte is counted, not listed.
    record = world.held("boa")[group]
    assert record["data"]["members"] == [members[0]]  # type: ignore[index]
    assert record["hidden"] == {"members": 1}
    # Writing the group back keeps Lotte; dropping Kees would leave the boa no member to see.
    [renamed] = boa.push(
        mutation("youth_group", group, {"name": "Skatebaan", "members": [members[0]]}, base=1)
    )
    assert renamed["status"] == "applied"
    full = world.held("youth_worker")[group]["data"]
    assert isinstance(full, dict) and {m["youth_id"] for m in full["members"]} == {
        seen_by_boa,
        hidden_from_boa,
    }
    [away] = boa.push(mutation("youth_group", group, {"members": []}, base=2))
    assert (away["status"], away["reason"]) == ("rejected", "out_of_scope")


def test_finding_4_who_recorded_a_signal_and_when_is_the_servers_to_say(world: World) -> None:
    school = world["school"]
    youth = schooled_youth(world)
    signal = str(new_id())
    forged = signal_fields(
        [youth],
        recorded_by="Wijkagent J. Jansen",
        recorded_role="youth_boa",
        organisation="Politie Veldstad",
    )
    sent = {**mutation("signal", signal, forged), "created_at": "1970-01-01T00:00:00+00:00"}
    before = datetime.now(UTC)
    [stored] = school.push(sent)
    assert stored["status"] == "applied"
    data = world.held("school")[signal]["data"]
    assert isinstance(data, dict)
    assert (data["recorded_by"], data["recorded_role"], data["organisation"]) == (
        "School",  # the user's name as the server knows it
        "school_coordinator",
        World.SCHOOL,
    )
    assert datetime.fromisoformat(str(data["created_at"])) >= before.replace(microsecond=0)
    assert data["occurred_at"] == forged["occurred_at"] or str(data["occurred_at"]).startswith(
        str(forged["occurred_at"])[:16]
    )


def test_a_proposal_reaches_the_owner_who_accepts_or_declines_it(world: World) -> None:
    worker, colleague, school = world["youth_worker"], world["colleague"], world["school"]
    youth = schooled_youth(world)
    worker.push(mutation("involvement", new_id(), involvement_fields(youth, colleague.user_id)))
    [first] = school.push(mutation("youth", youth, {"first_name": "Bram"}, base=1))
    # The owner's colleague (who sees the youth) gets it to decide, named by its proposer.
    colleague.cursor = 0
    [proposal] = colleague.pull_all()["conflicts"]
    assert proposal["id"] == first["conflict_id"] and proposal["reason"] == "proposal"
    assert proposal["mine"] is False and "Het Veldcollege" in proposal["proposed_by"]
    assert proposal["fields"][0]["yours"] == "Bram" and proposal["fields"][0]["server"] == "Daan"
    # The proposer sees it too, as theirs, waiting.
    [own] = school.pull_all()["conflicts"]
    assert own["mine"] is True and own["status"] == "open"
    # Another organisation cannot answer it.
    [meddling] = world["boa"].push(
        {**mutation("youth", youth, {}, base=1), "answers": proposal["id"]}
    )
    assert meddling["status"] == "rejected"
    # Accepting: the proposed values, naming the proposal.
    [accepted] = colleague.push(
        {**mutation("youth", youth, {"first_name": "Bram"}, base=1), "answers": proposal["id"]}
    )
    assert accepted["status"] == "applied"
    after = school.pull_all()
    assert after["records"][youth]["data"]["first_name"] == "Bram"
    [done] = [c for c in after["conflicts"] if c["id"] == proposal["id"]]
    assert done["status"] == "resolved"
    # A declined proposal changes nothing.
    [second] = school.push(mutation("youth", youth, {"wijk": "Zuid"}, base=2))
    [declined] = colleague.push(
        {**mutation("youth", youth, {}, base=2), "answers": second["conflict_id"]}
    )
    assert declined["status"] == "applied"
    assert world.held("school")[youth]["data"]["wijk"] == "Noord"  # type: ignore[index]


def test_a_signals_moment_stays_the_users_within_sane_bounds(world: World) -> None:
    school = world["school"]
    youth = schooled_youth(world)
    skewed = (datetime.now(UTC) + timedelta(days=1)).isoformat()  # a device clock a day ahead
    [kept] = school.push(mutation("signal", new_id(), signal_fields([youth], occurred_at=skewed)))
    assert kept["status"] == "applied"
    for moment in (datetime.now(UTC) + timedelta(days=5), datetime(1970, 1, 1, tzinfo=UTC)):
        fields = signal_fields([youth], occurred_at=moment.isoformat())
        [refused] = school.push(mutation("signal", new_id(), fields))
        assert (refused["status"], refused["reason"]) == ("rejected", "invalid")
        assert [error["field"] for error in refused["errors"]] == ["occurred_at"]
