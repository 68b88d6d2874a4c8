"""The first schema: settings, one table per record kind, audit log, sync outbox, drafts."""

from __future__ import annotations


def _record_table(name: str, *generated: str, sparse: tuple[str, ...] = ()) -> list[str]:
    """A record table: the record as JSON plus generated columns for what is searched on.

    ``base_version`` is the server version the local copy is based on (0: never synced).
    ``sparse`` columns are mostly empty: their partial index skips empty rows, so a typical
    write touches fewer pages (each page written costs encryption and an HMAC).
    """
    columns = "".join(
        f",\n    {column} TEXT GENERATED ALWAYS AS (data ->> '$.{column}') VIRTUAL"
        for column in (*generated, *sparse)
    )
    statements = [
        f"""CREATE TABLE {name} (
    id TEXT PRIMARY KEY NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    base_version INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL{columns}
) STRICT"""
    ]
    statements += [f"CREATE INDEX {name}_{column} ON {name}({column})" for column in generated]
    statements += [
        f"CREATE INDEX {name}_{column} ON {name}({column}) WHERE {column} IS NOT NULL"
        for column in sparse
    ]
    return statements


STATEMENTS = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT",
    *_record_table("youth"),
    *_record_table("relation", "youth_id", sparse=("related_youth_id",)),
    *_record_table("involvement", "youth_id"),
    *_record_table("youth_group"),
    *_record_table("signal", "occurred_at", sparse=("supersedes_id",)),
    *_record_table("instrument", "key"),
    *_record_table("screening", "youth_id"),
    *_record_table("trajectory", "youth_id"),
    *_record_table("goal", "trajectory_id"),
    *_record_table("agreement", "trajectory_id"),
    *_record_table("evaluation", "trajectory_id"),
    *_record_table("signature", "trajectory_id"),
    # Which youths a signal concerns; kept by triggers (m0002), used for per-youth lookups.
    """CREATE TABLE signal_youth (
    signal_id TEXT NOT NULL REFERENCES signal(id) ON DELETE CASCADE,
    youth_id TEXT NOT NULL,
    PRIMARY KEY (youth_id, signal_id)
) STRICT, WITHOUT ROWID""",
    # Append-only access log; looked up per youth through audit_youth. Few indexes on purpose:
    # every save writes here.
    """CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    record_kind TEXT,
    record_id TEXT,
    data TEXT NOT NULL CHECK (json_valid(data))
) STRICT""",
    """CREATE TABLE audit_youth (
    audit_seq INTEGER NOT NULL REFERENCES audit(seq) ON DELETE CASCADE,
    youth_id TEXT NOT NULL,
    PRIMARY KEY (youth_id, audit_seq)
) STRICT, WITHOUT ROWID""",
    # Changes waiting for the server, uploaded in seq order. A row is removed only after the
    # server acknowledged its mutation.
    """CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,
    mutation_id TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    fields TEXT NOT NULL CHECK (json_valid(fields)),
    base_version INTEGER NOT NULL,
    created_at TEXT NOT NULL
) STRICT""",
    "CREATE INDEX outbox_record ON outbox(record_kind, record_id)",
    """CREATE TABLE draft (
    key TEXT PRIMARY KEY NOT NULL,
    form TEXT NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    updated_at TEXT NOT NULL
) STRICT""",
]
