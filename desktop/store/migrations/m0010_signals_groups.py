"""Signals and groups: filter columns, full-text indexes, group membership links, rule flags."""

from __future__ import annotations

from typing import Any

from desktop.store import text_index


def _column(table: str, name: str, path: str) -> str:
    return (
        f"ALTER TABLE {table} ADD COLUMN {name} TEXT "
        f"GENERATED ALWAYS AS (data ->> '$.{path}') VIRTUAL"
    )


_FTS = "content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'"

STATEMENTS = [
    # Signals: what the list filters on. ``occurred`` is the UTC time in one fixed format, so
    # text order is time order (pydantic omits zero microseconds).
    "ALTER TABLE signal ADD COLUMN occurred TEXT GENERATED ALWAYS AS "
    "(strftime('%Y-%m-%dT%H:%M:%f', data ->> '$.occurred_at')) VIRTUAL",
    _column("signal", "category", "category"),
    _column("signal", "life_domain", "life_domain"),
    _column("signal", "severity", "severity"),
    _column("signal", "wijk", "place.wijk"),
    _column("signal", "group_id", "group_id"),
    "CREATE INDEX signal_occurred ON signal(occurred)",
    "CREATE INDEX signal_category ON signal(category, occurred)",
    "CREATE INDEX signal_group ON signal(group_id) WHERE group_id IS NOT NULL",
    f"CREATE VIRTUAL TABLE signal_fts USING fts5(description, place, people, {_FTS}, "
    "prefix = '2 3')",
    # Youths: the wijk filter.
    _column("youth", "wijk", "wijk"),
    "CREATE INDEX youth_wijk ON youth(wijk, sort_name)",
    # Groups: search, and which groups a youth is in.
    _column("youth_group", "name", "name"),
    f"CREATE VIRTUAL TABLE group_fts USING fts5(name, wijk, locations, {_FTS}, prefix = '2 3')",
    """CREATE TABLE group_member (
    group_id TEXT NOT NULL REFERENCES youth_group(id) ON DELETE CASCADE,
    youth_id TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (youth_id, group_id)
) STRICT, WITHOUT ROWID""",
    "CREATE TRIGGER group_member_insert AFTER INSERT ON youth_group BEGIN "
    "INSERT INTO group_member (group_id, youth_id, role) SELECT new.id, value ->> '$.youth_id', "
    "coalesce(value ->> '$.role', '') FROM json_each(new.data, '$.members'); END",
    "CREATE TRIGGER group_member_update AFTER UPDATE OF data ON youth_group BEGIN "
    "DELETE FROM group_member WHERE group_id = old.id; "
    "INSERT INTO group_member (group_id, youth_id, role) SELECT new.id, value ->> '$.youth_id', "
    "coalesce(value ->> '$.role', '') FROM json_each(new.data, '$.members'); END",
    "INSERT INTO group_member (group_id, youth_id, role) SELECT youth_group.id, "
    "value ->> '$.youth_id', coalesce(value ->> '$.role', '') "
    "FROM youth_group, json_each(youth_group.data, '$.members')",
    # Combination rules that hold for a youth: derived locally from signals, never synced.
    """CREATE TABLE flag (
    youth_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    signal_ids TEXT NOT NULL CHECK (json_valid(signal_ids)),
    related_youth_ids TEXT NOT NULL CHECK (json_valid(related_youth_ids)),
    flagged_at TEXT NOT NULL,
    PRIMARY KEY (youth_id, rule_id)
) STRICT""",
    "CREATE TRIGGER flag_youth_delete AFTER DELETE ON youth BEGIN "
    "DELETE FROM flag WHERE youth_id = old.id; END",
]


def upgrade(vault: Any) -> None:
    text_index.rebuild(vault, "signal")
    text_index.rebuild(vault, "youth_group")
