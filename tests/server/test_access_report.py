"""Device audit upload and the access report and data overview (issue 15, items 4-5), on
SQLite and PostgreSQL: uploaded entries join the keyed chain once, whatever is sent again;
malformed uploads are a 4xx with the field; the report lists server and device entries with
only this youth's records and the share a reading rests on; other roles get 403."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from server.core.audit_keys import AuditKeys
from server.core.db import make_engine, session_factory, transaction
from server.db_models import AuditEntry
from server.services import audit_verify
from tests.server.helpers import (
    SECRET_KEY,
    World,
    involvement_fields,
    mutation,
    signal_fields,
    youth_fields,
)
from tests.server.test_working_together import share_fields
from veldwerk_core.access import report as access_report
from veldwerk_core.i18n import set_language
from veldwerk_core.models import new_id
from veldwerk_core.protocol import MAX_AUDIT_ENTRIES, AccessEntry

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


CANARY_DESCRIPTION = "KANARIE-BESCHRIJVING-3391 bij de skatebaan"
CANARY_PURPOSE = "KANARIE-DOEL-8812 samen optrekken"


def shared_case(world: World) -> tuple[str, str]:
    """A youth with a signal the boa shared with the school (canaries in the content), the
    school's read of it on its laptop, and another youth on the same pages."""
    boa, school = world["boa"], world["school"]
    youth, other, signal, share = (str(new_id()) for _ in range(4))
    results = boa.push(
        mutation("youth", youth, youth_fields(school=World.SCHOOL)),
        mutation("youth", other, youth_fields(first_name="Anderkind", school=World.SCHOOL)),
        mutation("signal", signal, signal_fields([youth], description=CANARY_DESCRIPTION)),
        mutation("share", share, share_fields(world, signal, "school", purpose=CANARY_PURPOSE)),
    )
    assert {result["status"] for result in results} == {"applied"}
    school.pull_all()
    entries = [device_entry(youth, signal, kind="signal", purpose="signal_read") for _ in range(2)]
    entries.append(device_entry(youth, youth, action="print", purpose="plan_print"))
    assert upload(world, "school", *entries).status_code == 200
    return youth, signal


def server_command(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *args: str
) -> int:
    """``veldwerk-server ARGS`` against the world's database, in this process."""
    from server.cli import main

    settings = world.settings
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("AUDIT_CHECKPOINT_FILE", str(settings.checkpoint_path()))
    monkeypatch.setenv("VELDWERK_SERVER_DATA_DIR", str(tmp_path / "server-data"))
    try:
        return main(list(args))
    finally:
        set_language("nl")


def test_the_server_command_writes_every_access_as_pdf_and_csv(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    youth, _signal = shared_case(world)
    pdf, table = tmp_path / "inzage.pdf", tmp_path / "inzage.csv"
    assert (
        server_command(world, monkeypatch, tmp_path, "report", "access", youth, "-o", str(pdf)) == 0
    )
    assert (
        server_command(world, monkeypatch, tmp_path, "report", "access", youth, "-o", str(table))
        == 0
    )
    regisseur = world["regisseur"]
    api = regisseur.client.get(report_url(youth), headers=regisseur.headers).json()["entries"]
    # the API's report also holds the two commands' own requests, last
    assert [entry["action"] for entry in api[-2:]] == ["access_report", "access_report"]
    expected = [AccessEntry.model_validate(entry) for entry in api[:-2]]
    assert {entry.action for entry in expected} >= {"push", "pull", "device_read", "device_print"}

    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "Daan Visser" in text and "Veldstad" in text
    for label, count in Counter(access_report.action_text(e.action) for e in expected).items():
        assert text.count(label) == count, label
    for entry in expected:
        assert entry.user_name in text and entry.organisation in text
    assert text.count("Signaal bekeken") == 2 and "Plan afgedrukt" in text
    assert "Convenant, gedeeld met school" in text and "laptop-school" in text
    for content in (CANARY_DESCRIPTION, CANARY_PURPOSE, "KANARIE", "Anderkind"):
        assert content not in text, "no case content, no other youth"

    raw = table.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark, for spreadsheet programs"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == len(expected) + 1  # and the PDF's command
    assert [row["Handeling"] for row in rows[:-1]] == [
        access_report.action_text(entry.action) for entry in expected
    ]
    reads = [row for row in rows if row["Doel"] == "Signaal bekeken"]
    assert len(reads) == 2
    assert {row["Apparaat"] for row in reads} == {"laptop-school"}
    assert {row["Organisatie"] for row in reads} == {World.SCHOOL}
    assert {row["Apparaat (kenmerk)"] for row in reads} == {world["school"].device_id}
    assert all(row["Welke gegevens"].startswith("Signaal van ") for row in reads)
    assert "KANARIE" not in raw.decode("utf-8-sig") and "Anderkind" not in raw.decode("utf-8-sig")


def test_the_server_command_writes_the_data_overview_in_plain_dutch(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    youth, _signal = shared_case(world)
    path = tmp_path / "gegevens.pdf"
    assert (
        server_command(world, monkeypatch, tmp_path, "report", "overview", youth, "-o", str(path))
        == 0
    )
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())
    assert "Gegevensoverzicht" in text and "Daan Visser" in text
    assert CANARY_DESCRIPTION in text and CANARY_PURPOSE in text, "all data held, the content too"
    assert "Overlast" in text and "Convenant" in text, "options by their Dutch label"
    assert "Anderkind" not in text, "not the other youth"
    assert youth not in text, "no ids"


def test_the_server_command_refuses_what_it_cannot_do(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    youth = a_youth(world)
    for args, told in (
        (("access", youth, "-o", str(tmp_path / "x.txt")), ".pdf or .csv"),
        (("access", str(new_id()), "-o", str(tmp_path / "x.pdf")), "no youth"),
        (("access", "not-an-id", "-o", str(tmp_path / "x.pdf")), "not a youth id"),
        (("overview", youth, "-o", str(tmp_path / "x.csv")), "is a PDF"),
    ):
        assert server_command(world, monkeypatch, tmp_path, "report", *args) == 2, args
        assert told in capsys.readouterr().err
    assert not list(tmp_path.glob("x.*"))


def test_hostile_uploads_are_refused_with_a_reason(world: World) -> None:
    youth = a_youth(world)
    device = world["youth_worker"]
    too_many = [device_entry(youth, youth) for _ in range(MAX_AUDIT_ENTRIES + 1)]
    for body in (
        {"entries": too_many},
        {"entries": [{**device_entry(youth, youth), "purpose": "x" * 41}]},
        {"entries": [{**device_entry(youth, youth), "id": "\u0000"}]},
        {"entries": [{**device_entry(youth, youth), "youth_ids": [youth] * 1001}]},
        {"entries": "niet een lijst"},
        [],
    ):
        answer = device.client.post(UPLOAD, json=body, headers=device.headers)
        assert 400 <= answer.status_code < 500, answer.text
        assert answer.json()["reason"], answer.text
    broken = device.client.post(
        UPLOAD, content=b"{not json", headers={**device.headers, "Content-Type": "application/json"}
    )
    assert 400 <= broken.status_code < 500 and broken.json()["reason"]
    anonymous = device.client.post(UPLOAD, json={"entries": [device_entry(youth, youth)]})
    assert anonymous.status_code == 401
    assert not [e for e in chained(world) if e.action.startswith("device_")]
    # a field the protocol does not know is ignored (read tolerantly), never stored
    extra = {**device_entry(youth, youth), "note": "Achternaam Jansen"}
    assert device.client.post(UPLOAD, json={"entries": [extra]}, headers=device.headers).is_success
    [stored] = [e for e in chained(world) if e.action.startswith("device_")]
    assert "Jansen" not in str(stored.detail) + str(stored.records)
