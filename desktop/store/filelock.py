"""One process at a time per vault: an advisory lock on a side file.

The operating system drops the lock when the process dies, so a crash never leaves the vault
locked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop.store.errors import VaultInUse

if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


class FileLock:
    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def acquire(vault: Path) -> FileLock:
    path = vault.with_name(vault.name + ".lock")
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    if not _try_lock(fd):
        os.close(fd)
        raise VaultInUse()
    return FileLock(fd)
