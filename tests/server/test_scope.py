"""The authorization matrix: every role against every record scope, for reads and writes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.helpers import (
    World,
    goal_fields,
    instrument_fields,
    involvement_fields,
    mutation,
    signal_fields,
    trajectory_fields,
    worded,
    youth_fields,
)
from veldwerk_core.models import new_id
from veldwerk_core.reasons import RejectReason

ROLES = ("youth_worker", "colleague", "boa", "school", "regisseur", "beheerder", "elsewhere")


def build_cases(world: World) -> dict[str, str]:
    ids = {name: str(new_id()) for name in ("Y1", "I1", "S1", "T1", "G1", "Y2", "S2", "Y3", "IN")}
    colleague, boa = world["colleague"], world["boa"]
    ok = ["applied"]
    assert [
        r["status"]
        for r in colleague.push(
            mutation("youth", ids["Y1"], youth_fields()),
            mutation(
                "involvement",
                ids["I1"],
                involvement_fields(ids["Y1"], world["youth_worker"].user_id),
            ),
            mutation("signal", ids["S1"], signal_fields([ids["Y1"]])),
            mutation("trajectory", ids["T1"], trajectory_fields(ids["Y1"])),
            mutation("goal", ids["G1"], goal_fields(ids["T1"])),
        )
    ] == ok * 5
    assert [
        r["status"]
        for r in boa.push(
            mutation("youth", ids["Y2"], youth_fields(school="  het veldcollege ")),
            mutation("signal", ids["S2"], signal_fields([ids["Y2"]], recorded_role="youth_boa")),
        )
    ] == ok * 2
    assert [
        r["status"] for r in world["elsewhere"].push(mutation("youth", ids["Y3"], youth_fields()))
    ] == ok
    assert [
        r["status"]
        for r in world["beheerder"].push(mutation("instrument", ids["IN"], instrument_fields()))
    ] == ok
    return ids


EXPECTED = {
    "youth_worker": {"Y1", "I1", "S1", "T1", "G1", "IN"},
    "colleague": {"Y1", "I1", "S1", "T1", "G1", "IN"},
    "boa": {"Y2", "S2", "IN"},
    "school": {"Y2", "IN"},
    "regisseur": {"Y1", "I1", "T1", "G1", "Y2", "IN"},
    "beheerder": {"IN"},
    "elsewhere": {"Y3"},
}


def visible(world: World, role: str, ids: dict[str, str]) -> set[str]:
    names = {value: key for key, value in ids.items()}
    device = world[role]
    device.cursor = 0
    got = device.pull_all()["records"]
    state = device.client.get("/api/v1/sync/state", headers=device.headers).json()
    assert sum(table["count"] for table in state["tables"].values()) == len(got)
    return {names[record_id] for record_id in got}


def test_every_role_sees_exactly_its_scope(world: World) -> None:
    ids = build_cases(world)
    for role in ROLES:
        assert visible(world, role, ids) == EXPECTED[role], role


def test_the_administrator_gets_no_case_content(world: World) -> None:
    build_cases(world)
    got = world["beheerder"].pull_all()["records"]
    assert {record["kind"] for record in got.values()} == {"instrument"}


def share_fields(signal: str, organisation: str, **fields: Any) -> dict[str, Any]:
    return {
        "signal_id": signal,
        "organisation_id": organisation,
        "organisation_name": "Het Veldcollege",
        **fields,
    }


def test_sharing_a_signal_needs_legal_basis_and_purpose(world: World) -> None:
    ids = build_cases(world)
    boa = world["boa"]
    school_org = world.organisations["school"]
    share = ids["SH"] = str(new_id())
    [refused] = boa.push(mutation("share", share, share_fields(ids["S2"], school_org)))
    assert (refused["status"], refused["reason"]) == ("rejected", "invalid")
    named = {error["field"] for error in refused["errors"]}
    assert {"legal_basis", "purpose"} <= named
    assert visible(world, "school", ids) == EXPECTED["school"]

    complete = share_fields(
        ids["S2"],
        school_org,
        legal_basis="covenant",
        purpose="Zorgoverleg",
        youth_informed="yes",
        parents_informed="yes",
    )
    [shared] = boa.push(mutation("share", share, complete))
    assert shared["status"] == "applied"
    assert visible(world, "school", ids) == EXPECTED["school"] | {"S2", "SH"}
    # Someone outside the recording organisation cannot share it onwards.
    onwards = {**complete, "organisation_id": world.organisations["municipality"]}
    [refused] = world["school"].push(mutation("share", new_id(), onwards))
    assert (refused["status"], refused["reason"]) == ("rejected", "not_owner")


OUT_OF_SCOPE: list[tuple[str, str, Any]] = [
    (
        "youth_worker",
        "out_of_scope",
        lambda ids: mutation("youth", ids["Y2"], {"wijk": "Zuid"}, base=1),
    ),
    ("boa", "out_of_scope", lambda ids: mutation("signal", new_id(), signal_fields([ids["Y1"]]))),
    (
        "school",
        "out_of_scope",
        lambda ids: mutation("involvement", new_id(), involvement_fields(ids["Y1"], "x")),
    ),
    ("school", "out_of_scope", lambda ids: mutation("goal", new_id(), goal_fields(ids["T1"]))),
    ("boa", "out_of_scope", lambda ids: mutation("youth", ids["Y1"], op="delete", base=1)),
    ("beheerder", "role", lambda ids: mutation("youth", new_id(), youth_fields())),
    ("youth_worker", "role", lambda ids: mutation("instrument", new_id(), instrument_fields())),
    # Another municipality must not learn that the id exists (issue 12): not id_taken.
    (
        "elsewhere",
        "out_of_scope",
        lambda ids: mutation("youth", ids["Y1"], {"wijk": "Zuid"}, base=1),
    ),
    ("youth_worker", "id_taken", lambda ids: mutation("relation", ids["Y1"], {}, base=0)),
]


@pytest.mark.parametrize(("role", "reason", "make"), OUT_OF_SCOPE)
def test_pushes_outside_scope_are_rejected(world: World, role: str, reason: str, make: Any) -> None:
    ids = build_cases(world)
    [result] = world[role].push(make(ids))
    assert result["status"] == "rejected"
    assert result["reason"] == reason
    assert worded(result) == RejectReason(reason).label
    assert visible(world, "colleague", ids) == EXPECTED["colleague"]
