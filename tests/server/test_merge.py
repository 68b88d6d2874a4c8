"""Merging two registrations of one youth (issue 15, 3), on SQLite and PostgreSQL: who may,
what moves, what the merge keeps as provenance, and that the merged id redirects."""

from __future__ import annotations

from typing import Any

from tests.server.helpers import World, mutation, signal_fields, trajectory_fields, youth_fields
from veldwerk_core.models import new_id

BSN = "111222333"


def two_registrations(world: World) -> dict[str, str]:
    """The boa registered a youth with a BSN; the youth worker the same youth without one,
    with a signal and a trajectory."""
    ids = {name: str(new_id()) for name in ("kept", "merged", "boa_signal", "signal", "trajectory")}
    boa = world["boa"].push(
        mutation("youth", ids["kept"], youth_fields(bsn=BSN, wijk="")),
        mutation("signal", ids["boa_signal"], signal_fields([ids["kept"]])),
    )
    worker = world["youth_worker"].push(
        mutation("youth", ids["merged"], youth_fields(wijk="Oost", contact_notes="Via moeder")),
        mutation("signal", ids["signal"], signal_fields([ids["merged"]])),
        mutation("trajectory", ids["trajectory"], trajectory_fields(ids["merged"])),
    )
    assert [r["status"] for r in boa + worker] == ["applied"] * 5
    return ids


def merge_fields(ids: dict[str, str], **overrides: Any) -> dict[str, Any]:
    return {
        "youth_id": ids["kept"],
        "merged_id": ids["merged"],
        "reason": "Zelfde jongere: geboortedatum en adres komen overeen",
        **overrides,
    }


def test_the_regisseur_merges_and_every_record_follows_the_kept_youth(world: World) -> None:
    ids = two_registrations(world)
    worker = world["youth_worker"]
    worker.pull_all()
    merge = str(new_id())
    [done] = world["regisseur"].push(mutation("youth_merge", merge, merge_fields(ids)))
    assert done["status"] == "applied"

    got = worker.pull_all()
    assert got["removals"][ids["merged"]]["reason"] == "merged"
    # Whoever registered the merged youth keeps the youth (the merge grants it to them).
    kept = got["records"][ids["kept"]]["data"]
    assert kept["bsn"] == BSN and kept["wijk"] == "Oost" and kept["contact_notes"] == "Via moeder"
    assert got["records"][ids["signal"]]["data"]["youth_ids"] == [ids["kept"]]
    assert got["records"][ids["trajectory"]]["data"]["youth_id"] == ids["kept"]
    provenance = got["records"][merge]["data"]
    assert {(m["kind"], m["id"]) for m in provenance["moved"]} == {
        ("signal", ids["signal"]),
        ("trajectory", ids["trajectory"]),
    }
    assert provenance["fields_taken"] == ["contact_notes", "wijk"]
    assert provenance["registered_by"] == "Youth_Worker"
    assert provenance["merged_by"] == "Regisseur"
    assert "Daan Visser" in provenance["merged_title"]
    # The boa's own signal was about the kept youth already and did not move; the boa does not
    # see the youth worker's signal (signals stay within their organisation).
    boa = world.held("boa")
    assert ids["boa_signal"] in boa and ids["signal"] not in boa and ids["merged"] not in boa
    assert boa[merge]["data"]["merged_id"] == ids["merged"]


def test_the_merged_id_redirects(world: World) -> None:
    ids = two_registrations(world)
    [done] = world["regisseur"].push(mutation("youth_merge", new_id(), merge_fields(ids)))
    assert done["status"] == "applied"
    worker = world["youth_worker"]
    # A signal made offline before the device knew of the merge lands on the kept youth.
    late = str(new_id())
    [made] = worker.push(mutation("signal", late, signal_fields([ids["merged"]])))
    assert made["status"] == "applied"
    assert world.held("youth_worker")[late]["data"]["youth_ids"] == [ids["kept"]]
    # The merged registration itself is not changed again: its changes belong to the other.
    [edit] = worker.push(mutation("youth", ids["merged"], youth_fields(), base=1))
    assert (edit["status"], edit["reason"]) == ("rejected", "merged")


def test_a_merge_of_a_merge_redirects_to_the_last_youth(world: World) -> None:
    ids = two_registrations(world)
    third = str(new_id())
    [made] = world["youth_worker"].push(mutation("youth", third, youth_fields()))
    assert made["status"] == "applied"
    regisseur = world["regisseur"]
    first = merge_fields({"kept": ids["merged"], "merged": third})
    second = merge_fields(ids)
    results = regisseur.push(
        mutation("youth_merge", new_id(), first), mutation("youth_merge", new_id(), second)
    )
    assert [r["status"] for r in results] == ["applied", "applied"]
    late = str(new_id())
    [signal] = world["youth_worker"].push(mutation("signal", late, signal_fields([third])))
    assert signal["status"] == "applied"
    assert world.held("youth_worker")[late]["data"]["youth_ids"] == [ids["kept"]]


def test_only_who_may_change_both_youths_merges(world: World) -> None:
    ids = two_registrations(world)
    # The boa owns the kept youth but not the merged one (the youth worker's organisation's).
    world["boa"].push(
        mutation(
            "involvement",
            new_id(),
            {
                "youth_id": ids["merged"],
                "professional": "Boa",
                "professional_id": world["boa"].user_id,
                "organisation": "Handhaving Veldstad",
                "role": "Boa",
                "since": "2026-01-01",
                "until": None,
            },
        )
    )
    [boa] = world["boa"].push(mutation("youth_merge", new_id(), merge_fields(ids)))
    assert boa["status"] == "rejected" and boa["reason"] in ("not_owner", "out_of_scope")
    # The youth worker sees the merged youth but does not own the kept one.
    [worker] = world["youth_worker"].push(mutation("youth_merge", new_id(), merge_fields(ids)))
    assert (worker["status"], worker["reason"]) == ("rejected", "out_of_scope")
    regisseur = world["regisseur"]
    [same] = regisseur.push(
        mutation("youth_merge", new_id(), merge_fields(ids, merged_id=ids["kept"]))
    )
    assert (same["status"], same["reason"]) == ("rejected", "invalid")
    assert same["errors"][0]["field"] == "merged_id"
    forged = {"moved": [{"kind": "signal", "id": ids["boa_signal"]}]}
    [made_up] = regisseur.push(mutation("youth_merge", new_id(), merge_fields(ids, **forged)))
    assert (made_up["status"], made_up["errors"][0]["field"]) == ("rejected", "moved")
    # Nothing moved by the refused merges.
    assert ids["merged"] in world.held("youth_worker")


def test_a_merge_is_never_changed_or_undone(world: World) -> None:
    ids = two_registrations(world)
    merge = str(new_id())
    regisseur = world["regisseur"]
    [done] = regisseur.push(mutation("youth_merge", merge, merge_fields(ids)))
    assert done["status"] == "applied"
    version = world.held("regisseur")[merge]["version"]
    [edit] = regisseur.push(mutation("youth_merge", merge, {"reason": "Anders"}, base=version))
    [gone] = regisseur.push(mutation("youth_merge", merge, op="delete", base=version))
    assert (edit["reason"], gone["reason"]) == ("change_refused", "change_refused")
