"""What a printed early-signalling meeting report is made of, and what each reader may see.

The report is plain data, worded already (names with ages, decision labels). A participant's
version is made by :meth:`MeetingReport.for_reader` *before* anything is laid out: it holds
only the items whose youth that participant may see (``MeetingItem.seen_by``), so nothing
else can reach their PDF by mistake.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from veldwerk_core.models.meeting import Participant


@dataclass(frozen=True)
class ReportTask:
    title: str
    owner: str
    due: date
    done: bool


@dataclass(frozen=True)
class ReportItem:
    youth_id: uuid.UUID
    youth: str
    """Name and age, as a youth is always shown."""
    reasons: tuple[str, ...]
    seen_by: frozenset[str]
    """User ids of the participants who may see this youth."""
    picture: str
    decision: str
    """The decision's label, empty while none was taken."""
    tasks: tuple[ReportTask, ...]


@dataclass(frozen=True)
class MeetingReport:
    title: str
    held_on: date
    status: str
    participants: tuple[Participant, ...]
    items: tuple[ReportItem, ...]
    printed_on: date
    reader: Participant | None = None
    """Whose version this is; None: the regisseur's full version."""

    def for_reader(self, participant: Participant) -> MeetingReport:
        """The participant's version: only the items whose youth they may see (a participant
        without an account sees none)."""
        user = participant.user_id
        allowed = tuple(item for item in self.items if user is not None and user in item.seen_by)
        return replace(self, items=allowed, reader=participant)
