"""Device audit upload and the access report and data overview (issue 15, items 4-5), on
SQLite and PostgreSQL: uploaded entries join the keyed chain once, whatever is sent again;
malformed uploads are a 4xx with the field; the report lists server and device entries with
only this youth's records and the share a reading rests on; other roles get 403."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from server.core.audit_keys import AuditKeys
from server.core.db import make_engine, session_factory, transaction
from server.db_models import AuditEntry
from server.services import audit_verify
from tests.server.helpers import World, involvement_fields, mutation, signal_fields, youth_fields
from tests.server.test_working_together import share_fields
from veldwerk_core.models import new_id

UPLOAD = "/api/v1/audit/upload"


def report_url(youth: str) -> str:
    return f"/api/v1/youths/{youth}/access-report"


def device_entry(youth: str, record: str, *, kind: str = "youth", **extra: Any) -> dict[str, Any]:
    return {
        "id": str(new_id()),
        "at": (datetime.now(UTC) - timedelta(days=2)).isoformat(),
        "action": "read",
        "record_kind": kind,
        "record_id": record,
        "youth_ids": [youth],
        "purpose": "youth_read",
        **extra,
    }


def a_youth(world: World) -> str:
    youth = str(new_id())
    results = world["youth_worker"].push(
        mutation("youth", youth, youth_fields(first_name="Noor")),
        mutation("involvement", new_id(), involvement_fields(youth, world["youth_worker"].user_id)),
    )
    assert {result["status"] for result in results} == {"applied"}
    return youth


def upload(world: World, who: str, *entries: dict[str, Any]) -> Any:
    device = world[who]
    return device.client.post(UPLOAD, json={"entries": list(entries)}, headers=device.headers)


def chained(world: World) -> list[AuditEntry]:
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            keys = AuditKeys.from_settings(world.settings)
            assert (
                audit_verify.verify(session, keys, world.settings.checkpoint_path()).problems == []
            )
            return list(session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars())
    finally:
        engine.dispose()


def test_uploaded_entries_join_the_chain_once(world: World) -> None:
    youth = a_youth(world)
    first, second = device_entry(youth, youth), device_entry(youth, youth, action="print")
    answer = upload(world, "youth_worker", first, second)
    assert answer.status_code == 200, answer.text
    assert set(answer.json()["stored"]) == {first["id"], second["id"]}
    again = upload(world, "youth_worker", second, first)  # the answer was lost: sent again
    assert again.status_code == 200
    assert again.json() == {"stored": [], "duplicates": [second["id"], first["id"]]}
    # another device with the same id is another entry (ids are a device's own)
    assert upload(world, "colleague", first).json()["stored"] == [first["id"]]
    entries = [e for e in chained(world) if e.action.startswith("device_")]
    assert sorted((e.action, e.device_id) for e in entries) == sorted(
        [
            ("device_read", world["youth_worker"].device_id),
            ("device_print", world["youth_worker"].device_id),
            ("device_read", world["colleague"].device_id),
        ]
    )
    mine = next(e for e in entries if e.detail["entry_id"] == second["id"])
    assert mine.user_id == world["youth_worker"].user_id
    assert mine.records == [["youth", youth]] and mine.detail["youth_ids"] == [youth]
    assert mine.detail["device_at"].startswith(second["at"][:19])
    received = mine.at if mine.at.tzinfo else mine.at.replace(tzinfo=UTC)  # SQLite: naive UTC
    assert received > datetime.fromisoformat(second["at"])  # received later than made


def test_a_malformed_upload_is_refused_with_the_field(world: World) -> None:
    youth = a_youth(world)
    cases = {
        "entries.0.purpose": device_entry(youth, youth, purpose="Gelezen door de buurman"),
        "entries.0.action": device_entry(youth, youth, action="READ; drop"),
        "entries.0.at": device_entry(youth, youth, at="2026-01-01T10:00:00"),  # naive
        "entries.0.youth_ids.0": device_entry(youth, youth, youth_ids=["not-an-id"]),
        "entries.0.fields.0": device_entry(youth, youth, fields=["Achternaam: Jansen"]),
    }
    for field, entry in cases.items():
        answer = upload(world, "youth_worker", entry)
        assert answer.status_code == 422, (field, answer.text)
        assert field in {error["field"] for error in answer.json()["errors"]}, answer.json()
    twice = device_entry(youth, youth)
    assert upload(world, "youth_worker", twice, twice).status_code == 422
    assert upload(world, "youth_worker").status_code == 422  # no entries at all
    assert not [e for e in chained(world) if e.action.startswith("device_")]


def test_the_report_joins_server_and_device_entries_with_the_basis_of_a_share(
    world: World,
) -> None:
    boa, school, regisseur = world["boa"], world["school"], world["regisseur"]
    youth, other, signal, share = (str(new_id()) for _ in range(4))
    assert {
        r["status"]
        for r in boa.push(
            mutation("youth", youth, youth_fields(school=World.SCHOOL)),
            mutation("youth", other, youth_fields(first_name="Ander", school=World.SCHOOL)),
            mutation("signal", signal, signal_fields([youth])),
            mutation("share", share, share_fields(world, signal, "school")),
        )
    } == {"applied"}
    school.pull_all()  # the school receives the youth, the other youth and the shared signal
    read = device_entry(youth, signal, kind="signal", purpose="signal_read")
    assert upload(world, "school", read).status_code == 200
    answer = regisseur.client.get(report_url(youth), headers=regisseur.headers)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["youth_name"] == "Daan Visser" and report["municipality"] == "Veldstad"
    entries = report["entries"]
    pulled = next(e for e in entries if e["action"] == "pull" and e["user_name"] == "School")
    assert {r["id"] for r in pulled["records"]} == {youth, signal, share}, "not the other youth"
    assert pulled["bases"] == [{"legal_basis": "covenant", "organisation": "school"}], (
        "the share the school saw the signal by"
    )
    device = next(e for e in entries if e["source"] == "device")
    assert device["action"] == "device_read" and device["purpose"] == "signal_read"
    assert device["device_name"] == "laptop-school" and device["organisation"] == World.SCHOOL
    assert device["device_at"].startswith(read["at"][:19])
    assert device["bases"] == pulled["bases"]
    made = next(e for e in entries if e["action"] == "push")
    assert made["user_name"] == "Boa" and made["organisation"] == "Handhaving Veldstad"
    assert {r["kind"] for r in made["records"]} == {"youth", "signal", "share"}
    moments = [e["device_at"] or e["at"] for e in entries]
    assert moments == sorted(moments), "in the order things happened"


def test_only_the_regisseur_and_the_administrator_get_the_report(world: World) -> None:
    youth = a_youth(world)
    for who in ("youth_worker", "colleague", "boa", "school", "elsewhere"):
        device = world[who]
        answer = device.client.get(report_url(youth), headers=device.headers)
        assert answer.status_code == 403, who
        assert answer.json()["reason"] == "forbidden"
    for who in ("regisseur", "beheerder"):
        device = world[who]
        assert device.client.get(report_url(youth), headers=device.headers).status_code == 200
    unknown = world["regisseur"].client.get(
        report_url(str(new_id())), headers=world["regisseur"].headers
    )
    assert unknown.status_code == 403


def test_the_data_overview_is_the_regisseurs(world: World) -> None:
    youth = a_youth(world)
    signal = str(new_id())
    world["youth_worker"].push(mutation("signal", signal, signal_fields([youth])))
    url = f"/api/v1/youths/{youth}/data-overview"
    regisseur = world["regisseur"]
    answer = regisseur.client.get(url, headers=regisseur.headers)
    assert answer.status_code == 200, answer.text
    kinds = sorted(record["kind"] for record in answer.json()["records"])
    assert kinds == ["involvement", "signal", "youth"]
    for who in ("youth_worker", "beheerder", "school"):
        device = world[who]
        assert device.client.get(url, headers=device.headers).status_code == 403, who
    report = regisseur.client.get(report_url(youth), headers=regisseur.headers).json()
    assert "data_overview" in {entry["action"] for entry in report["entries"]}
