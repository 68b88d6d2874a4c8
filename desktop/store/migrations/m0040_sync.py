"""Sync bookkeeping: enrollment and cursor, conflicts, rejected changes, what a refetch saw.

Everything here lives inside the encrypted vault, the device credential included: a copied
laptop disk reveals neither case data nor a way to talk to the server.
"""

from __future__ import annotations

STATEMENTS = [
    # One row once the device is enrolled. ``cursor`` moves in the same transaction as the pulled
    # page it belongs to; ``refetching`` is set while a full pull (cursor 0) re-checks everything
    # the device holds, ``flags_dirty`` while pulled signals still need their rules evaluated.
    """CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    server_url TEXT NOT NULL,
    credential TEXT NOT NULL,
    credential_at TEXT NOT NULL,
    identity TEXT NOT NULL CHECK (json_valid(identity)),
    enrolled_at TEXT NOT NULL,
    cursor INTEGER NOT NULL DEFAULT 0,
    refetching INTEGER NOT NULL DEFAULT 0,
    pulling INTEGER NOT NULL DEFAULT 0,
    flags_dirty INTEGER NOT NULL DEFAULT 0,
    last_success TEXT,
    last_attempt TEXT,
    last_error TEXT,
    last_check TEXT,
    lease_days INTEGER NOT NULL DEFAULT 14,
    config TEXT CHECK (config IS NULL OR json_valid(config)),
    config_at TEXT
) STRICT""",
    # A mutation that was sent once may have reached the server: it must go again unchanged.
    "ALTER TABLE outbox ADD COLUMN sent INTEGER NOT NULL DEFAULT 0",
    # Conflicts of this user. A row appears as soon as a push answers "conflict" (with the
    # device's own copy of the record as ``snapshot``, so an edit of a record deleted on the
    # server is never lost) and is completed by the conflict that arrives through pull.
    """CREATE TABLE sync_conflict (
    id TEXT PRIMARY KEY NOT NULL,
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    reason TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolving', 'resolved')),
    mutation_id TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    server_version INTEGER,
    fields TEXT NOT NULL CHECK (json_valid(fields)),
    snapshot TEXT CHECK (snapshot IS NULL OR json_valid(snapshot)),
    created_at TEXT NOT NULL,
    resolved_at TEXT
) STRICT""",
    "CREATE INDEX sync_conflict_record ON sync_conflict(record_id)",
    "CREATE INDEX sync_conflict_status ON sync_conflict(status, created_at)",
    # Changes the server refused, with its reason; they never block the outbox.
    """CREATE TABLE sync_rejected (
    mutation_id TEXT PRIMARY KEY NOT NULL,
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    op TEXT NOT NULL,
    fields TEXT NOT NULL CHECK (json_valid(fields)),
    base_version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    message TEXT NOT NULL,
    errors TEXT NOT NULL CHECK (json_valid(errors)),
    rejected_at TEXT NOT NULL
) STRICT""",
    "CREATE INDEX sync_rejected_record ON sync_rejected(record_id)",
    # Records a full refetch received; what the device holds beyond them is purged at its end.
    "CREATE TABLE sync_seen (id TEXT PRIMARY KEY NOT NULL) STRICT, WITHOUT ROWID",
]
