"""Youth search: name columns, a full-text index; signal-youth links kept by triggers.

The full-text index is contentless (it stores no copy of the text, only the index) and lives,
like everything else, inside the encrypted vault. It is kept by ``store/text_index.py`` on
every write: FTS5 inside a trigger runs in a statement savepoint, where it flushes a new index
segment for every row - twenty times slower than a plain statement.
"""

from __future__ import annotations

from typing import Any

from desktop.store import text_index


def _column(table: str, name: str) -> str:
    return (
        f"ALTER TABLE {table} ADD COLUMN {name} TEXT "
        f"GENERATED ALWAYS AS (data ->> '$.{name}') VIRTUAL"
    )


STATEMENTS = [
    _column("youth", "last_name"),
    _column("youth", "first_name"),
    _column("youth", "date_of_birth"),
    # Dutch registers sort on the last name without its prefix ("van der Berg" under B), and
    # people expect "Çelik" next to "Celik": veldwerk_fold (store/search.py) drops case and accents.
    "ALTER TABLE youth ADD COLUMN sort_name TEXT GENERATED ALWAYS AS "
    "(veldwerk_fold(concat_ws(' ', data ->> '$.last_name', data ->> '$.first_name'))) VIRTUAL",
    "CREATE INDEX youth_sort ON youth(sort_name)",
    "CREATE INDEX youth_date_of_birth ON youth(date_of_birth)",
    """CREATE VIRTUAL TABLE youth_fts USING fts5(
    name, bsn, place,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
)""",
    # Which youths a signal concerns.
    "CREATE TRIGGER signal_youth_insert AFTER INSERT ON signal BEGIN "
    "INSERT INTO signal_youth (signal_id, youth_id) "
    "SELECT new.id, value FROM json_each(new.data, '$.youth_ids'); END",
    "CREATE TRIGGER signal_youth_update AFTER UPDATE OF data ON signal BEGIN "
    "DELETE FROM signal_youth WHERE signal_id = old.id; "
    "INSERT INTO signal_youth (signal_id, youth_id) "
    "SELECT new.id, value FROM json_each(new.data, '$.youth_ids'); END",
]


def upgrade(vault: Any) -> None:
    text_index.rebuild(vault, "youth")
