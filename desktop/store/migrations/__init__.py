"""Schema migrations, versioned with ``PRAGMA user_version``.

Each module ``mNNNN_<name>.py`` in this package is one step; ``NNNN`` is the version it brings
the vault to. A module defines ``STATEMENTS`` (a list of SQL statements) and may define
``upgrade(conn)`` for data changes; both run in the migration's transaction.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

_NAME = re.compile(r"^m(\d{4})_\w+$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: Sequence[str]
    upgrade: Callable[[Any], None] | None


def discover() -> list[Migration]:
    """All migrations in version order; versions must run 1, 2, 3... without gaps."""
    found: list[Migration] = []
    for info in pkgutil.iter_modules(__path__):
        match = _NAME.match(info.name)
        if not match:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.append(
            Migration(
                version=int(match.group(1)),
                name=info.name,
                statements=tuple(getattr(module, "STATEMENTS", ())),
                upgrade=getattr(module, "upgrade", None),
            )
        )
    found.sort(key=lambda migration: migration.version)
    expected = list(range(1, len(found) + 1))
    if [migration.version for migration in found] != expected:
        raise RuntimeError(
            f"migration versions must be 1..n without gaps: {[m.name for m in found]}"
        )
    return found
