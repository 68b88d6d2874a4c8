"""Ownership (protocol 2): why a record is deleted and which proposal a change answers travel
with the change; a proposal is a conflict row that names who proposed it and whether it is
this user's own (waiting for the owner) or one to this user's organisation (to answer)."""

from __future__ import annotations

STATEMENTS = [
    "ALTER TABLE outbox ADD COLUMN reason TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE outbox ADD COLUMN answers TEXT",
    "ALTER TABLE sync_conflict ADD COLUMN proposed_by TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE sync_conflict ADD COLUMN mine INTEGER NOT NULL DEFAULT 1",
]
