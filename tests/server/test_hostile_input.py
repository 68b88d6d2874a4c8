"""Hostile input is a 4xx with a reason, the same on SQLite and PostgreSQL (issue 12, finding 6).

Each request that used to crash the server (HTTP 500, connection closed) has its own test,
run on both databases. Bodies are sent as bytes with ASCII escapes: a lone surrogate cannot be
encoded as UTF-8, so a JSON library would refuse to send it - an attacker's does not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.api.main import create_app
from server.core.db import make_engine, session_factory, transaction
from server.db_models import ConflictRow, StoredRecord
from tests.server.helpers import (
    PROTOCOL,
    Device,
    World,
    copy_sqlite,
    involvement_fields,
    mutation,
    settings_for,
    youth_fields,
)
from veldwerk_core.models import new_id
from veldwerk_core.models.storable import INT64_MAX

PUSH = "/api/v1/sync/push"
UNSTORABLE = ("veldwerk_rule", "string_unicode")
"""The kernel's check, or pydantic's own for a typed text field: the app words both alike."""


def send(device: Device, body: object) -> httpx.Response:
    """The body as an attacker sends it: JSON with \\uXXXX escapes, whatever they encode."""
    content = json.dumps(body, ensure_ascii=True).encode("ascii")
    headers = {**device.headers, "Content-Type": "application/json"}
    return device.client.post(PUSH, content=content, headers=headers)


def refused(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.status_code == 422, response.text
    answer: dict[str, Any] = response.json()
    assert answer["reason"] == "invalid_request"
    return [(error["field"], error["code"]) for error in answer["errors"]]


def own_youth(device: Device) -> str:
    youth = str(new_id())
    [result] = device.push(mutation("youth", youth, youth_fields()))
    assert result["status"] == "applied"
    return youth


def test_a_base_version_beyond_32_bits_is_stored_on_both_databases(world: World) -> None:
    """Was a 500 on PostgreSQL: the version columns held 32 bits; they hold 64 now."""
    worker = world["youth_worker"]
    youth = own_youth(worker)
    big = 2**31
    [applied] = worker.push(mutation("youth", youth, {"wijk": "Zuid"}, base=big))
    assert (applied["status"], applied["version"]) == ("applied", 2)
    unknown = str(new_id())
    [answer] = worker.push(mutation("youth", unknown, youth_fields(), base=big))
    assert answer["status"] in ("conflict", "rejected")
    if answer["status"] == "conflict":  # the base version is kept with the conflict
        engine = make_engine(world.settings.database_url)
        try:
            with transaction(session_factory(engine)) as session:
                row = session.execute(
                    select(ConflictRow).where(ConflictRow.record_id == unknown)
                ).scalar_one()
                assert row.base_version == big
        finally:
            engine.dispose()


def test_a_base_version_beyond_64_bits_is_refused_by_name(world: World) -> None:
    """Was a 500 on both databases."""
    worker = world["youth_worker"]
    youth = own_youth(worker)
    too_big = mutation("youth", youth, {"wijk": "Zuid"}, base=INT64_MAX + 1)
    assert refused(send(worker, {"mutations": [too_big]})) == [
        ("mutations.0.base_version", "less_than_equal")
    ]
    largest = mutation("youth", youth, {"wijk": "Zuid"}, base=INT64_MAX)
    [result] = worker.push(largest)
    assert result["status"] == "applied"
    for cursor in (INT64_MAX + 1, -1):
        answer = worker.client.post(
            "/api/v1/sync/pull", json={"cursor": cursor}, headers=worker.headers
        )
        assert refused(answer) == [
            ("cursor", "less_than_equal" if cursor > 0 else "greater_than_equal")
        ]


def test_a_lone_surrogate_in_a_value_or_a_key_is_refused_by_name(world: World) -> None:
    """Was a 500 on both databases (no UTF-8 encoder writes a lone surrogate)."""
    worker = world["youth_worker"]
    value = mutation("youth", new_id(), youth_fields(first_name="Da\ud800an"))
    [(field, code)] = refused(send(worker, {"mutations": [value]}))
    assert field == "mutations.0.fields.first_name" and code in UNSTORABLE
    key = mutation("youth", new_id(), {**youth_fields(), "\udc00x": "y"})
    [(field, _code)] = refused(send(worker, {"mutations": [key]}))
    assert field.startswith("mutations.0.fields")
    kind = {**mutation("youth", new_id(), youth_fields()), "record_kind": "\ud800"}
    assert refused(send(worker, {"mutations": [kind]})) == [
        ("mutations.0.record_kind", "string_unicode")
    ]


def test_a_nul_in_a_value_or_a_key_is_refused_by_name(world: World) -> None:
    """Was a 500 on PostgreSQL (no NUL in its text or JSON) and stored on SQLite."""
    worker = world["youth_worker"]
    value = mutation("youth", new_id(), youth_fields(contact_notes="bel \x00 moeder"))
    assert refused(send(worker, {"mutations": [value]})) == [
        ("mutations.0.fields.contact_notes", "veldwerk_rule")
    ]
    key = mutation("youth", new_id(), {**youth_fields(), "wijk\x00": "Noord"})
    assert refused(send(worker, {"mutations": [key]})) == [("mutations.0.fields", "veldwerk_rule")]
    deep = mutation("youth", new_id(), {**youth_fields(), "extra": [{"a": ["\x00"]}]})
    assert refused(send(worker, {"mutations": [deep]})) == [
        ("mutations.0.fields.extra.0.a.0", "veldwerk_rule")
    ]
    nothing = send(worker, {"mutations": [mutation("youth", new_id(), youth_fields())]})
    assert nothing.status_code == 200  # the same worker, the same kind of request: fine


def test_a_professional_id_longer_than_its_column_is_refused_on_both(world: World) -> None:
    """SQLite stored 65+ characters that PostgreSQL's column refused with a 500."""
    worker = world["youth_worker"]
    youth = own_youth(worker)
    fields = involvement_fields(youth, "u" * 65)
    [result] = worker.push(mutation("involvement", new_id(), fields))
    assert (result["status"], result["reason"]) == ("rejected", "invalid")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("professional_id", "string_too_long")
    ]
    assert result["errors"][0]["params"] == {"max_length": 64}
    # 64 characters fit the column: what is checked next is whether they name a colleague.
    fits = involvement_fields(youth, "u" * 64)
    [checked] = worker.push(mutation("involvement", new_id(), fits))
    assert [(e["field"], e["code"]) for e in checked["errors"]] == [
        ("professional_id", "unknown_user")
    ]


def test_json_numbers_no_database_stores_are_refused(world: World) -> None:
    """NaN is no JSON, but Python's reader accepts it; PostgreSQL's JSON does not."""
    worker = world["youth_worker"]
    nan = mutation("youth", new_id(), {**youth_fields(), "score": float("nan")})
    content = json.dumps({"mutations": [nan]}).encode()
    response = worker.client.post(
        PUSH, content=content, headers={**worker.headers, "Content-Type": "application/json"}
    )
    assert refused(response) == [("mutations.0.fields.score", "veldwerk_rule")]
    huge = mutation("youth", new_id(), {**youth_fields(), "score": 10**30})
    assert refused(send(worker, {"mutations": [huge]})) == [
        ("mutations.0.fields.score", "veldwerk_rule")
    ]


def test_what_the_database_could_not_store_never_reached_it(world: World) -> None:
    """After all of the above, the database holds only the well-formed records."""
    worker = world["youth_worker"]
    for body in (
        {"mutations": [mutation("youth", new_id(), youth_fields(first_name="\x00"))]},
        {"mutations": [mutation("youth", new_id(), youth_fields(), base=INT64_MAX + 1)]},
    ):
        assert send(worker, body).status_code == 422
    engine = make_engine(world.settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            assert session.execute(select(StoredRecord)).first() is None
            assert session.execute(select(ConflictRow)).first() is None
    finally:
        engine.dispose()


def test_a_record_stored_before_the_check_still_reaches_its_readers(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """Only what clients send is checked: SQLite kept a NUL before, and refusing to send that
    record would stop every pull that holds it. (PostgreSQL never stored one.)"""
    url = copy_sqlite(sqlite_template, tmp_path / "server.db")
    settings = settings_for(url)
    app = create_app(settings, run_migrations=False)
    try:
        with TestClient(app, headers=PROTOCOL) as client:
            worker = World(settings, client).build()["youth_worker"]
            youth = own_youth(worker)
            engine = make_engine(url)
            try:
                with transaction(session_factory(engine)) as session:
                    row = session.get(StoredRecord, youth)
                    assert row is not None and row.data is not None
                    row.data = {**row.data, "contact_notes": "oud\x00gegeven"}
            finally:
                engine.dispose()
            pulled = worker.pull_all()["records"][youth]["data"]
            assert pulled["contact_notes"] == "oud\x00gegeven"
    finally:
        app.state.ctx.engine.dispose()
