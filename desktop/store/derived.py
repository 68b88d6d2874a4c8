"""Lookup tables derived from records, kept in the same transaction as the record itself.

Records are stored as JSON; what has to be found quickly by another key (the youths a signal
concerns) gets a small table of its own here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from desktop.models import Group, Signal, Trajectory, Youth
from desktop.models.base import Record
from desktop.store.vault import Vault

Writer = Callable[[Vault, Record], None]
_writers: dict[str, list[Writer]] = {}


def on_write(kind: str) -> Callable[[Writer], Writer]:
    """Register a function that updates derived tables after a record of ``kind`` is written."""

    def register(writer: Writer) -> Writer:
        _writers.setdefault(kind, []).append(writer)
        return writer

    return register


def after_write(vault: Vault, kind: str, record: Record) -> None:
    for writer in _writers.get(kind, ()):
        writer(vault, record)


@on_write(Signal.kind)
def _signal_youths(vault: Vault, record: Record) -> None:
    assert isinstance(record, Signal)
    vault.execute("DELETE FROM signal_youth WHERE signal_id = ?", (str(record.id),))
    for youth_id in record.youth_ids:
        vault.execute(
            "INSERT INTO signal_youth (signal_id, youth_id) VALUES (?, ?)",
            (str(record.id), str(youth_id)),
        )


def youths_of(vault: Vault, record: Record) -> list[uuid.UUID]:
    """The youths a record is about: whose access log an action on it belongs to."""
    if isinstance(record, Youth):
        return [record.id]
    if isinstance(record, Signal):
        return list(record.youth_ids)
    if isinstance(record, Group):
        return [member.youth_id for member in record.members]
    youth_id = getattr(record, "youth_id", None)
    if isinstance(youth_id, uuid.UUID):
        return [youth_id]
    trajectory_id = getattr(record, "trajectory_id", None)
    if isinstance(trajectory_id, uuid.UUID):
        owner = vault.scalar(
            f"SELECT data ->> '$.youth_id' FROM {Trajectory.kind} WHERE id = ?",
            (str(trajectory_id),),
        )
        return [uuid.UUID(owner)] if owner else []
    return []
