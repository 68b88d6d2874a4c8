"""Every cell of the documented "Who may change what" table, pushed to the real server.

The expected results are read from docs/sync-protocol.md itself (the table
tests/unit/test_rules_table.py keeps equal to the kinds' declarations): for every kind, role,
own or other organisation's record and operation, the push result must be the documented one.
Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.server.helpers import (
    World,
    goal_fields,
    instrument_fields,
    involvement_fields,
    mutation,
    screening_fields,
    signal_fields,
    trajectory_fields,
    youth_fields,
)
from veldwerk_core.models import new_id
from veldwerk_core.models.actor import Role

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import rules_table  # noqa: E402

ACTORS = {
    "youth_worker": "youth_worker",
    "boa": "youth_boa",
    "school": "school_coordinator",
    "regisseur": "coordinator",
    "beheerder": "administrator",
}
OTHER_CREATOR = {
    "youth_worker": "boa",
    "boa": "colleague",
    "school": "colleague",
    "regisseur": "colleague",
    "beheerder": "colleague",
}
"""Who owns the "other" records an actor is tested on (another organisation's user)."""
ORGANISATION_OF = {
    "youth_worker": "youth_work",
    "boa": "enforcement",
    "school": "school",
    "regisseur": "municipality",
    "beheerder": "municipality",
    "colleague": "youth_work",
}
CASE_KINDS = (
    "youth",
    "involvement",
    "relation",
    "youth_group",
    "signal",
    "screening",
    "trajectory",
    "goal",
    "agreement",
    "evaluation",
    "signature",
    "plan_version",
    "consent",
    "share",
    "handover",
    "task",
)
"""Made by the owner of a case in one push, in this order."""
COORDINATED = ("meeting", "meeting_item")
"""Made by a regisseur (only they may)."""
SERVER_MADE = ("notice",)
"""Made by the server: the case youth's notice, raised by a second registration."""

TODAY = date.today().isoformat()


def documented() -> dict[tuple[str, str], dict[str, str]]:
    """(kind, role) -> {column: expected result} as the document says."""
    lines = [line for line in rules_table.documented().splitlines() if line.startswith("| ")]
    header = [part.strip() for part in lines[0].strip("|").split("|")]
    table = {}
    for line in lines[1:]:
        cells = [part.strip() for part in line.strip("|").split("|")]
        row = dict(zip(header, cells, strict=True))
        table[(row["kind"], row["role"])] = {
            column: value.replace(" (reason)", "") for column, value in row.items()
        }
    return table


def plan_content(youth: dict[str, Any]) -> dict[str, Any]:
    return {
        "youth_name": f"{youth['first_name']} {youth['last_name']}",
        "youth_first_name": youth["first_name"],
        "youth_date_of_birth": youth["date_of_birth"],
        "coach": "Sanne de Boer",
        "start": (date.today() - timedelta(days=10)).isoformat(),
        "status": "active",
    }


def new_fields(kind: str, ids: dict[str, str]) -> dict[str, Any]:
    """A valid new record of ``kind`` about the case's youth (or in its trajectory...)."""
    youth, trajectory = ids["youth"], ids["trajectory"]
    made: dict[str, Any] = {
        "youth": youth_fields(),
        "involvement": involvement_fields(youth, None),
        "relation": {"youth_id": youth, "relation_kind": "parent_carer", "name": "Moeder"},
        "youth_group": {"name": "De Hangplek", "members": [{"youth_id": youth, "role": ""}]},
        "signal": signal_fields([youth]),
        "screening": screening_fields(youth),
        "trajectory": trajectory_fields(youth),
        "goal": goal_fields(trajectory),
        "agreement": {
            "trajectory_id": trajectory,
            "party": "youth",
            "who": "Daan",
            "what": "Elke dag op tijd op school",
        },
        "evaluation": {"trajectory_id": trajectory, "held_on": TODAY, "note": "Eerste gesprek"},
        "signature": {
            "trajectory_id": trajectory,
            "plan_version": 1,
            "signer": "coach",
            "name": "Sanne de Boer",
            "signed_on": TODAY,
            "method": "paper",
        },
        "plan_version": {
            "trajectory_id": trajectory,
            "version": 1,
            "signed_on": TODAY,
            "signers": ["youth", "coach"],
            "content": plan_content(youth_fields()),
        },
        "consent": {
            "youth_id": youth,
            "giver": "parent",
            "given_by": "Moeder",
            "given_on": TODAY,
            "for_what": "Delen met de school",
        },
        "share": {
            "signal_id": ids["signal"],
            "organisation_id": ids["share_with"],
            "organisation_name": "Ontvanger",
            "legal_basis": "covenant",
            "purpose": "Casusoverleg",
            "youth_informed": "yes",
            "parents_informed": "yes",
        },
        "handover": {
            "youth_id": youth,
            "to_user_id": ids["hand_to"],
            "to_name": "Een collega",
            "note": "Graag overnemen",
        },
        "task": {
            "youth_id": youth,
            "title": "Gesprek met moeder",
            "owner_id": ids["task_for"],
            "owner_name": "Iemand",
            "due": TODAY,
        },
        "meeting": {"title": "Overleg Noord", "held_on": TODAY},
        "meeting_item": {"meeting_id": ids["meeting"], "youth_id": youth},
        "notice": {"youth_id": youth, "other_organisation": "Elders", "matched_by": "bsn"},
        "instrument": instrument_fields(),
    }
    return dict(made[kind])


EDITS: dict[str, dict[str, Any]] = {
    "youth": {"wijk": "Zuid"},
    "involvement": {"role": "Mentor"},
    "relation": {"note": "Woont bij haar moeder"},
    "youth_group": {"notes": "Vaak bij de skatebaan"},
    "signal": {"description": "Toch iets anders gezien bij de skatebaan die avond."},
    "screening": {"note": "Aanvulling na gesprek"},
    "trajectory": {"help_request": "Ik wil weer naar school"},
    "goal": {"what": "Op tijd komen"},
    "agreement": {"what": "Elke week bellen"},
    "evaluation": {"note": "Gaat goed"},
    "signature": {"name": "S. de Boer"},
    "plan_version": {"signed_on": (date.today() - timedelta(days=1)).isoformat()},
    "consent": {"for_what": "Delen met de school en het wijkteam"},
    "share": {"purpose": "Voorbereiding vroegsignaleringsoverleg"},
    "handover": {"note": "Graag deze week overnemen"},
    "task": {"title": "Gesprek met moeder en school"},
    "meeting": {"notes": "Agenda rondgestuurd"},
    "meeting_item": {"picture": "Veel verzuim, nieuwe vrienden buiten de wijk."},
    "notice": {"seen": True},
    "instrument": {"source": "ander-bestand.yaml"},
}


@dataclass
class Case:
    """Records of every kind about one youth, owned by ``owner``'s organisation."""

    ids: dict[str, str] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)


def _someone_else(world: World, *not_these: str) -> str:
    """A user of the municipality who is none of ``not_these`` (devices by key)."""
    return next(
        world[key].user_id
        for key in ("regisseur", "colleague", "school", "boa")
        if key not in not_these
    )


def held(device: Any) -> list[dict[str, Any]]:
    device.cursor = 0
    records: dict[str, dict[str, Any]] = device.pull_all()["records"]
    return list(records.values())


def build(world: World, actor: str, own: bool, instrument: str) -> Case:
    creator_key = actor if own else OTHER_CREATOR[actor]
    creator = world[creator_key]
    case = Case(ids={kind: str(new_id()) for kind in (*CASE_KINDS, *COORDINATED)})
    receiver = "youth_work" if ORGANISATION_OF[creator_key] != "youth_work" else "municipality"
    case.ids["share_with"] = world.organisations[ORGANISATION_OF[actor] if not own else receiver]
    case.ids["hand_to"] = _someone_else(world, actor, creator_key)
    case.ids["task_for"] = creator.user_id
    name = f"Case{uuid.uuid4().hex[:8]}"  # the twin below is found by name and birth date
    batch = []
    for kind in CASE_KINDS:
        fields = new_fields(kind, case.ids)
        if kind == "youth":
            fields.update(school=World.SCHOOL if actor == "school" else "", first_name=name)
            born = fields["date_of_birth"]
        if kind == "involvement":
            fields["professional_id"] = creator.user_id
        batch.append(mutation(kind, case.ids[kind], fields))
    if not own and actor in ("youth_worker", "boa"):  # so that the actor sees the youth
        grant = involvement_fields(case.ids["youth"], world[actor].user_id)
        batch.append(mutation("involvement", new_id(), grant))
    results = creator.push(*batch)
    assert [r["status"] for r in results] == ["applied"] * len(batch), results
    case.versions = {kind: 1 for kind in (*CASE_KINDS, *COORDINATED, *SERVER_MADE)}
    case.ids["instrument"], case.versions["instrument"] = instrument, 1
    # The regisseur's meeting (another organisation's regisseur's, for the "other" case).
    chair = world["regisseur2"] if actor == "regisseur" and not own else world["regisseur"]
    made = chair.push(
        *(mutation(kind, case.ids[kind], new_fields(kind, case.ids)) for kind in COORDINATED)
    )
    assert [r["status"] for r in made] == ["applied"] * len(COORDINATED), made
    # A second registration of the same youth elsewhere raises the case youth's notice.
    third = next(
        key
        for key in ("boa", "school", "colleague")
        if ORGANISATION_OF[key] != ORGANISATION_OF[creator_key]
    )
    [twin] = world[third].push(
        mutation("youth", new_id(), youth_fields(first_name=name, date_of_birth=born))
    )
    assert twin["status"] == "applied"
    [notice] = [
        record
        for record in held(creator)
        if record["kind"] == "notice"
        and record["data"]["youth_id"] == case.ids["youth"]
        and record["data"]["matched_by"] == "name_and_birth"
    ]
    case.ids["notice"] = notice["id"]
    case.versions["notice"] = notice["version"]
    return case


KINDS = (*CASE_KINDS, *COORDINATED, *SERVER_MADE, "instrument")


def outcome(result: dict[str, Any]) -> str:
    return result["status"] if result["status"] != "rejected" else str(result["reason"])


def compare(
    table: dict[tuple[str, str], dict[str, str]],
    role: str,
    column: str,
    case: Case | None,
    results: list[dict[str, Any]],
) -> list[str]:
    """Where ``results`` (one per kind, in KINDS order) differ from the table's column; an
    applied change of a ``case`` record moves that record's version on."""
    wrong = []
    for kind, result in zip(KINDS, results, strict=True):
        expected, got = table[(kind, role)][column], outcome(result)
        if got != expected:
            wrong.append(f"{kind} {role} {column}: {got} != {expected}")
        if case is not None and result["status"] == "applied" and result.get("version"):
            case.versions[kind] = result["version"]
    return wrong


def test_every_documented_cell_holds(world: World) -> None:
    table = documented()
    world.add_person("regisseur2", "enforcement", Role.COORDINATOR)
    instrument_id = str(new_id())
    [made] = world["beheerder"].push(mutation("instrument", instrument_id, instrument_fields()))
    assert made["status"] == "applied"
    kinds = KINDS
    wrong: list[str] = []
    for actor, role in ACTORS.items():
        for own in (True, False):
            if own and actor == "beheerder":
                continue  # the administrator cannot own case records (they are "role" anyway)
            case = build(world, actor, own, instrument_id)
            side = "own" if own else "other"
            device = world[actor]

            edits = [
                mutation(kind, case.ids[kind], EDITS[kind], base=case.versions[kind])
                for kind in kinds
            ]
            wrong += compare(table, role, f"edit {side}", case, device.push(*edits))
            creates = [mutation(kind, new_id(), new_fields(kind, case.ids)) for kind in kinds]
            wrong += compare(table, role, f"create {side}", None, device.push(*creates))
            deletes = [
                mutation(
                    kind, case.ids[kind], op="delete", base=case.versions[kind], reason="Onjuist"
                )
                for kind in reversed(kinds)
            ]
            results = list(reversed(device.push(*deletes)))
            wrong += compare(table, role, f"delete {side}", None, results)
    assert not wrong, "\n".join(wrong)
