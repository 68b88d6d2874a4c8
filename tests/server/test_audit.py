"""The access log: every case request is logged, the hash chain detects edits, and the
regisseur gets a per-youth access report."""

from __future__ import annotations

import time

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server.core.audit_keys import AuditKeys
from server.core.db import make_engine, session_factory, transaction
from server.db_models import AuditEntry, AuditPending
from server.services import audit_verify
from tests.server.helpers import World, involvement_fields, mutation, youth_fields
from veldwerk_core.models import new_id


def problems(world: World, session: Session) -> list[audit_verify.Problem]:
    keys = AuditKeys.from_settings(world.settings)
    return audit_verify.verify(session, keys, world.settings.checkpoint_path()).problems


def test_requests_are_logged_and_the_chain_detects_an_edited_row(world: World) -> None:
    colleague, worker = world["colleague"], world["youth_worker"]
    youth = str(new_id())
    colleague.push(
        mutation("youth", youth, youth_fields()),
        mutation("involvement", new_id(), involvement_fields(youth, worker.user_id)),
    )
    worker.pull_all()
    engine = make_engine(world.settings.database_url)
    sessions = session_factory(engine)
    try:
        with transaction(sessions) as session:
            assert problems(world, session) == []
            entries = list(session.execute(select(AuditEntry)).scalars())
            pulls = [e for e in entries if e.action == "pull" and e.user_id == worker.user_id]
            assert pulls and youth in pulls[0].detail["youth_ids"]
            assert ["youth", youth] in pulls[0].records
            assert pulls[0].device_id == worker.device_id
            pushed = next(e for e in entries if e.action == "push")
            target = pushed.seq
        with transaction(sessions) as session:
            session.execute(
                update(AuditEntry).where(AuditEntry.seq == target).values(result="edited")
            )
        with transaction(sessions) as session:
            found = problems(world, session)
        assert [problem.seq for problem in found] == [target]
        with transaction(sessions) as session:
            session.execute(update(AuditEntry).where(AuditEntry.seq == target).values(result="ok"))
            session.execute(AuditEntry.__table__.delete().where(AuditEntry.seq == target + 1))
        with transaction(sessions) as session:
            assert problems(world, session)
    finally:
        engine.dispose()


def test_the_regisseur_gets_a_per_youth_access_report(world: World) -> None:
    colleague, worker, regisseur = world["colleague"], world["youth_worker"], world["regisseur"]
    youth = str(new_id())
    colleague.push(
        mutation("youth", youth, youth_fields()),
        mutation("involvement", new_id(), involvement_fields(youth, worker.user_id)),
    )
    worker.pull_all()
    url = f"/api/v1/youths/{youth}/access-report"
    response = regisseur.client.get(url, headers=regisseur.headers)
    assert response.status_code == 200, response.text
    entries = response.json()["entries"]
    assert {(e["user_name"], e["action"]) for e in entries} >= {
        ("Colleague", "push"),
        ("Youth_Worker", "pull"),
    }
    assert all(e["device_id"] for e in entries)
    assert worker.client.get(url, headers=worker.headers).status_code == 403


def test_the_server_links_request_entries_into_the_chain_by_itself(world: World) -> None:
    """Requests only add pending entries; the server's chainer links them within seconds."""
    worker = world["youth_worker"]
    youth = str(new_id())
    worker.push(mutation("youth", youth, youth_fields()))
    engine = make_engine(world.settings.database_url)
    sessions = session_factory(engine)
    try:
        deadline = time.monotonic() + 10
        while True:
            with transaction(sessions) as session:
                pending = session.execute(select(func.count()).select_from(AuditPending)).one()
                pushes = session.execute(
                    select(AuditEntry).where(AuditEntry.action == "push")
                ).scalars()
                chained = [entry for entry in pushes if ["youth", youth] in entry.records]
            if chained and pending[0] == 0:
                break
            assert time.monotonic() < deadline, "pending audit entries were not chained"
            time.sleep(0.1)
        assert chained[0].user_id == worker.user_id and chained[0].detail["youth_ids"] == [youth]
        with transaction(sessions) as session:
            assert problems(world, session) == []
    finally:
        engine.dispose()
