"""The vault file: encrypted at rest, fails closed, rekeys, has the specified settings."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.session import Session
from desktop.services.youths import Youths
from desktop.store import migrations
from desktop.store.errors import VaultExists, VaultInUse, VaultMissing, VaultTooNew, WrongPassphrase
from desktop.store.vault import Vault
from tests.conftest import OTHER_PASSPHRASE, PASSPHRASE


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_youth(session: Session, first_name: str = "Iris") -> None:
    Youths(session).create(
        {"first_name": first_name, "last_name": "Smit", "date_of_birth": "02-02-2012"}
    )


def test_file_is_not_readable_as_plain_sqlite(session: Session, data_dir: DataDir) -> None:
    add_youth(session)
    session.lock()
    header = data_dir.vault.read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    plain = sqlite3.connect(data_dir.vault)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchall()
    plain.close()


def test_wrong_passphrase_fails_closed_and_leaves_the_file_identical(
    session: Session, data_dir: DataDir
) -> None:
    add_youth(session)
    session.lock()
    before = {path.name: digest(path) for path in data_dir.vault_files() if path.exists()}
    for attempt in ("verkeerd", PASSPHRASE + " ", PASSPHRASE.lower()):
        with pytest.raises(WrongPassphrase):
            sessions.unlock(data_dir, Secret(attempt))
    after = {path.name: digest(path) for path in data_dir.vault_files() if path.exists()}
    assert after == before
    reopened = sessions.unlock(data_dir, Secret(PASSPHRASE))
    assert Youths(reopened).count() == 1
    reopened.lock()


def _killed_writer(data_dir: DataDir) -> list[str]:
    """A writer killed with SIGKILL after some commits: changes wait in the -wal."""
    env = {**os.environ, "VELDWERK_PASSPHRASE": PASSPHRASE}
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.writer", str(data_dir.root), "W"],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
        env=env,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == b"open"
    written = [writer.stdout.readline().strip().decode() for _ in range(5)]
    writer.send_signal(signal.SIGKILL)
    writer.communicate(timeout=30)
    return written


def test_a_wrong_passphrase_after_a_crash_leaves_every_vault_file_identical(
    session: Session, data_dir: DataDir
) -> None:
    """Issue 13, 5: a failed unlock merged the pending -wal into the vault file."""
    session.lock()
    written = _killed_writer(data_dir)
    vault, wal, shm = data_dir.vault_files()
    assert wal.exists() and wal.stat().st_size > 0 and shm.exists(), "an unclean shutdown"
    before = {path.name: digest(path) for path in (vault, wal, shm)}
    for attempt in ("verkeerd", PASSPHRASE.lower(), OTHER_PASSPHRASE):
        with pytest.raises(WrongPassphrase):
            sessions.unlock(data_dir, Secret(attempt))
        assert not Vault.verify(vault, Secret(attempt))
    assert {path.name: digest(path) for path in (vault, wal, shm)} == before
    reopened = sessions.unlock(data_dir, Secret(PASSPHRASE))
    try:
        stored = {row["id"] for row in reopened.vault.query("SELECT id FROM youth")}
        assert set(written) <= stored, "the right passphrase finds every commit"
    finally:
        reopened.lock()


def test_rekey_keeps_every_row_and_retires_the_old_passphrase(
    session: Session, data_dir: DataDir
) -> None:
    for name in ("Iris", "Noor", "Sem"):
        add_youth(session, name)
    rows_before = session.vault.query("SELECT id, data FROM youth ORDER BY id")
    audit_before = session.vault.scalar("SELECT count(*) FROM audit")
    session.change_passphrase(Secret(PASSPHRASE), Secret(OTHER_PASSPHRASE))
    assert session.vault.pragma("journal_mode") == "wal"
    session.lock()

    with pytest.raises(WrongPassphrase):
        sessions.unlock(data_dir, Secret(PASSPHRASE))
    reopened = sessions.unlock(data_dir, Secret(OTHER_PASSPHRASE))
    assert reopened.vault.query("SELECT id, data FROM youth ORDER BY id") == rows_before
    actions = [
        row["action"] for row in reopened.vault.query("SELECT action FROM audit ORDER BY seq")
    ]
    assert "rekey" in actions[audit_before:]
    reopened.lock()


def test_rekey_refuses_a_wrong_current_or_weak_new_passphrase(session: Session) -> None:
    with pytest.raises(WrongPassphrase):
        session.change_passphrase(Secret("niet de goede"), Secret(OTHER_PASSPHRASE))
    with pytest.raises(sessions.WeakPassphrase):
        session.change_passphrase(Secret(PASSPHRASE), Secret("kort"))
    add_youth(session)  # still open and usable with the old key


def test_pragmas_and_kdf_are_as_specified(session: Session) -> None:
    vault = session.vault
    assert vault.pragma("temp_store") == "2"  # MEMORY
    assert vault.pragma("synchronous") == "2"  # FULL
    assert vault.pragma("journal_mode") == "wal"
    # Off by decision (architecture: Vault): full-disk encryption covers freed pages and swap.
    assert vault.pragma("cipher_memory_security") == "0"
    assert vault.pragma("foreign_keys") == "1"
    assert int(vault.pragma("kdf_iter")) >= 256_000
    assert vault.pragma("cipher_kdf_algorithm") == "PBKDF2_HMAC_SHA512"
    assert vault.pragma("cipher_hmac_algorithm") == "HMAC_SHA512"
    assert vault.pragma("cipher_version").startswith("4.")


def test_passphrase_buffers_are_wiped(data_dir: DataDir, profile) -> None:  # type: ignore[no-untyped-def]
    secret = Secret(PASSPHRASE)
    opened = sessions.create(data_dir, secret, profile)
    assert secret.wiped
    opened.lock()
    again = Secret(PASSPHRASE)
    sessions.unlock(data_dir, again).lock()
    assert again.wiped


def test_one_process_at_a_time(session: Session, data_dir: DataDir) -> None:
    with pytest.raises(VaultInUse):
        Vault.open(data_dir.vault, Secret(PASSPHRASE))
    session.lock()
    Vault.open(data_dir.vault, Secret(PASSPHRASE)).close()


def test_create_never_overwrites_and_open_needs_a_vault(
    session: Session, data_dir: DataDir, tmp_path: Path
) -> None:
    session.lock()
    with pytest.raises(VaultExists):
        Vault.create(data_dir.vault, Secret(PASSPHRASE))
    with pytest.raises(VaultMissing):
        Vault.open(tmp_path / "elders" / "vault.veldwerk", Secret(PASSPHRASE))


def test_schema_is_versioned_and_a_newer_vault_is_refused(
    session: Session, data_dir: DataDir
) -> None:
    latest = max(m.version for m in migrations.discover())
    assert session.vault.schema_version == latest
    applied = [row["name"] for row in session.vault.query("SELECT name FROM schema_migration")]
    assert applied == [m.name for m in migrations.discover()]
    tables = set(session.vault.db.table_names())
    assert {"youth", "signal", "audit", "outbox", "draft", "meta"} <= tables
    session.vault.execute(f"PRAGMA user_version = {latest + 1}")
    session.lock()
    with pytest.raises(VaultTooNew) as caught:
        sessions.unlock(data_dir, Secret(PASSPHRASE))
    assert "nieuwere versie" in caught.value.user_message()


def test_vault_files_are_private(session: Session, data_dir: DataDir) -> None:
    assert data_dir.vault.stat().st_mode & 0o077 == 0
    assert data_dir.root.stat().st_mode & 0o077 == 0


def test_a_step_from_another_branch_is_applied_later(
    session: Session, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Steps merged in any order: a lower-numbered step that arrives later still runs."""
    assert session.vault.schema_version > 5
    session.lock()
    late = migrations.Migration(
        5, "m0005_late_arrival", ("CREATE TABLE late_arrival (x TEXT)",), None
    )
    known = migrations.discover()
    monkeypatch.setattr(
        "desktop.store.vault.discover", lambda: sorted([*known, late], key=lambda m: m.version)
    )
    reopened = sessions.unlock(data_dir, Secret(PASSPHRASE))
    names = {row["name"] for row in reopened.vault.query("SELECT name FROM schema_migration")}
    assert names == {m.name for m in known} | {late.name}
    assert "late_arrival" in reopened.vault.db.table_names()
    assert reopened.vault.schema_version == max(m.version for m in known)
    reopened.lock()
