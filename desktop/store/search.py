"""Full-text search inside the vault (SQLite FTS5): turning what a person types into a query."""

from __future__ import annotations

import re

from veldwerk_core.text import fold

__all__ = ["fold", "prefix_query"]

_TOKEN = re.compile(r"\w+", re.UNICODE)


def prefix_query(text: str, *, min_length: int = 1) -> str | None:
    """Every typed word as a prefix, all required: ``"daan" ber`` -> ``"daan"* AND "ber"*``.

    Words are quoted, so FTS5 operators a person types (AND, NEAR, quotes, *) are plain text.
    BSNs typed with separators (``1112.22.333``) are joined first. Words shorter than
    ``min_length`` are left out (an index without one-letter prefixes would have to scan every
    word). None when nothing searchable was typed.
    """
    compact = re.sub(r"(?<=\d)[ .-](?=\d)", "", text)
    tokens = [fold(token) for token in _TOKEN.findall(compact)]
    tokens = [token for token in tokens if len(token) >= min_length]
    if not tokens:
        return None
    return " AND ".join(f'"{token}"*' for token in tokens)
