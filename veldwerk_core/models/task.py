"""A task: someone does something about a youth by a date (from a meeting, a combination
rule's next step, or made by hand). While open it gives its owner the youth it is about."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, Self

from pydantic import Field, model_validator

from veldwerk_core.i18n import N_
from veldwerk_core.models.base import DutchDate, Record
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.errors import rule_error
from veldwerk_core.models.links import Grant, Ownership, belongs_to, refers_to


class TaskStatus(Choice):
    OPEN = ("open", N_("Open"))
    DONE = ("done", N_("Gedaan"))


class TaskOrigin(Choice):
    MEETING = ("meeting", N_("Vroegsignaleringsoverleg"))
    RULE = ("rule", N_("Combinatie van signalen"))
    MANUAL = ("manual", N_("Zelf gemaakt"))


class Task(Record):
    kind: ClassVar[str] = "task"
    label: ClassVar[str] = N_("Taak")
    links = (belongs_to("youth_id", "youth"), refers_to("meeting_item_id", "meeting_item"))
    grant = Grant(user="owner_id")
    ownership = Ownership(addressee="owner_id")
    title_field: ClassVar[str | None] = "title"
    scope_inputs: ClassVar[tuple[str, ...]] = ("youth_id", "owner_id", "status")

    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    title: str = Field(min_length=3, max_length=200, title=N_("Wat"))
    owner_id: str = Field(min_length=1, max_length=64, title=N_("Wie"))
    owner_name: str = Field(min_length=1, max_length=150, title=N_("Wie"))
    due: DutchDate = Field(title=N_("Wanneer klaar"))
    status: TaskStatus = Field(default=TaskStatus.OPEN, title=N_("Status"))
    done_on: DutchDate | None = Field(default=None, title=N_("Gedaan op"))
    origin: TaskOrigin = Field(default=TaskOrigin.MANUAL, title=N_("Herkomst"))
    meeting_item_id: uuid.UUID | None = Field(default=None, title=N_("Bespreekpunt"))
    note: str = Field(default="", max_length=2000, title=N_("Toelichting"))

    @model_validator(mode="after")
    def _done(self) -> Self:
        if self.status is TaskStatus.DONE and self.done_on is None:
            raise rule_error(N_("{label} is verplicht als de taak gedaan is."), field="done_on")
        return self

    @classmethod
    def grant_period(cls, data: dict[str, Any]) -> tuple[str, str | None] | None:
        """Open: the owner has the youth it is about; done: no longer through this task."""
        if data.get("status") == TaskStatus.DONE.value:
            return None
        since = str(data.get("created_at", ""))[:10]
        return (since, None) if since else None
