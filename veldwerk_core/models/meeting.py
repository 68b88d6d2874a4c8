"""The early-signalling meeting (vroegsignaleringsoverleg) the regisseur prepares and records.

The agenda is proposed from youths with a combination flag or a "bespreken in overleg"
follow-up step; per youth the regisseur records the shared picture in a few lines, the
decision and follow-up tasks (records of their own, see task.py). Meetings are the regisseurs'
records; participants receive the report (only what each may see) and their tasks.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from veldwerk_core.i18n import N_
from veldwerk_core.models.actor import Role
from veldwerk_core.models.base import DutchDate, Record
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.links import Ownership, Retention, Term, Visibility, belongs_to, refers_to

REGISSEURS = frozenset({Role.COORDINATOR})


class MeetingStatus(Choice):
    PLANNED = ("planned", N_("Gepland"))
    HELD = ("held", N_("Gehouden"))


class Participant(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    user_id: str | None = Field(default=None, max_length=64, title=N_("Gebruiker"))
    name: str = Field(min_length=1, max_length=150, title=N_("Naam"))
    organisation: str = Field(default="", max_length=150, title=N_("Organisatie"))
    role: str = Field(default="", max_length=100, title=N_("Rol"))


class Meeting(Record):
    kind: ClassVar[str] = "meeting"
    retention = Retention(Term.MEETINGS, start="held_on")
    label: ClassVar[str] = N_("Vroegsignaleringsoverleg")
    visibility: ClassVar[Visibility] = Visibility.COORDINATORS
    ownership = Ownership(writers=REGISSEURS)
    title_field: ClassVar[str | None] = "title"

    title: str = Field(min_length=1, max_length=150, title=N_("Titel"))
    held_on: DutchDate = Field(title=N_("Datum"))
    participants: list[Participant] = Field(
        default_factory=list, max_length=50, title=N_("Deelnemers")
    )
    status: MeetingStatus = Field(default=MeetingStatus.PLANNED, title=N_("Status"))
    notes: str = Field(default="", max_length=4000, title=N_("Notities"))


class Decision(Choice):
    NO_ACTION = ("no_action", N_("Geen actie"))
    WATCH = ("watch", N_("Vinger aan de pols"))
    PERSON_APPROACH = ("person_approach", N_("Persoonsgerichte aanpak of coachingstraject"))
    REFERRAL = ("referral", N_("Doorverwijzing"))
    MELDCODE = ("meldcode", N_("Stap in de meldcode"))
    GROUP_APPROACH = ("group_approach", N_("Groepsaanpak"))


class MeetingItem(Record):
    """One youth on the agenda: why, who of the participants may see them, what was decided."""

    kind: ClassVar[str] = "meeting_item"
    label: ClassVar[str] = N_("Bespreekpunt")
    links = (belongs_to("meeting_id", "meeting"), refers_to("youth_id", "youth"))
    visibility: ClassVar[Visibility] = Visibility.WITH_PARENT
    ownership = Ownership(of_parent=True)

    meeting_id: uuid.UUID = Field(title=N_("Overleg"))
    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    reasons: list[str] = Field(default_factory=list, max_length=20, title=N_("Waarom op de agenda"))
    seen_by: list[str] = Field(
        default_factory=list,
        max_length=50,
        title=N_("Deelnemers die de jongere mogen zien"),
    )
    picture: str = Field(default="", max_length=2000, title=N_("Gedeeld beeld"))
    decision: Decision | None = Field(default=None, title=N_("Besluit"))
    position: int = Field(default=0, ge=0, title=N_("Volgorde"))
