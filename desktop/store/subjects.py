"""What a record is about, for the access log.

Lookup tables derived from records (search index, signal-youth links) are kept by triggers in
the migrations, so they stay right whoever writes the record.
"""

from __future__ import annotations

import uuid

from desktop.store import kind_sql
from desktop.store.vault import Vault
from veldwerk_core import kinds
from veldwerk_core.models.base import Record


def youths_of(vault: Vault, record: Record) -> list[uuid.UUID]:
    """The youths a record is about: whose access log an action on it belongs to."""
    fields = {link.field: getattr(record, link.field) for link in record.links}
    data = {**fields, "id": record.id}
    named = kinds.youths_named(record.kind, data)
    sql = kind_sql.parent_youth(record.kind)
    link = kinds.belongs(record.kind)
    if not named and sql is not None and link is not None and link.ids(data):
        owner = vault.scalar(sql, (link.ids(data)[0],))
        named = [owner] if owner else []
    return [uuid.UUID(str(youth)) for youth in named]
