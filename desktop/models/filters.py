"""What a list shows: the filters of the youth, signal and group lists (plain data)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class YouthFilter:
    text: str = ""
    wijk: str | None = None
    flagged_only: bool = False


@dataclass(frozen=True)
class SignalFilter:
    text: str = ""
    wijk: str | None = None
    category: str | None = None
    life_domain: str | None = None
    severity: str | None = None
    since: datetime | None = None
    """Inclusive lower bound (UTC)."""
    until: datetime | None = None
    """Exclusive upper bound (UTC)."""
    youth_id: uuid.UUID | None = None
    group_id: uuid.UUID | None = None
    current_only: bool = True
    """Leave out versions that a correction replaced."""


@dataclass(frozen=True)
class GroupFilter:
    text: str = ""
    wijk: str | None = None
