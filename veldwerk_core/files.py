"""Writing a file where the person chose, whole or not at all (exports of the app, reports
of the server's command)."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a hidden file beside it, then rename it into place.

    The partial file lives only in the folder the user chose (never in a temp folder), has a
    random name without personal data, and is removed if anything fails: a reader sees the
    old file or the complete new one, never half a plan.
    """
    path = Path(path)
    partial = path.with_name(f".{secrets.token_hex(8)}.part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    if os.name == "posix":
        with contextlib.suppress(OSError):
            directory = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
