"""Youth groups and the 7-step group approach."""

from __future__ import annotations

import uuid
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from veldwerk_core.i18n import N_
from veldwerk_core.models.base import DutchDate, Record
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.errors import rule_error
from veldwerk_core.models.links import Others, Ownership, Retention, Term, Visibility, seen_via


class GroupStep(Choice):
    SHARE_SIGNALS = ("share_signals", N_("1. Signalen delen"))
    GATHER = ("gather", N_("2. Informatie verzamelen"))
    JOINT_PICTURE = ("joint_picture", N_("3. Gezamenlijk beeld"))
    PROBLEM_DEFINITION = ("problem_definition", N_("4. Probleemanalyse"))
    PLAN = ("plan", N_("5. Plan van aanpak"))
    EXECUTE_MONITOR = ("execute_monitor", N_("6. Uitvoeren en monitoren"))
    SCALE_DOWN = ("scale_down", N_("7. Afschalen"))


class LegacyTag(Choice):
    """The 2015-retired group typing, still used colloquially; never more than a tag."""

    ANNOYING = ("hinderlijk", N_("Hinderlijk"))
    NUISANCE = ("overlastgevend", N_("Overlastgevend"))
    CRIMINAL = ("crimineel", N_("Crimineel"))


class LocationKind(Choice):
    PLACE = ("place", N_("Plek in de wijk"))
    HOTSPOT = ("hotspot", N_("Hotspot"))
    ONLINE = ("online", N_("Online"))


class GroupLocation(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    location_kind: LocationKind = Field(title=N_("Soort plek"))
    name: str = Field(min_length=1, max_length=150, title=N_("Plek"))


class GroupMember(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    role: str = Field(default="", max_length=100, title=N_("Rol in de groep"))


class Group(Record):
    kind: ClassVar[str] = "youth_group"
    retention = Retention(Term.GROUPS, start="updated_at", keeps_youth=False)
    label: ClassVar[str] = N_("Groep")
    links = (seen_via("members", "youth", many=True, item="youth_id", private=True),)
    ownership = Ownership(others=Others.EDIT)
    visibility: ClassVar[Visibility] = Visibility.MEMBERS
    title_field: ClassVar[str | None] = "name"
    scope_inputs: ClassVar[tuple[str, ...]] = ("members",)

    name: str = Field(min_length=1, max_length=150, title=N_("Naam"))
    wijk: str = Field(default="", max_length=100, title=N_("Wijk"))
    locations: list[GroupLocation] = Field(default_factory=list, title=N_("Plekken"))
    members: list[GroupMember] = Field(default_factory=list, title=N_("Leden"))
    step: GroupStep = Field(default=GroupStep.SHARE_SIGNALS, title=N_("Stap groepsaanpak"))
    step_date: DutchDate | None = Field(default=None, title=N_("Datum van de stap"))
    legacy_tag: LegacyTag | None = Field(default=None, title=N_("Oude typering"))
    notes: str = Field(default="", max_length=4000, title=N_("Notities"))

    @model_validator(mode="after")
    def _unique_members(self) -> Self:
        ids = [member.youth_id for member in self.members]
        if len(ids) != len(set(ids)):
            raise rule_error(N_("Een jongere staat twee keer in de groep."), field="members")
        return self
