"""Link tables by their parent: deleting a signal or a group (a purge, retention) removes its
link rows through the foreign key, which without these indexes scans the whole link table once
per deleted record (20,000 expired signals: minutes instead of a second). Updating a signal or
a group (its trigger rewrites the links) looks them up the same way."""

from __future__ import annotations

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS signal_youth_signal ON signal_youth(signal_id)",
    "CREATE INDEX IF NOT EXISTS group_member_group ON group_member(group_id)",
]
