"""The engine against the real server (in this process, PostgreSQL): both ways, exactly once."""

from __future__ import annotations

from typing import Any

from veldwerk_core.models import Youth


def test_records_made_offline_on_two_devices_arrive_on_both(server: Any, desks: Any) -> None:
    one, two = desks("one"), desks("two")
    one.enroll(server, "youth_worker")
    two.enroll(server, "youth_worker")
    a = one.add_youth("Anouk")
    b = two.add_youth("Bram")
    one.sync(server)
    two.sync(server)
    one.sync(server)
    assert one.ids("youth") == two.ids("youth") == {str(a.id), str(b.id)}
    assert one.outbox() == two.outbox() == 0
    assert one.versions() == two.versions()
    assert set(server.records("youth_worker")) == {str(a.id), str(b.id)}
    stored = two.session.records.get(Youth, a.id)
    assert stored is not None and stored.first_name == "Anouk"
    # Pulled records are not changes the person made: no outbox or write-audit entries.
    audit = two.session.vault.query("SELECT action, record_id FROM audit")
    assert ("create", str(a.id)) not in {(row["action"], row["record_id"]) for row in audit}
    assert "sync" in {row["action"] for row in audit}


def test_an_old_credential_is_rotated_and_the_new_one_works(server: Any, desks: Any) -> None:
    from datetime import timedelta

    from desktop.store import sync_state

    desk = desks()
    desk.enroll(server, "youth_worker")
    vault = desk.session.vault
    before = sync_state.load(vault)
    assert before is not None
    sync_state.update(vault, credential_at=before.credential_at - timedelta(days=31))
    desk.sync(server)
    after = sync_state.load(vault)
    assert after is not None and after.credential != before.credential
    assert after.credential.startswith("vw1.") and after.credential_at > before.credential_at
    desk.add_youth("Na de wissel")
    assert desk.sync(server).applied == 1, "the new credential works"
    assert "vw1." not in repr(after), "the credential never shows in a repr"


def test_the_credential_is_kept_only_inside_the_encrypted_vault(server: Any, desks: Any) -> None:
    from desktop.store import sync_state

    desk = desks()
    desk.enroll(server, "youth_worker")
    desk.sync(server)
    state = sync_state.load(desk.session.vault)
    assert state is not None
    secret = state.credential.encode()
    files = [path for path in desk.data_dir.root.rglob("*") if path.is_file()]
    assert files and not [path.name for path in files if secret in path.read_bytes()]
