"""Signed plan versions, and lookups the trajectory worklist and timeline use."""

from __future__ import annotations

from desktop.store.migrations.m0001_core import _record_table

STATEMENTS = [
    *_record_table("plan_version", "trajectory_id"),
    "CREATE UNIQUE INDEX plan_version_number ON plan_version("
    "trajectory_id, CAST(data ->> '$.version' AS INTEGER))",
    "ALTER TABLE signature ADD COLUMN plan_version INTEGER "
    "GENERATED ALWAYS AS (CAST(data ->> '$.plan_version' AS INTEGER)) VIRTUAL",
    "CREATE INDEX signature_version ON signature(trajectory_id, plan_version)",
    "ALTER TABLE trajectory ADD COLUMN status TEXT "
    "GENERATED ALWAYS AS (data ->> '$.status') VIRTUAL",
    "CREATE INDEX trajectory_status ON trajectory(status)",
]
