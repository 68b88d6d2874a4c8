""" "Wie doet wat": a notice that another organisation is involved with the same youth.

The server raises one on each side when a second organisation registers or becomes involved
with a youth it already knows (same BSN, or same name and date of birth). A notice names the
other organisation and its involved colleagues with their work contacts - never the other's
content, as the Dutch Verwijsindex works. From it a professional asks the other to share, or
proposes to merge the two registrations (the merge itself is a later step).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from veldwerk_core.i18n import N_
from veldwerk_core.models.actor import Role
from veldwerk_core.models.base import DutchDate, Record
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.links import CASE_ROLES, Others, Ownership, belongs_to, refers_to


class Contact(BaseModel):
    """A colleague as others may reach them: work contact details only."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    name: str = Field(min_length=1, max_length=150, title=N_("Naam"))
    role: str = Field(default="", max_length=100, title=N_("Rol"))
    organisation: str = Field(default="", max_length=150, title=N_("Organisatie"))
    phone: str = Field(default="", max_length=40, title=N_("Telefoon (werk)"))
    email: str = Field(default="", max_length=150, title=N_("E-mail (werk)"))

    @property
    def role_label(self) -> str:
        """The role as a person reads it (the server sends the role's code)."""
        return Role.label_of(self.role) if self.role else ""


class MatchedBy(Choice):
    BSN = ("bsn", N_("Zelfde BSN"))
    NAME_AND_BIRTH = ("name_and_birth", N_("Zelfde naam en geboortedatum"))
    INVOLVEMENT = ("involvement", N_("Betrokken bij dezelfde jongere"))


class Notice(Record):
    kind: ClassVar[str] = "notice"
    label: ClassVar[str] = N_("Ook betrokken")
    links = (belongs_to("youth_id", "youth"), refers_to("counterpart_id", "notice"))
    ownership = Ownership(others=Others.EDIT, server_made=True, writers=CASE_ROLES)
    title_field: ClassVar[str | None] = "other_organisation"

    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    other_organisation: str = Field(min_length=1, max_length=150, title=N_("Ook betrokken"))
    contacts: list[Contact] = Field(default_factory=list, max_length=20, title=N_("Contact"))
    matched_by: MatchedBy = Field(title=N_("Herkend aan"))
    counterpart_id: uuid.UUID | None = Field(default=None, title=N_("Melding aan de ander"))
    share_requested_by: str = Field(default="", max_length=150, title=N_("Verzoek om te delen"))
    share_requested_on: DutchDate | None = Field(default=None, title=N_("Verzocht op"))
    merge_proposed_by: str = Field(default="", max_length=150, title=N_("Voorstel samenvoegen"))
    merge_proposed_on: DutchDate | None = Field(default=None, title=N_("Voorgesteld op"))
    seen: bool = Field(default=False, title=N_("Gezien"))
