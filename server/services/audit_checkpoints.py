"""Signed checkpoints of the audit chain, written outside the database.

The keyed chain (services/audit.py) stops anyone without the key from rewriting entries, but
someone who can write the database can still cut off its tail and move the head back: what
is left verifies. A checkpoint - the chain's last number, its number of entries and its head
hash at a moment, signed with the audit key - is appended to a file an administrator can
archive or ship elsewhere (and is logged as a line too). ``audit verify`` then requires the
chain to match or extend every checkpoint: an entry a checkpoint vouched for that is gone, or
has another hash, or a different number of entries up to it, is reported.

One JSON object per line: ``{"at", "seq", "count", "head", "key_id", "sig"}``; ``sig`` is the
HMAC-SHA256 of the other fields' canonical JSON, with a prefix no chain link can have.
Writers take the chain head's row lock (so the line describes a committed chain that no
chainer is extending) and an exclusive lock on the file while appending.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.core.audit_keys import AuditKeys
from server.db_models import AuditEntry, AuditHead

try:  # not on Windows, where one server process writes anyway
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("veldwerk.server.audit")
PREFIX = b"veldwerk audit checkpoint\n"
FIELDS = ("at", "seq", "count", "head", "key_id", "sig")


@dataclass(frozen=True)
class Policy:
    """Where the server writes its checkpoints, and how often (settings)."""

    path: Path
    minutes: float = 10
    entries: int = 10_000


@dataclass(frozen=True)
class Checkpoint:
    at: str
    seq: int
    count: int
    head: str
    key_id: str
    sig: str = ""

    def message(self) -> bytes:
        fields = {key: value for key, value in asdict(self).items() if key != "sig"}
        return PREFIX + json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))


def sign(keys: AuditKeys, at: datetime, seq: int, count: int, head: str) -> Checkpoint:
    unsigned = Checkpoint(
        at=at.astimezone(UTC).isoformat(timespec="seconds"),
        seq=seq,
        count=count,
        head=head,
        key_id=keys.current,
    )
    return Checkpoint(**{**asdict(unsigned), "sig": keys.mac(keys.current, unsigned.message())})


def parse(text: str) -> Checkpoint:
    """A line as written (ValueError if it is not one); its signature is not checked here."""
    data: Any = json.loads(text)
    if not isinstance(data, dict) or sorted(data) != sorted(FIELDS):
        raise ValueError("not a checkpoint")
    checkpoint = Checkpoint(**data)
    numbers = (checkpoint.seq, checkpoint.count)
    if not all(type(n) is int and n >= 0 for n in numbers):
        raise ValueError("not a checkpoint")
    if not all(
        isinstance(getattr(checkpoint, name), str)
        for name in FIELDS
        if name not in ("seq", "count")
    ):
        raise ValueError("not a checkpoint")
    return checkpoint


def genuine(keys: AuditKeys, checkpoint: Checkpoint) -> bool:
    return keys.matches(checkpoint.key_id, checkpoint.message(), checkpoint.sig)


def read(path: Path) -> Iterator[tuple[int, Checkpoint | None]]:
    """``(line number, checkpoint)`` per non-empty line; None for a line that is not one."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                yield number, parse(text)
            except (ValueError, TypeError):
                yield number, None


def _last(handle: IO[str]) -> Checkpoint | None:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - 4096))
    lines = [line for line in handle.read().splitlines() if line.strip()]
    try:
        return parse(lines[-1]) if lines else None
    except (ValueError, TypeError):
        return None


def write(
    session: Session, keys: AuditKeys, path: Path, *, only_if_advanced: bool = False
) -> Checkpoint | None:
    """Append a signed checkpoint of the committed chain; with ``only_if_advanced`` only if
    the chain has moved on since the file's last checkpoint. Call it in a transaction of
    its own: it holds the head's lock until that commits."""
    head = session.execute(
        select(AuditHead)
        .where(AuditHead.id == 1)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    if only_if_advanced and head.seq == 0:
        return None
    count = session.execute(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.seq <= head.seq)
    ).scalar_one()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o640)
    with os.fdopen(descriptor, "r+", encoding="utf-8") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        last = _last(handle)
        if only_if_advanced and last is not None and last.seq >= head.seq:
            return None
        checkpoint = sign(keys, datetime.now(UTC), head.seq, count, head.hash)
        handle.write(checkpoint.line() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    log.info("audit checkpoint %s", checkpoint.line())
    return checkpoint
