"""Who is working: the professional behind every change and every audited read."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from veldwerk_core.i18n import N_
from veldwerk_core.models.choice import Choice


class Role(Choice):
    YOUTH_WORKER = ("youth_worker", N_("Jongerenwerker"))
    YOUTH_BOA = ("youth_boa", N_("Jeugdboa"))
    SCHOOL_COORDINATOR = ("school_coordinator", N_("Veiligheidscoördinator school"))
    COORDINATOR = ("coordinator", N_("Proces- of netwerkregisseur"))
    ADMINISTRATOR = ("administrator", N_("Functioneel beheerder"))


class Profile(BaseModel):
    """The professional using this vault; set when the vault is created, editable later."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    label: ClassVar[str] = N_("Profiel")

    name: str = Field(min_length=1, max_length=120, title=N_("Naam"))
    role: Role = Field(title=N_("Rol"))
    organisation: str = Field(default="", max_length=120, title=N_("Organisatie"))
    wijk: str = Field(default="", max_length=120, title=N_("Eigen wijk"))


class Actor(BaseModel):
    """The identity recorded in audit entries: the profile plus the device it works on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    user_id: str = Field(min_length=1, title=N_("Gebruiker"))
    name: str = Field(min_length=1, title=N_("Naam"))
    role: Role = Field(title=N_("Rol"))
    organisation: str = Field(default="", title=N_("Organisatie"))
    device_id: str = Field(min_length=1, title=N_("Apparaat"))
