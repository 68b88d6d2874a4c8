"""What the meetings window shows, read on the database worker."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desktop.services.meetings import Meeting, MeetingItem, Meetings, reason_text
from desktop.services.session import Session
from desktop.services.tasks import Task, Tasks
from desktop.services.youths import Youths
from veldwerk_core.i18n import _


@dataclass(frozen=True)
class AgendaRow:
    item: MeetingItem
    youth: str
    """Name and age (the regisseur sees every youth on the agenda)."""
    reasons: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class MeetingView:
    meeting: Meeting
    rows: tuple[AgendaRow, ...]


def meetings(session: Session) -> list[Meeting]:
    return Meetings(session).all()


def load_meeting(session: Session, meeting_id: uuid.UUID) -> MeetingView:
    service = Meetings(session)
    items = service.items(meeting_id)
    youths = Youths(session).by_ids([item.youth_id for item in items])
    tasks = Tasks(session)
    rows = []
    for item in items:
        youth = youths.get(item.youth_id)
        rows.append(
            AgendaRow(
                item,
                youth.name_with_age() if youth else _("Onbekende jongere"),
                ", ".join(reason_text(reason) for reason in item.reasons) or _("zelf toegevoegd"),
                tuple(tasks.for_meeting_item(item.id)),
            )
        )
    return MeetingView(service.get(meeting_id), tuple(rows))
