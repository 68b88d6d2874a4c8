"""Youth search: name columns, full-text index kept by triggers; signal links by trigger.

The full-text index is contentless (it stores no copy of the text, only the index) and lives,
like everything else, inside the encrypted vault. Triggers keep it and the signal-youth links
in step with every insert, update and delete, whoever makes them (write path, sync, purge).
"""

from __future__ import annotations

_NAME = (
    "trim(concat_ws(' ', {t}.data ->> '$.first_name', nullif({t}.data ->> '$.infix', ''), "
    "{t}.data ->> '$.last_name'))"
)
_PLACE = "concat_ws(' ', {t}.data ->> '$.wijk', {t}.data ->> '$.school')"


def _fts_row(t: str) -> str:
    return (
        f"INSERT INTO youth_fts (rowid, name, bsn, place) VALUES ({t}.rowid, "
        f"{_NAME.format(t=t)}, coalesce({t}.data ->> '$.bsn', ''), {_PLACE.format(t=t)});"
    )


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
    f"CREATE TRIGGER youth_fts_insert AFTER INSERT ON youth BEGIN {_fts_row('new')} END",
    "CREATE TRIGGER youth_fts_update AFTER UPDATE OF data ON youth BEGIN "
    f"DELETE FROM youth_fts WHERE rowid = old.rowid; {_fts_row('new')} END",
    "CREATE TRIGGER youth_fts_delete AFTER DELETE ON youth BEGIN "
    "DELETE FROM youth_fts WHERE rowid = old.rowid; END",
    "INSERT INTO youth_fts (rowid, name, bsn, place) "
    f"SELECT youth.rowid, {_NAME.format(t='youth')}, "
    f"coalesce(youth.data ->> '$.bsn', ''), {_PLACE.format(t='youth')} FROM youth",
    # Which youths a signal concerns.
    "CREATE TRIGGER signal_youth_insert AFTER INSERT ON signal BEGIN "
    "INSERT INTO signal_youth (signal_id, youth_id) "
    "SELECT new.id, value FROM json_each(new.data, '$.youth_ids'); END",
    "CREATE TRIGGER signal_youth_update AFTER UPDATE OF data ON signal BEGIN "
    "DELETE FROM signal_youth WHERE signal_id = old.id; "
    "INSERT INTO signal_youth (signal_id, youth_id) "
    "SELECT new.id, value FROM json_each(new.data, '$.youth_ids'); END",
]
