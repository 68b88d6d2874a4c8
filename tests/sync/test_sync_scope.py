"""What the device may hold: scope removals purge, a revoked device wipes, a resync and the
post-sync check repair, refused changes never block. Real server (PostgreSQL), real vaults."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from desktop.services import sync, sync_conflicts
from desktop.services.drafts import Drafts
from desktop.services.flags import Flags
from desktop.services.youths import Youths
from desktop.store import sync_state
from desktop.sync.errors import DeviceRevoked
from tests.server.helpers import involvement_fields, mutation, signal_fields, youth_fields
from veldwerk_core.models import Signal, Youth, new_id, utc_now
from veldwerk_core.models.errors import VeldwerkError


def shared_youth(server: Any, severity: str = "high") -> dict[str, str]:
    """A colleague registers a youth, involves the youth worker and records two signals."""
    colleague = server.world["colleague"]
    worker = server.world["youth_worker"]
    ids = {"youth": str(_id()), "involvement": str(_id()), "s1": str(_id()), "s2": str(_id())}
    results = colleague.push(
        mutation("youth", ids["youth"], youth_fields(first_name="Kanarie", last_name="Vogel")),
        mutation(
            "involvement", ids["involvement"], involvement_fields(ids["youth"], worker.user_id)
        ),
        mutation("signal", ids["s1"], signal_fields([ids["youth"]], severity=severity)),
        mutation("signal", ids["s2"], signal_fields([ids["youth"]], severity=severity)),
    )
    assert {result["status"] for result in results} == {"applied"}
    return ids


def withdrawn_youth(server: Any, desk: Any) -> uuid.UUID:
    """A youth the desk held until its user's involvement ended (the desk has not synced)."""
    colleague = server.world["colleague"]
    youth, involvement = str(_id()), str(_id())
    worker = server.world["youth_worker"].user_id
    colleague.push(
        mutation("youth", youth, youth_fields()),
        mutation("involvement", involvement, involvement_fields(youth, worker)),
    )
    desk.sync(server)
    ended = {"until": (date.today() - timedelta(days=1)).isoformat()}
    [result] = colleague.push(mutation("involvement", involvement, ended, base=1))
    assert result["status"] == "applied"
    return uuid.UUID(youth)


def _id() -> uuid.UUID:
    return new_id()


def test_a_youth_leaving_the_scope_is_purged_with_index_drafts_and_flags(
    server: Any, desks: Any
) -> None:
    ids = shared_youth(server)
    desk = desks()
    desk.enroll(server, "youth_worker")
    desk.sync(server)
    youth_id = _uuid(ids["youth"])
    assert [y.id for y in Youths(desk.session).search("Kanarie")] == [youth_id]
    assert [f.flag.rule_id for f in Flags(desk.session).for_youth(youth_id)] == [
        "ernstige_signalen_30_dagen"
    ], "pulled signals are evaluated by the combination rules"
    Drafts(desk.session).save("signal-new", "signal", {"youth_ids": [ids["youth"]], "x": 1})
    Drafts(desk.session).save("other", "signal", {"youth_ids": [], "x": 2})

    ended = {"until": (date.today() - timedelta(days=1)).isoformat()}
    colleague = server.world["colleague"]
    [result] = colleague.push(mutation("involvement", ids["involvement"], ended, base=1))
    assert result["status"] == "applied"
    report = desk.sync(server)
    assert report.removed == 4
    vault = desk.session.vault
    for kind in ("youth", "involvement", "signal"):
        assert desk.ids(kind) == set()
    assert Youths(desk.session).search("Kanarie") == []
    assert vault.scalar("SELECT count(*) FROM youth_fts WHERE youth_fts MATCH 'kanarie'") == 0
    assert vault.scalar("SELECT count(*) FROM signal_fts") == 0
    assert vault.scalar("SELECT count(*) FROM signal_youth") == 0
    assert vault.scalar("SELECT count(*) FROM flag") == 0
    assert Drafts(desk.session).load("signal-new") is None
    assert Drafts(desk.session).load("other") is not None
    assert desk.outbox() == 0


def test_a_deleted_signal_is_purged_and_flags_follow(server: Any, desks: Any) -> None:
    ids = shared_youth(server)
    desk = desks()
    desk.enroll(server, "youth_worker")
    desk.sync(server)
    youth_id = _uuid(ids["youth"])
    assert Flags(desk.session).for_youth(youth_id)
    # The server deletes a signal (retention, or an administrator): the device purges it and
    # the combination no longer holds.
    from server.core.db import make_engine, session_factory, transaction
    from server.db_models import StoredRecord
    from server.services.records import Sequence, relink, tombstone

    engine = make_engine(server.settings.database_url)
    with transaction(session_factory(engine)) as db:
        row = db.get(StoredRecord, ids["s1"])
        tombstone(row, utc_now())
        row.seq = Sequence(db, row.municipality_id).next()
        db.flush()
        relink(db, row)
    engine.dispose()
    desk.sync(server)
    assert desk.ids("signal") == {ids["s2"]}
    assert Flags(desk.session).for_youth(youth_id) == []
    assert desk.session.records.get(Signal, _uuid(ids["s1"])) is None


def test_a_revoked_device_wipes_its_vault_and_says_so(server: Any, desks: Any) -> None:
    desk = desks()
    desk.enroll(server, "youth_worker")
    desk.add_youth("Kanarie")
    desk.sync(server)
    server.revoke(desk.device_id)
    with pytest.raises(DeviceRevoked) as caught:
        desk.sync(server)
    assert "gewist" in caught.value.user_message()
    assert not desk.session.is_open
    assert [path for path in desk.data_dir.vault_files() if path.exists()] == []
    assert not desk.data_dir.vault.with_name("vault.veldwerk.lock").exists()
    for path in desk.data_dir.root.rglob("*"):
        if path.is_file():
            assert b"Kanarie" not in path.read_bytes()


def test_a_cursor_past_the_kept_tombstones_refetches_and_drops_what_is_gone(
    server: Any, desks: Any
) -> None:
    desk = desks()
    desk.enroll(server, "youth_worker")
    keep, gone = desk.add_youth("Blijft"), desk.add_youth("Weg")
    desk.sync(server)
    other = desks("other")
    other.enroll(server, "youth_worker")
    other.sync(server)
    other.session.records.delete(Youth, gone.id, purpose="Dubbel geregistreerd")
    other.add_youth("Nieuw")
    other.sync(server)
    assert server.purge_tombstones() == 1
    desk.youths().update(keep.id, {"wijk": "Oost"})  # waiting to be pushed: kept
    report = desk.sync(server)
    assert report.refetched
    assert desk.session.records.get(Youth, gone.id) is None
    assert {y.first_name for y in desk.session.records.select(Youth)} == {"Blijft", "Nieuw"}
    kept = desk.session.records.get(Youth, keep.id)
    assert kept is not None and kept.wijk == "Oost"
    other.sync(server)
    assert desk.versions() == other.versions()


def test_the_post_sync_check_repairs_a_device_that_drifted(server: Any, desks: Any) -> None:
    desk = desks()
    desk.enroll(server, "youth_worker")
    a, b = desk.add_youth("Anouk"), desk.add_youth("Bram")
    desk.sync(server)
    vault = desk.session.vault
    # Drift the vault behind the engine's back: a row lost, a stale row, a wrong version.
    vault.execute(
        "DELETE FROM youth_fts WHERE rowid = (SELECT rowid FROM youth WHERE id = ?)", (str(a.id),)
    )
    vault.execute("DELETE FROM youth WHERE id = ?", (str(a.id),))
    vault.execute("UPDATE youth SET base_version = 9 WHERE id = ?", (str(b.id),))
    stale = json.dumps({**b.dump(), "id": "01900000-0000-7000-8000-000000000001"})
    vault.execute(
        "INSERT INTO youth (id, data, base_version, updated_at) VALUES (?, ?, 3, ?)",
        ("01900000-0000-7000-8000-000000000001", stale, b.updated_at.isoformat()),
    )
    report = desk.sync(server, check=True)
    assert report.refetched and report.checked
    assert desk.ids("youth") == {str(a.id), str(b.id)}
    assert {version for _kind, version in desk.versions().values()} == {1}
    assert [y.id for y in Youths(desk.session).search("Anouk")] == [a.id]


def test_refused_changes_are_listed_and_never_block_the_queue(server: Any, desks: Any) -> None:
    desk = desks()
    desk.enroll(server, "youth_worker")
    youth = withdrawn_youth(server, desk)
    before = desk.add_youth("Voor")
    desk.youths().update(youth, {"contact_notes": "Belt na school."})  # no access any more
    after = desk.add_youth("Na")
    report = desk.sync(server)
    assert report.rejected == 1 and report.applied == 2 and desk.outbox() == 0
    assert {str(before.id), str(after.id)} <= set(server.records("youth_worker"))
    assert desk.session.records.get(Youth, youth) is None, "out of scope: purged"
    [shown] = sync_conflicts.rejections(desk.session)
    assert shown.reason == "out_of_scope" and "geen toegang" in shown.message
    assert ("Contactnotities", "Belt na school.") in shown.fields, "what was typed stays visible"
    sync_conflicts.dismiss_rejection(desk.session, shown.mutation_id)
    assert sync_conflicts.rejections(desk.session) == []


def test_bundled_instruments_stay_local_for_who_may_not_publish_them(
    server: Any, desks: Any
) -> None:
    from desktop.services.instruments import Instruments

    desk = desks()
    assert Instruments(desk.session).ensure_examples(), "before enrolling: the examples"
    desk.enroll(server, "youth_worker")
    assert desk.outbox() == 0, "a youth worker does not publish instruments"
    assert Instruments(desk.session).ensure_examples() == [], "enrolled: the server decides"
    examples = desk.ids("instrument")
    report = desk.sync(server, check=True)
    assert report.rejected == 0 and sync_conflicts.rejections(desk.session) == []
    assert desk.ids("instrument") == examples, "the server has none yet: screening goes on"
    assert not report.refetched, "local examples are not counted against the server"
    from tests.screening_data import definition_data
    from veldwerk_core.models.instrument import parse_instrument

    beheerder = desks("beheerder")
    beheerder.enroll(server, "beheerder")
    municipal = Instruments(beheerder.session).add(
        parse_instrument(definition_data(), "proef.yaml")
    )
    beheerder.sync(server)
    desk.sync(server, check=True)
    assert desk.ids("instrument") == {str(municipal.instrument.id)}, (
        "only the municipality's instruments remain (issue 13, 12: once they arrived)"
    )


def test_configuration_and_lease_come_from_the_server(
    sync_db_url: str, desks: Any, tmp_path: Any
) -> None:
    from desktop.services.config import configuration
    from tests.sync.support import inprocess_server

    with inprocess_server(sync_db_url, offline_lease_days=3) as server:
        desk = desks()
        desk.enroll(server, "youth_worker")
        desk.sync(server)
        state = sync_state.load(desk.session.vault)
        assert state is not None and state.lease_days == 3
        assert configuration() is not None
        assert sync_state.config(desk.session.vault) is not None
        status = sync.status(desk.session)
        assert status.enrolled and status.online and not status.lease_expired
        assert status.lease_until is not None and status.last_success is not None
        assert status.lease_until - status.last_success == timedelta(days=3)


def test_enrollment_refuses_bad_input_with_dutch_messages_per_field(desks: Any) -> None:
    desk = desks()
    with pytest.raises(VeldwerkError) as caught:
        sync.enroll(desk.session, "ftp://server", " ", "")
    errors = {error.field: error.message for error in caught.value.errors}  # type: ignore[attr-defined]
    assert set(errors) == {"server_url", "code", "device_name"}
    assert "https://" in errors["server_url"]
    with pytest.raises(VeldwerkError) as plain:
        sync.enroll(desk.session, "http://veldwerk.gemeente.nl", "abc", "Laptop")
    assert "beveiligd" in plain.value.user_message()


def _uuid(text: str) -> uuid.UUID:
    return uuid.UUID(text)
