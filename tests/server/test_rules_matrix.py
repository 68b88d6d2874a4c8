"""Every cell of the documented "Who may change what" table, pushed to the real server.

The expected results are read from docs/sync-protocol.md itself (the table
tests/unit/test_rules_table.py keeps equal to the kinds' declarations): for every kind, role,
own or other organisation's record and operation, the push result must be the documented one.
Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import sys
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
)
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
    """A valid new record of ``kind`` about the case's youth (or in its trajectory)."""
    youth, trajectory = ids["youth"], ids["trajectory"]
    made: dict[str, Any] = {
        "youth": youth_fields(),
        "involvement": involvement_fields(youth, "someone-else"),
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
    "instrument": {"source": "ander-bestand.yaml"},
}


@dataclass
class Case:
    """Records of every kind about one youth, owned by ``owner``'s organisation."""

    ids: dict[str, str] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)


def build(world: World, actor: str, own: bool, instrument: str) -> Case:
    creator = world[actor] if own else world[OTHER_CREATOR[actor]]
    case = Case(ids={kind: str(new_id()) for kind in CASE_KINDS})
    school = World.SCHOOL if actor == "school" else ""
    batch = []
    for kind in CASE_KINDS:
        fields = new_fields(kind, case.ids)
        if kind == "youth":
            fields["school"] = school
        if kind == "involvement":
            fields["professional_id"] = creator.user_id
        batch.append(mutation(kind, case.ids[kind], fields))
    if not own and actor in ("youth_worker", "boa"):  # so that the actor sees the youth
        grant = involvement_fields(case.ids["youth"], world[actor].user_id)
        batch.append(mutation("involvement", new_id(), grant))
    results = creator.push(*batch)
    assert [r["status"] for r in results] == ["applied"] * len(batch), results
    case.versions = {kind: 1 for kind in CASE_KINDS}
    case.ids["instrument"], case.versions["instrument"] = instrument, 1
    if not own:  # another organisation's signal reaches the actor only when shared
        share = {
            "organisation_id": world.organisations[ORGANISATION_OF[actor]],
            "legal_basis": "covenant",
            "purpose": "Casusoverleg",
        }
        url = f"/api/v1/signals/{case.ids['signal']}/shares"
        answer = creator.client.post(url, json=share, headers=creator.headers)
        assert answer.status_code == 200, answer.text
    return case


KINDS = (*CASE_KINDS, "instrument")


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
