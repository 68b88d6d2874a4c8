"""SQL over the vault's record tables, generated from what the record kinds declare.

Every table holds records as JSON (``data``); a kind's links (veldwerk_core/models/links.py)
say where in that JSON the ids of other records are. The statements take the ids of the
records concerned as a JSON array in the named parameter ``:ids``.
"""

from __future__ import annotations

from functools import cache

from veldwerk_core import kinds
from veldwerk_core.models.links import Link

IDS = "SELECT value FROM json_each(:ids)"


def link_values(link: Link, table: str = "t") -> tuple[str, str]:
    """(FROM addition, value expression) naming the ids ``link`` holds in rows of ``table``."""
    if not link.many:
        return "", f"{table}.data ->> '$.{link.field}'"
    each = f", json_each({table}.data, '$.{link.field}') AS j"
    return each, f"j.value ->> '$.{link.item}'" if link.item else "j.value"


@cache
def youths_mentioned(kind: str) -> str | None:
    """The youths that records of ``kind`` name in any way (one column), or None."""
    itself = f"SELECT t.id FROM {kind} t WHERE t.id IN ({IDS})"
    selects = [itself] if kinds.is_youth(kind) else []
    for link in kinds.youth_links(kind):
        each, value = link_values(link)
        selects.append(f"SELECT {value} FROM {kind} t{each} WHERE t.id IN ({IDS})")
    return " UNION ".join(selects) or None


@cache
def parent_youth(kind: str) -> str | None:
    """The youth of the record a record of ``kind`` is part of (a goal's trajectory's youth),
    by the part's id (``?``), or None when it is no part."""
    link = kinds.belongs(kind)
    if link is None or link.target == kinds.YOUTH:
        return None
    owner = kinds.belongs(link.target)
    if owner is None or owner.target != kinds.YOUTH:
        return None
    # Record tables have a generated column named after each field a part belongs by.
    return f"SELECT p.{owner.field} FROM {link.target} p WHERE p.id = ?"


@cache
def parts(kind: str) -> str | None:
    """(kind, id) of every part of one record of ``kind`` (``:parent``), or None."""
    selects = [
        f"SELECT '{part}', id FROM {part} WHERE {link.field} = :parent"
        for part in kinds.parts_of(kind)
        if (link := kinds.belongs(part)) is not None
    ]
    return " UNION ALL ".join(selects) or None
