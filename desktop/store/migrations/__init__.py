"""Schema migrations.

Each module ``mNNNN_<name>.py`` in this package is one step, applied in number order, each in
its own transaction. A module defines ``STATEMENTS`` (a list of SQL statements) and may define
``upgrade(vault)`` for data changes. The vault remembers which steps it has (table
``schema_migration``), so steps made on parallel branches apply in any merge order; numbers are
unique but need not be contiguous. ``PRAGMA user_version`` holds the highest step applied.

Number blocks per area keep parallel work apart: 1-9 core, 10-19 youths/signals/groups,
20-29 screenings, 30-39 trajectories, 40-49 sync, 50-59 working together, 60-69 privacy
(audit upload, retention), 70-79 monitoring.
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
    versions = [migration.version for migration in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a number: {[m.name for m in found]}")
    return found
