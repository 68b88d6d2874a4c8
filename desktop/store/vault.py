"""The encrypted vault: one SQLCipher database per data directory.

Opening keys the connection and reads one page at once: SQLCipher only notices a wrong key at
the first read, and we want that failure before anything could write to the file.

After an unclean shutdown the vault has a ``-wal`` (and ``-shm``) with changes not yet in the
main file. A normal connection opens them at its first read, whatever the key, and closing it
merges them into the main file - so there the key is first checked on the main file alone,
opened immutable (SQLite then touches no side file and writes nothing); a wrong passphrase
leaves every file byte for byte as it was.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import sqlcipher3
import sqlite_utils

from desktop.models.secret import Secret
from desktop.store import deferred_indexes, filelock
from desktop.store.errors import (
    StorageFailure,
    StorageFull,
    VaultExists,
    VaultLocked,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)
from desktop.store.migrations import discover
from desktop.store.search import fold

log = logging.getLogger("veldwerk.store")

# Applied on every open, after the key has been validated.
CONNECTION_PRAGMAS = (
    ("journal_mode", "WAL"),
    ("synchronous", "FULL"),
    ("temp_store", "MEMORY"),
    ("foreign_keys", "ON"),
    ("busy_timeout", "5000"),
)


_SIDE = ("-wal", "-shm", "-journal")


def _erase(path: Path) -> None:
    """Overwrite a file with zeros, flush it to disk and remove it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as handle:
        chunk = b"\0" * (1 << 20)
        left = size
        while left > 0:
            left -= handle.write(chunk[: min(left, len(chunk))])
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def _has_side_files(path: Path) -> bool:
    return any(path.with_name(path.name + side).exists() for side in _SIDE)


def _key_opens_main_file(path: Path, passphrase: Secret) -> bool:
    """Whether the key decrypts the main file's first page (every version of the vault keeps
    it encrypted with the current key), read immutable: no lock, no ``-wal``, no ``-shm``."""
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    connection = sqlcipher3.connect(uri, uri=True, check_same_thread=False)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.set_key(passphrase.buffer)
        connection.execute("PRAGMA user_version").fetchone()
    except sqlcipher3.DatabaseError:
        return False
    finally:
        connection.close()
    return True


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn disk trouble into errors a person can act on; leave bugs as they are."""
    try:
        yield
    except sqlcipher3.OperationalError as exc:
        text = str(exc).lower()
        if "full" in text:
            raise StorageFull() from exc
        if "disk i/o" in text or "readonly" in text or "unable to open" in text:
            raise StorageFailure() from exc
        raise


def configure(connection: sqlcipher3.Connection) -> None:
    """What every unlocked connection needs: the search function and the pragmas."""
    connection.create_function("veldwerk_fold", 1, fold, deterministic=True)
    with translated_errors():
        for name, value in CONNECTION_PRAGMAS:
            connection.execute(f"PRAGMA {name} = {value}").fetchall()


class Vault:
    """An open, unlocked vault. Use from one thread only (the database worker)."""

    def __init__(self, path: Path, connection: Any, lock: filelock.FileLock) -> None:
        self.path = path
        self._connection: Any = connection
        self._lock = lock
        self._depth = 0
        self._thread = threading.get_ident()
        self.db = sqlite_utils.Database(connection)

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, passphrase: Secret) -> Vault:
        """Create a new, empty vault at ``path``; never overwrites an existing one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.acquire(path)
        try:
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                raise VaultExists() from None
            os.close(fd)
            vault = cls._connect(path, passphrase, lock)
        except BaseException:
            lock.release()
            raise
        log.info("vault created")
        return vault

    @classmethod
    def open(cls, path: Path, passphrase: Secret) -> Vault:
        """Open and unlock the vault; a wrong passphrase leaves the file untouched."""
        if not path.exists() or path.stat().st_size == 0:
            raise VaultMissing()
        lock = filelock.acquire(path)
        try:
            return cls._connect(path, passphrase, lock)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _connect(cls, path: Path, passphrase: Secret, lock: filelock.FileLock) -> Vault:
        if _has_side_files(path) and not _key_opens_main_file(path, passphrase):
            raise WrongPassphrase()
        connection = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA cipher_log_level = NONE")
            # OFF (SQLCipher's own default since 4.5.0): ON costs two system calls per SQLite
            # allocation, process-wide. Freed pages and swap are the job of full-disk
            # encryption, which laptops must have (docs/security.md).
            connection.execute("PRAGMA cipher_memory_security = OFF")
            connection.set_key(passphrase.buffer)
            try:
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlcipher3.DatabaseError:
                raise WrongPassphrase() from None
            configure(connection)
            vault = cls(path, connection, lock)
            deferred_indexes.restore(vault)  # a first sync that was killed left them out
            vault._migrate()
        except BaseException:
            connection.close()
            raise
        return vault

    @staticmethod
    def verify(path: Path, passphrase: Secret) -> bool:
        """Whether ``passphrase`` opens the vault, checked beside an open connection without
        touching any of the vault's files."""
        return _key_opens_main_file(path, passphrase)

    def close(self) -> None:
        """Close the connection; SQLCipher wipes the key material it holds."""
        if self._connection is None:
            return
        with suppress(sqlcipher3.Error):
            self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        self._connection.close()
        self._connection = None
        self._lock.release()
        log.info("vault closed")

    def destroy(self) -> None:
        """Close and erase the vault and its side files (a revoked device wipes itself).

        The files are overwritten before they are unlinked, while this process still holds
        the vault's lock, so no other instance can open a half-erased vault.
        """
        if self._connection is not None:
            with suppress(sqlcipher3.Error):
                self._connection.close()
            self._connection = None
        try:
            for path in (self.path, *(self.path.with_name(self.path.name + s) for s in _SIDE)):
                _erase(path)
        finally:
            self._lock.release()
            with suppress(FileNotFoundError):
                self.path.with_name(self.path.name + ".lock").unlink()
        log.info("vault wiped")

    @property
    def is_open(self) -> bool:
        return self._connection is not None

    # -- using ---------------------------------------------------------------------------

    @property
    def connection(self) -> Any:
        if self._connection is None:
            raise VaultLocked()
        if threading.get_ident() != self._thread:
            raise RuntimeError("the vault is used from a thread other than the one that opened it")
        return self._connection

    def execute(self, sql: str, parameters: Any = ()) -> Any:
        with translated_errors():
            return self.connection.execute(sql, parameters)

    def executemany(self, sql: str, rows: Any) -> Any:
        with translated_errors():
            return self.connection.executemany(sql, rows)

    def query(self, sql: str, parameters: Any = ()) -> list[dict[str, Any]]:
        self.connection  # noqa: B018 - checks the vault is open and on the right thread
        with translated_errors():
            return list(self.db.query(sql, parameters))

    def scalar(self, sql: str, parameters: Any = ()) -> Any:
        row = self.execute(sql, parameters).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested uses join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
            self.execute("COMMIT")
        except BaseException:
            if self._connection is not None and self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    def pragma(self, name: str) -> str:
        value = self.scalar(f"PRAGMA {name}")
        return "" if value is None else str(value)

    def rekey(self, passphrase: Secret) -> None:
        """Re-encrypt every page with a new passphrase."""
        connection = self.connection
        with translated_errors():
            # SQLCipher re-encrypts in rollback-journal mode; WAL is restored afterwards.
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            connection.execute("PRAGMA journal_mode = DELETE").fetchall()
            connection.reset_key(passphrase.buffer)
            connection.execute("PRAGMA journal_mode = WAL").fetchall()
        log.info("vault rekeyed")

    # -- schema --------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def _migrate(self) -> None:
        migrations = discover()
        with self.transaction():
            fresh = not self.scalar(
                "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migration'"
            )
            self.execute(
                "CREATE TABLE IF NOT EXISTS schema_migration "
                "(name TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL) STRICT"
            )
            if fresh:  # vaults from before this table: steps up to user_version were applied
                for migration in migrations:
                    if migration.version <= self.schema_version:
                        self.execute(
                            "INSERT INTO schema_migration VALUES (?, datetime('now'))",
                            (migration.name,),
                        )
        applied = {row[0] for row in self.execute("SELECT name FROM schema_migration")}
        unknown = applied - {migration.name for migration in migrations}
        if unknown or self.schema_version > max((m.version for m in migrations), default=0):
            raise VaultTooNew(found=self.schema_version, known=migrations[-1].version)
        for migration in migrations:
            if migration.name in applied:
                continue
            with self.transaction():
                for statement in migration.statements:
                    self.execute(statement)
                if migration.upgrade is not None:
                    migration.upgrade(self)
                self.execute(
                    "INSERT INTO schema_migration (name, applied_at) VALUES (?, datetime('now'))",
                    (migration.name,),
                )
                version = max(self.schema_version, migration.version)
                self.execute(f"PRAGMA user_version = {version}")
            log.info("vault schema step %s applied", migration.name)
