"""Versions side by side: an app reads what a newer server sends, a too-old app is told to
update, an older server is named, and what a person types is still refused when unknown."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from desktop.services.signals import Signals
from desktop.services.sync import request_enrollment
from desktop.store import pull_apply
from desktop.sync.errors import AppOutdated, ServerOutdated
from desktop.sync.transport import Transport
from server.db_models import StoredRecord
from server.services.records import Sequence
from tests.integration.test_signals import signal
from tests.sync.support import Desk, Server
from veldwerk_core.models import Signal, Youth, new_id
from veldwerk_core.models.errors import RecordInvalid
from veldwerk_core.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, PullRequest


def newer_server_wrote(server: Server, record_id: uuid.UUID, extra: Callable[[Any], None]) -> None:
    """Change a stored record as a newer server version would: with fields this one lacks."""

    def work(db: Any) -> None:
        row = db.execute(select(StoredRecord).where(StoredRecord.id == str(record_id))).scalar_one()
        data = json.loads(json.dumps(row.data))
        extra(data)
        row.data = data
        row.version += 1
        row.seq = Sequence(db, row.municipality_id).next()

    server._admin(work)


def test_an_app_reads_records_with_fields_it_does_not_know(
    server: Server, desks: Callable[..., Desk]
) -> None:
    first, second = desks("eerste"), desks("tweede")
    first.enroll(server, "youth_worker")
    youth = first.add_youth("Noor", wijk="Noord")
    recorded = signal(first.session, youth)
    first.sync(server)

    def add_fields(data: Any) -> None:
        data["pronouns"] = "zij"
        data.setdefault("place", {})["gps"] = "52.51,6.09"

    newer_server_wrote(server, youth.id, lambda data: data.update(pronouns="zij"))
    newer_server_wrote(server, recorded.id, add_fields)

    second.enroll(server, "youth_worker")
    report = second.sync(server)
    assert report.received >= 2
    loaded = second.youths().open(youth.id)
    assert loaded.full_name == "Noor Visser"
    assert Signals(second.session).get(recorded.id).place.wijk == "Noord"
    stored = json.loads(second.session.vault.scalar("SELECT data FROM youth"))
    assert stored["pronouns"] == "zij"

    # Editing keeps what the newer version wrote and sends only what the person changed.
    second.youths().update(youth.id, {"wijk": "Zuid"})
    stored = json.loads(second.session.vault.scalar("SELECT data FROM youth"))
    assert (stored["pronouns"], stored["wijk"]) == ("zij", "Zuid")
    sent = json.loads(second.session.vault.scalar("SELECT fields FROM outbox"))
    assert set(sent) == {"wijk"}


@contextmanager
def newer_server(answer: dict[str, Any]) -> Iterator[Transport]:
    """A server of a later version, answering every pull with ``answer``."""

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answer, headers={PROTOCOL_HEADER: "3"})

    client = httpx.Client(transport=httpx.MockTransport(reply))
    try:
        yield Transport("http://later.example", "vw1.x.y", client=client)
    finally:
        client.close()


def test_a_page_of_a_newer_server_is_stored_without_what_this_version_lacks(
    desks: Callable[..., Desk],
) -> None:
    desk = desks()
    desk.session.vault.execute(
        "INSERT INTO sync_state (id, server_url, credential, credential_at, identity, "
        "enrolled_at) VALUES (1, 'http://later.example', 'x', '2026-01-01', '{}', '2026-01-01')"
    )
    youth_id = str(new_id())
    youth = {
        "id": youth_id,
        "first_name": "Sem",
        "last_name": "de Vries",
        "date_of_birth": "2011-04-02",
        "created_at": "2026-01-01T10:00:00Z",
        "updated_at": "2026-01-01T10:00:00Z",
        "favourite_colour": "groen",
    }
    page = {
        "records": [
            {"kind": "youth", "id": youth_id, "version": 1, "data": youth, "etag": "x"},
            {"kind": "outreach_visit", "id": str(new_id()), "version": 1, "data": {"to": "Halt"}},
        ],
        "removals": [{"kind": "outreach_round", "id": str(new_id()), "reason": "expired"}],
        "conflicts": [],
        "cursor": 7,
        "has_more": False,
        "resync_required": False,
        "watermark": "2026-12-07",
    }
    with newer_server(page) as transport:
        pulled = transport.pull(PullRequest(cursor=0))
    applied = pull_apply.apply_page(desk.session.vault, pulled, desk.session.records)
    assert applied.records == 1 and applied.removals == 0
    assert desk.youths().open(uuid.UUID(youth_id)).first_name == "Sem"
    assert desk.session.vault.scalar("SELECT cursor FROM sync_state") == 7


def test_a_too_old_app_is_told_to_update(server: Server, desks: Callable[..., Desk]) -> None:
    desk = desks()
    desk.enroll(server, "youth_worker")
    old = server.client.get("/api/v1/device", headers={PROTOCOL_HEADER: "1"})
    assert old.status_code == 426
    assert old.json()["reason"] == "app_outdated"
    assert old.headers[PROTOCOL_HEADER] == str(PROTOCOL_VERSION)

    def as_an_old_app(request: httpx.Request) -> None:
        request.headers[PROTOCOL_HEADER] = "1"

    server.client.event_hooks["request"].append(as_an_old_app)
    try:
        with pytest.raises(AppOutdated) as caught:
            desk.sync(server)
    finally:
        server.client.event_hooks["request"].remove(as_an_old_app)
    assert "Werk Veldwerk bij" in caught.value.user_message()
    assert desk.outbox() == 0 or desk.session.is_open  # nothing was wiped or lost


def test_an_older_server_is_named_instead_of_misread() -> None:
    def protocol_one(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={
                "credential": "vw1.a.b",
                "identity": {
                    "user_id": str(uuid.uuid4()),
                    "name": "Sanne",
                    "role": "youth_worker",
                    "organisation_id": str(uuid.uuid4()),
                    "organisation": "Jongerenwerk",
                    "municipality_id": str(uuid.uuid4()),
                    "municipality": "Veldstad",
                    "device_id": str(uuid.uuid4()),
                    "device_name": "laptop",
                },
                "protocol_version": 1,
            },
        )

    client = httpx.Client(transport=httpx.MockTransport(protocol_one))
    with pytest.raises(ServerOutdated) as caught:
        request_enrollment("https://oud.example", "ABCD-EFGH", "laptop", client=client)
    client.close()
    assert "server van je gemeente is ouder" in caught.value.user_message()


def test_what_a_person_types_is_still_refused_when_unknown(desks: Callable[..., Desk]) -> None:
    desk = desks()
    with pytest.raises(RecordInvalid) as caught:
        desk.session.records.create(
            Youth,
            {"first_name": "Sem", "last_name": "Smit", "date_of_birth": "01-01-2012", "kleur": 1},
        )
    [error] = caught.value.errors
    assert error.field == "kleur" and error.message == "Kleur is geen bekend veld."
    youth = desk.add_youth("Sem")
    with pytest.raises(RecordInvalid):
        signal(desk.session, youth, mood="boos")
    assert desk.session.records.count(Signal) == 0


def test_the_server_keeps_the_app_version_each_device_says(
    server: Server, desks: Callable[..., Desk]
) -> None:
    """The administrator sees which app version each device runs (list-devices, issue 18):
    the app says it in every request, from enrollment on."""
    from server.db_models import Device
    from veldwerk_core import __version__

    desk = desks("laptop")
    desk.enroll(server, "youth_worker")
    desk.sync(server)

    def said(db: Any) -> tuple[str | None, int | None]:
        device = db.get(Device, desk.device_id)
        return device.app_version, device.app_protocol

    assert server._admin(said) == (__version__, PROTOCOL_VERSION)
