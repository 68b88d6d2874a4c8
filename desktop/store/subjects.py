"""What a record is about, for the access log.

Lookup tables derived from records (search index, signal-youth links) are kept by triggers in
the migrations, so they stay right whoever writes the record.
"""

from __future__ import annotations

import uuid

from desktop.store.vault import Vault
from veldwerk_core.models import Group, Signal, Trajectory, Youth
from veldwerk_core.models.base import Record


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
