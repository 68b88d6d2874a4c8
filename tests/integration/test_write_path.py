"""The one write path: validate, write, audit, outbox - all in one transaction, or nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlcipher3

from desktop.services.session import Session
from desktop.services.youths import Youths
from veldwerk_core.models import Signal, Youth
from veldwerk_core.models.errors import (
    ChangeRefused,
    RecordInvalid,
    RecordNotFound,
    validate_record,
)
from veldwerk_core.models.signal import Place, PlaceKind

NAME = "Roos"


def youth(session: Session, **changes: object) -> Youth:
    data = {"first_name": NAME, "last_name": "Visser", "date_of_birth": "03-03-2012", **changes}
    return Youths(session).create(data)


def counts(session: Session) -> tuple[int, int, int]:
    vault = session.vault
    return (
        vault.scalar("SELECT count(*) FROM youth"),
        vault.scalar("SELECT count(*) FROM audit WHERE record_kind IS NOT NULL"),
        vault.scalar("SELECT count(*) FROM outbox"),
    )


def outbox(session: Session) -> list[dict[str, object]]:
    return session.vault.query(
        "SELECT record_kind, record_id, op, fields, base_version FROM outbox ORDER BY seq"
    )


def test_create_writes_record_audit_and_outbox(session: Session) -> None:
    created = youth(session, wijk="Noord")
    assert counts(session) == (1, 1, 1)
    entry = outbox(session)[0]
    assert (entry["record_kind"], entry["record_id"], entry["op"], entry["base_version"]) == (
        "youth",
        str(created.id),
        "upsert",
        0,
    )
    fields = json.loads(str(entry["fields"]))
    assert fields["first_name"] == NAME and fields["wijk"] == "Noord"
    audit = session.vault.query("SELECT action, data FROM audit WHERE record_kind = 'youth'")[0]
    assert audit["action"] == "create"
    data = json.loads(str(audit["data"]))
    assert "first_name" in data["fields"] and data["youth_ids"] == [str(created.id)]
    assert NAME not in str(audit["data"]), "the audit log holds field names, never values"


def test_update_records_only_the_changed_fields(session: Session) -> None:
    created = youth(session)
    Youths(session).update(created.id, {"wijk": "Oost", "first_name": NAME})
    assert json.loads(str(outbox(session)[-1]["fields"])) == {"wijk": "Oost"}
    last_audit = session.vault.query("SELECT data FROM audit ORDER BY seq DESC LIMIT 1")[0]
    assert json.loads(str(last_audit["data"]))["fields"] == ["wijk"]


def test_saving_without_changes_writes_nothing(session: Session) -> None:
    created = youth(session)
    before = counts(session)
    saved = session.records.save(created)
    assert saved.fields == () and not saved.created
    assert counts(session) == before


def test_a_failure_late_in_the_transaction_leaves_nothing_behind(session: Session) -> None:
    youth(session)
    session.vault.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON outbox "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    before = counts(session)
    with pytest.raises(sqlcipher3.IntegrityError):
        youth(session, first_name="Tweede")
    assert counts(session) == before
    assert not session.vault.connection.in_transaction


def test_invalid_records_are_refused_before_anything_is_written(session: Session) -> None:
    with pytest.raises(RecordInvalid) as caught:
        session.records.create(
            Youth, {"first_name": "", "last_name": "X", "date_of_birth": "morgen"}
        )
    assert {error.field for error in caught.value.errors} == {"first_name", "date_of_birth"}
    assert counts(session) == (0, 0, 0)


def test_rules_about_today_do_not_block_editing_other_fields(session: Session) -> None:
    created = youth(session)
    # The youth has grown older than the register accepts for new entries.
    session.vault.execute(
        "UPDATE youth SET data = json_set(data, '$.date_of_birth', '1990-01-01') WHERE id = ?",
        (str(created.id),),
    )
    updated = Youths(session).update(created.id, {"contact_notes": "Belt liever dan appt."})
    assert updated.contact_notes == "Belt liever dan appt."
    with pytest.raises(RecordInvalid):
        Youths(session).update(created.id, {"date_of_birth": "1989-01-01"})


def make_signal(session: Session, youth_id: object) -> Signal:
    return validate_record(
        Signal,
        {
            "occurred_at": datetime.now(UTC) - timedelta(minutes=5),
            "place": Place(place_kind=PlaceKind.WIJK, wijk="Noord"),
            "life_domain": "straat",
            "category": "overlast",
            "description": "Jongeren bij het winkelcentrum, harde muziek.",
            "youth_ids": [youth_id],
            "severity": "low",
            "legal_basis": "legal_task",
            "recorded_by": session.actor.name,
            "recorded_role": session.actor.role,
        },
    )


def test_signals_are_append_only_in_the_store(session: Session) -> None:
    subject = youth(session)
    signal = session.records.save(make_signal(session, subject.id)).record
    assert session.vault.query("SELECT youth_id FROM signal_youth") == [
        {"youth_id": str(subject.id)}
    ]
    before = session.vault.scalar("SELECT count(*) FROM outbox")
    with pytest.raises(ChangeRefused):
        session.records.save(
            signal.model_copy(update={"description": "Iets anders gezien bij de ingang."})
        )
    assert session.vault.scalar("SELECT count(*) FROM outbox") == before
    stored = session.records.get(Signal, signal.id)
    assert stored is not None and stored.description == signal.description


def test_delete_removes_the_record_and_queues_the_removal(session: Session) -> None:
    subject = youth(session)
    session.vault.execute("UPDATE youth SET base_version = 7 WHERE id = ?", (str(subject.id),))
    session.records.delete(Youth, subject.id, purpose="Dubbel geregistreerd")
    assert session.records.get(Youth, subject.id) is None
    last = outbox(session)[-1]
    assert (last["op"], last["base_version"], last["fields"]) == ("delete", 7, "{}")
    with pytest.raises(RecordNotFound):
        session.records.delete(Youth, subject.id, purpose="Dubbel geregistreerd")


def test_opening_a_youth_is_an_audited_read(session: Session) -> None:
    subject = youth(session)
    reads = "SELECT count(*) FROM audit WHERE action = 'read'"
    assert session.records.get(Youth, subject.id) is not None
    assert session.vault.scalar(reads) == 0
    Youths(session).open(subject.id)
    assert session.vault.scalar(reads) == 1
    row = session.vault.query(
        "SELECT a.data FROM audit a JOIN audit_youth y ON y.audit_seq = a.seq "
        "WHERE y.youth_id = ? AND a.action = 'read'",
        (str(subject.id),),
    )[0]
    event = json.loads(str(row["data"]))
    assert event["purpose"] == "Dossier bekeken"
    assert (
        event["device_id"] == session.actor.device_id and event["actor_id"] == session.actor.user_id
    )
