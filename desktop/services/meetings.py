"""The early-signalling meeting (vroegsignaleringsoverleg), prepared and recorded by the
regisseur.

A meeting has participants from the directory. Its agenda is proposed by the server (see
meeting_agenda.py: youths with a combination flag or a "bespreken in overleg" follow-up, each
with the participants who may see them) or added by hand. Per youth the regisseur records the
shared picture, the decision and follow-up tasks; the tasks reach their owners. The report
prints per participant with only the youths that participant may see, plus a full version.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.reports.files import write_atomically
from desktop.reports.meeting_document import MeetingReport, ReportItem, ReportTask
from desktop.reports.meeting_pdf import meeting_pdf
from desktop.services.config import configuration
from desktop.services.days import today
from desktop.services.directory import Directory
from desktop.services.session import Session
from desktop.services.tasks import NotRegisseur, Tasks
from desktop.services.validation import prefixed, refused
from desktop.store import youth_queries
from veldwerk_core.i18n import N_, _
from veldwerk_core.models.actor import Role
from veldwerk_core.models.audit import AuditAction
from veldwerk_core.models.errors import FieldError, RecordInvalid, RecordNotFound, VeldwerkError
from veldwerk_core.models.meeting import (
    Decision,
    Meeting,
    MeetingItem,
    MeetingStatus,
    Participant,
)
from veldwerk_core.models.signal import FollowUp
from veldwerk_core.models.task import Task, TaskOrigin, TaskStatus
from veldwerk_core.protocol import AgendaItem

__all__ = [
    "Decision",
    "Exported",
    "Meeting",
    "MeetingItem",
    "Meetings",
    "Participant",
    "PlannedTask",
    "reason_text",
]

FOLLOW_UP = "follow_up"
"""The agenda reason of a youth a signal asks to discuss (not a rule of rules.yaml)."""
EXPORT_PURPOSE = N_("Verslag van het overleg opgeslagen als PDF")


@dataclass(frozen=True)
class PlannedTask:
    """A follow-up task as the regisseur types it during the meeting."""

    title: str
    owner_id: str
    due: date | None
    note: str = ""


@dataclass(frozen=True)
class Exported:
    path: Path
    reader: Participant | None
    """Whose version; None: the regisseur's full version."""
    items: int


def reason_text(reason: str) -> str:
    """An agenda reason as people read it: the rule's name, or the follow-up step."""
    if reason == FOLLOW_UP:
        return FollowUp.EARLY_SIGNALLING_MEETING.label
    rule = configuration().rules.rule(reason)
    return rule.title if rule is not None else reason


class Meetings:
    """Only a regisseur works here (NotRegisseur otherwise), as the server demands."""

    def __init__(self, session: Session) -> None:
        if session.profile.role is not Role.COORDINATOR:
            raise NotRegisseur()
        self._session = session
        self._records = session.records

    # -- the meeting ---------------------------------------------------------------------

    def new(self, title: str, held_on: date | None, participant_ids: Sequence[str]) -> Meeting:
        """A planned meeting with participants from the directory (by user id)."""
        return self._records.create(
            Meeting,
            {
                "title": title,
                "held_on": held_on,
                "participants": self._participants(participant_ids),
            },
        ).record

    def set_participants(self, meeting_id: uuid.UUID, participant_ids: Sequence[str]) -> Meeting:
        self.get(meeting_id)
        people = self._participants(participant_ids)
        return self._records.update(Meeting, meeting_id, {"participants": people}).record

    def mark_held(self, meeting_id: uuid.UUID, notes: str | None = None) -> Meeting:
        self.get(meeting_id)
        changes: dict[str, object] = {"status": MeetingStatus.HELD.value}
        if notes is not None:
            changes["notes"] = notes
        return self._records.update(Meeting, meeting_id, changes).record

    def get(self, meeting_id: uuid.UUID) -> Meeting:
        found = self._records.get(Meeting, meeting_id)
        if found is None:
            raise RecordNotFound()
        return found

    def all(self) -> list[Meeting]:
        """Newest first."""
        return sorted(self._records.select(Meeting), key=lambda m: m.held_on, reverse=True)

    def _participants(self, user_ids: Sequence[str]) -> list[dict[str, object]]:
        directory = Directory(self._session)
        directory.require()
        people = []
        for user_id in dict.fromkeys(user_ids):
            colleague = directory.colleague(user_id)
            if colleague is None:
                raise refused(Meeting, "participants", N_("Kies de deelnemers uit het adresboek."))
            people.append(
                Participant(
                    user_id=colleague.user_id,
                    name=colleague.name,
                    organisation=colleague.organisation,
                    role=colleague.role.label,
                ).model_dump()
            )
        return people

    # -- the agenda ----------------------------------------------------------------------

    def items(self, meeting_id: uuid.UUID) -> list[MeetingItem]:
        found = self._records.select(MeetingItem, "meeting_id = ?", (str(meeting_id),))
        return sorted(found, key=lambda i: (i.position, i.created_at))

    def add_agenda(self, meeting_id: uuid.UUID, agenda: Sequence[AgendaItem]) -> list[MeetingItem]:
        """Put the server's proposal on the agenda: new youths at the end; for youths already
        on it the reasons and who may see them are brought up to date. One transaction."""
        self.get(meeting_id)
        with self._session.vault.transaction():
            present = {item.youth_id: item for item in self.items(meeting_id)}
            position = max((i.position for i in present.values()), default=-1) + 1
            for proposed in agenda:
                fields = {"reasons": proposed.reasons[:20], "seen_by": proposed.seen_by[:50]}
                known = present.get(proposed.youth_id)
                if known is not None:
                    self._records.update(MeetingItem, known.id, fields)
                    continue
                self._records.create(
                    MeetingItem,
                    {
                        "meeting_id": str(meeting_id),
                        "youth_id": str(proposed.youth_id),
                        "position": position,
                        **fields,
                    },
                )
                position += 1
        return self.items(meeting_id)

    def add_youth(self, meeting_id: uuid.UUID, youth_id: uuid.UUID) -> MeetingItem:
        """A youth put on the agenda by hand. Who may see them is not known here, so only the
        full report shows them until the agenda is fetched from the server again."""
        items = self.items(meeting_id)
        if any(item.youth_id == youth_id for item in items):
            raise refused(MeetingItem, "youth_id", N_("Deze jongere staat al op de agenda."))
        return self._records.create(
            MeetingItem,
            {
                "meeting_id": str(meeting_id),
                "youth_id": str(youth_id),
                "position": max((i.position for i in items), default=-1) + 1,
            },
        ).record

    def item(self, item_id: uuid.UUID) -> MeetingItem:
        found = self._records.get(MeetingItem, item_id)
        if found is None:
            raise RecordNotFound()
        return found

    # -- during the meeting --------------------------------------------------------------

    def decide(
        self,
        item_id: uuid.UUID,
        *,
        picture: str | None = None,
        decision: Decision | str | None = None,
        tasks: Sequence[PlannedTask] = (),
    ) -> tuple[MeetingItem, list[Task]]:
        """Record the shared picture, the decision and the follow-up tasks of one youth, in
        one transaction. Errors name their field; a task's as ``tasks.N.field``."""
        item = self.item(item_id)
        changes: dict[str, object] = {}
        if picture is not None:
            changes["picture"] = picture
        if decision is not None:
            changes["decision"] = str(decision)
        with self._session.vault.transaction():
            saved = self._records.update(MeetingItem, item_id, changes).record
            made = self._tasks(item, tasks)
        return saved, made

    def _tasks(self, item: MeetingItem, planned: Sequence[PlannedTask]) -> list[Task]:
        service = Tasks(self._session)
        made: list[Task] = []
        errors: list[FieldError] = []
        for number, plan in enumerate(planned):
            try:
                made.append(
                    service.make(
                        item.youth_id,
                        plan.title,
                        plan.due,
                        # No owner is an error here (Tasks.make would make it the user's).
                        owner_id=plan.owner_id or "-",
                        note=plan.note,
                        origin=TaskOrigin.MEETING,
                        meeting_item_id=item.id,
                    )
                )
            except RecordInvalid as invalid:
                errors += prefixed(f"tasks.{number}.", invalid.errors)
        if errors:
            raise RecordInvalid(MeetingItem.label, errors)
        return made

    # -- the report ----------------------------------------------------------------------

    def report(self, meeting_id: uuid.UUID) -> MeetingReport:
        """The full report (the regisseur's); ``for_reader`` cuts a participant's."""
        meeting = self.get(meeting_id)
        items = self.items(meeting_id)
        day = today(self._session)
        youths = youth_queries.by_ids(self._session.vault, {i.youth_id for i in items})
        tasks = Tasks(self._session)
        shown = []
        for item in items:
            youth = youths.get(item.youth_id)
            shown.append(
                ReportItem(
                    youth_id=item.youth_id,
                    youth=youth.name_with_age(day) if youth else _("Onbekende jongere"),
                    reasons=tuple(reason_text(r) for r in item.reasons),
                    seen_by=frozenset(item.seen_by),
                    picture=item.picture,
                    decision=item.decision.label if item.decision else "",
                    tasks=tuple(
                        ReportTask(t.title, t.owner_name, t.due, t.status is TaskStatus.DONE)
                        for t in tasks.for_meeting_item(item.id)
                    ),
                )
            )
        return MeetingReport(
            title=meeting.title,
            held_on=meeting.held_on,
            status=meeting.status.label,
            participants=tuple(meeting.participants),
            items=tuple(shown),
            printed_on=day,
        )

    def render(self, meeting_id: uuid.UUID, reader: Participant | None = None) -> bytes:
        """The PDF of ``reader``'s version (only what they may see), or the full one."""
        report = self.report(meeting_id)
        return meeting_pdf(report if reader is None else report.for_reader(reader))

    def export(self, meeting_id: uuid.UUID, folder: Path) -> list[Exported]:
        """One PDF per participant and the full version, written into ``folder``. File names
        carry the date and a number, never a name; each file is in the access log with the
        youths it holds."""
        meeting = self.get(meeting_id)
        if not folder.is_dir():
            raise VeldwerkError(N_("De map {folder} bestaat niet."), folder=folder)
        report = self.report(meeting_id)
        stem = f"overleg-{meeting.held_on.isoformat()}"
        versions: list[tuple[str, Participant | None]] = [(f"{stem}-volledig.pdf", None)]
        versions += [
            (f"{stem}-deelnemer-{number:02d}.pdf", person)
            for number, person in enumerate(meeting.participants, start=1)
        ]
        written = []
        for name, reader in versions:
            version = report if reader is None else report.for_reader(reader)
            path = folder / name
            with self._session.vault.transaction():
                self._records.audit(
                    AuditAction.EXPORT,
                    meeting,
                    purpose=EXPORT_PURPOSE,
                    youth_ids=[item.youth_id for item in version.items],
                )
                write_atomically(path, meeting_pdf(version))
            written.append(Exported(path, reader, len(version.items)))
        return written
