"""Light rows for long lists: just what a list shows, read without building whole records.

A list of 100,000 signals shows a hundred at a time and must answer a keystroke in a few
milliseconds; validating full records for every row would take most of that. Selecting a row
opens the full record.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from veldwerk_core.models.validators import age_on, today


@dataclass(frozen=True)
class YouthRow:
    id: uuid.UUID
    first_name: str
    infix: str
    last_name: str
    date_of_birth: date
    wijk: str
    school: str

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.infix, self.last_name) if part)

    def name_with_age(self, on: date | None = None) -> str:
        return f"{self.full_name} ({age_on(self.date_of_birth, on or today())})"


@dataclass(frozen=True)
class SignalRow:
    id: uuid.UUID
    occurred_at: datetime
    category: str
    life_domain: str
    severity: str
    place_kind: str
    wijk: str
    hotspot: str
    platform: str
    description: str
    """The start of the description (as much as a list shows)."""
    youths: tuple[tuple[str, date], ...] = ()
    """The youths it is about: full name and date of birth."""

    def youths_text(self, on: date | None = None) -> str:
        """ "Noor Bakker (15), Daan Visser (14)": a youth is shown with name and age."""
        day = on or today()
        return ", ".join(f"{name} ({age_on(born, day)})" for name, born in self.youths)
