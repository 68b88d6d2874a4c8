"""Purging old tombstones and the idempotency memory that goes with them.

Tombstones are kept ``TOMBSTONE_RETENTION_DAYS`` (longer than the longest allowed offline
period); after that they are removed and the municipality remembers the highest purged
sequence number: a device whose cursor is older must resync from scratch. The log of scope
moves is kept as long.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.db_models import Municipality, ProcessedMutation, ScopeMove, StoredRecord
from server.services import audit


def purge(session: Session, retention_days: int, now: datetime) -> int:
    cutoff = now - timedelta(days=retention_days)
    purged = 0
    for municipality in session.execute(select(Municipality).with_for_update()).scalars():
        old = (
            StoredRecord.municipality_id == municipality.id,
            StoredRecord.deleted.is_(True),
            StoredRecord.updated_at < cutoff,
        )
        highest = session.execute(select(func.max(StoredRecord.seq)).where(*old)).scalar()
        if highest is None:
            continue
        count = session.execute(select(func.count()).where(*old)).scalar_one()
        session.execute(delete(StoredRecord).where(*old))
        municipality.purged_seq = max(municipality.purged_seq, int(highest))
        purged += int(count)
    session.execute(delete(ProcessedMutation).where(ProcessedMutation.created_at < cutoff))
    # A device that last compared its scope before the oldest kept move compares all of it.
    session.execute(delete(ScopeMove).where(ScopeMove.created_at < cutoff))
    audit.append(session, audit.Event("purge_tombstones", detail={"purged": purged}), now)
    return purged
