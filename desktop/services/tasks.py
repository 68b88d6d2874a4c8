"""Tasks: someone does something about a youth by a date.

A task comes from an early-signalling meeting, a combination rule's next step, or is made by
hand. While open it gives its owner the youth (at their next sync); it reaches their task list
and worklist. The regisseur sees every task, done or overdue.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.services import worklist
from desktop.services.days import today
from desktop.services.directory import Directory
from desktop.services.session import Session
from desktop.services.validation import refused
from desktop.services.worklist import Urgency, WorkItem
from desktop.store import youth_queries
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import Youth
from veldwerk_core.models.actor import Role
from veldwerk_core.models.errors import ChangeRefused, RecordNotFound, VeldwerkError
from veldwerk_core.models.task import Task, TaskOrigin, TaskStatus

__all__ = ["NotRegisseur", "Task", "TaskOrigin", "TaskRow", "TaskStatus", "Tasks"]

DUE_WITHIN = timedelta(days=7)
"""Open tasks due within this time are on the worklist."""


class NotRegisseur(VeldwerkError):
    message = N_("Dit kan alleen een proces- of netwerkregisseur.")


@dataclass(frozen=True)
class TaskRow:
    task: Task
    youth: Youth | None
    """None when the youth is not (or no longer) in this vault."""
    overdue: bool

    @property
    def done(self) -> bool:
        return self.task.status is TaskStatus.DONE


class Tasks:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    def make(
        self,
        youth_id: uuid.UUID,
        title: str,
        due: date | None,
        *,
        owner_id: str | None = None,
        note: str = "",
        origin: TaskOrigin = TaskOrigin.MANUAL,
        meeting_item_id: uuid.UUID | None = None,
    ) -> Task:
        """A task for a colleague from the directory (``owner_id``) or, without one, for the
        user themself."""
        return self._records.create(
            Task, self._data(youth_id, title, due, owner_id, note, origin, meeting_item_id)
        ).record

    def _data(
        self,
        youth_id: uuid.UUID,
        title: str,
        due: date | None,
        owner_id: str | None,
        note: str = "",
        origin: TaskOrigin = TaskOrigin.MANUAL,
        meeting_item_id: uuid.UUID | None = None,
    ) -> dict[str, object]:
        """A new task's fields, its owner looked up; raises RecordInvalid at ``owner_id``
        for someone the directory does not know."""
        if self._records.get(Youth, youth_id) is None:
            raise refused(Task, "youth_id", N_("Deze jongere staat niet in je kluis."))
        me = self._session.actor
        if owner_id is None or owner_id == me.user_id:
            owner_id, owner_name = me.user_id, self._session.profile.name
        else:
            colleague = Directory(self._session).colleague(owner_id)
            if colleague is None:
                raise refused(Task, "owner_id", N_("Kies een collega uit het adresboek."))
            owner_name = colleague.name
        return {
            "youth_id": str(youth_id),
            "title": title,
            "owner_id": owner_id,
            "owner_name": owner_name,
            "due": due,
            "note": note,
            "origin": origin.value,
            "meeting_item_id": str(meeting_item_id) if meeting_item_id else None,
        }

    def done(self, task_id: uuid.UUID, on: date | None = None) -> Task:
        """Mark the task done (today unless ``on``); its owner keeps the youth only through
        other involvement."""
        task = self.get(task_id)
        if task.status is TaskStatus.DONE:
            raise ChangeRefused(N_("Deze taak is al gedaan."))
        day = on or today(self._session)
        changes = {"status": TaskStatus.DONE.value, "done_on": day.isoformat()}
        return self._records.update(Task, task_id, changes).record

    # -- reading -------------------------------------------------------------------------

    def get(self, task_id: uuid.UUID) -> Task:
        found = self._records.get(Task, task_id)
        if found is None:
            raise RecordNotFound()
        return found

    def mine(self, *, include_done: bool = False) -> list[TaskRow]:
        """The user's tasks: open ones first, overdue and soonest due first."""
        found = self._records.select(
            Task, "data ->> '$.owner_id' = ?", (self._session.actor.user_id,)
        )
        return self._rows(t for t in found if include_done or t.status is TaskStatus.OPEN)

    def for_youth(self, youth_id: uuid.UUID) -> list[TaskRow]:
        return self._rows(self._records.select(Task, "youth_id = ?", (str(youth_id),)))

    def for_meeting_item(self, item_id: uuid.UUID) -> list[Task]:
        found = self._records.select(Task, "data ->> '$.meeting_item_id' = ?", (str(item_id),))
        return sorted(found, key=lambda t: (t.due, t.created_at))

    def overview(self) -> list[TaskRow]:
        """For the regisseur: every task in the vault, open (overdue first) before done."""
        if self._session.profile.role is not Role.COORDINATOR:
            raise NotRegisseur()
        return self._rows(self._records.select(Task))

    def _rows(self, tasks: Iterable[Task]) -> list[TaskRow]:
        found = list(tasks)
        day = today(self._session)
        youths = youth_queries.by_ids(self._session.vault, {t.youth_id for t in found})
        rows = [
            TaskRow(t, youths.get(t.youth_id), t.status is TaskStatus.OPEN and t.due < day)
            for t in found
        ]
        rows.sort(key=lambda r: (r.done, not r.overdue, r.task.due, r.task.title))
        return rows


@worklist.provider
def tasks_due(session: Session, day: date) -> list[WorkItem]:
    items = []
    for row in Tasks(session).mine():
        if row.task.due > day + DUE_WITHIN:
            continue
        items.append(
            WorkItem(
                category=_("Taken"),
                title=row.youth.name_with_age(day) if row.youth else _("Onbekende jongere"),
                detail=row.task.title,
                target_kind=Task.kind,
                target_id=row.task.id,
                due=row.task.due,
                urgency=Urgency.OVERDUE if row.overdue else Urgency.SOON,
            )
        )
    return items


RECENTLY_DONE = timedelta(days=7)


@worklist.provider
def tasks_of_others(session: Session, day: date) -> list[WorkItem]:
    """For the regisseur: others' tasks that are overdue, and those done this past week."""
    if session.profile.role is not Role.COORDINATOR:
        return []
    items = []
    for row in Tasks(session).overview():
        task = row.task
        if task.owner_id == session.actor.user_id:
            continue  # the regisseur's own tasks are under "Taken"
        if row.overdue:
            category, urgency = _("Taken van anderen: te laat"), Urgency.OVERDUE
        elif row.done and task.done_on is not None and task.done_on >= day - RECENTLY_DONE:
            category, urgency = _("Taken van anderen: gedaan"), Urgency.NORMAL
        else:
            continue
        items.append(
            WorkItem(
                category=category,
                title=row.youth.name_with_age(day) if row.youth else _("Onbekende jongere"),
                detail=_("{title} ({owner})", title=task.title, owner=task.owner_name),
                target_kind=Task.kind,
                target_id=task.id,
                due=task.due,
                urgency=urgency,
            )
        )
    return items
