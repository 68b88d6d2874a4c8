"""The municipality's directory of professionals, and partners without an account.

The server distributes it to enrolled devices with the configuration: colleagues (name, role,
organisation, work phone and e-mail - never private data) to name as involved with a youth,
hand a youth over to or give a task; and partner organisations (police, Halt, leerplicht,
Veilig Thuis) with a contact, from the municipality's ``partners.yaml``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from veldwerk_core.i18n import N_
from veldwerk_core.models.actor import Role
from veldwerk_core.models.choice import Choice


class Colleague(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    user_id: str = Field(min_length=1, max_length=64, title=N_("Gebruiker"))
    name: str = Field(min_length=1, max_length=150, title=N_("Naam"))
    role: Role = Field(title=N_("Rol"))
    organisation_id: str = Field(min_length=1, max_length=64, title=N_("Organisatie"))
    organisation: str = Field(default="", max_length=150, title=N_("Organisatie"))
    phone: str = Field(default="", max_length=40, title=N_("Telefoon (werk)"))
    email: str = Field(default="", max_length=150, title=N_("E-mail (werk)"))


class PartnerKind(Choice):
    POLICE = ("police", N_("Politie"))
    HALT = ("halt", N_("Halt"))
    ATTENDANCE = ("attendance", N_("Leerplicht en RMC"))
    SAFE_HOME = ("safe_home", N_("Veilig Thuis"))
    NEIGHBOURHOOD_TEAM = ("neighbourhood_team", N_("Sociaal wijkteam"))
    SAFETY_HOUSE = ("safety_house", N_("Zorg- en Veiligheidshuis"))
    PROBATION = ("probation", N_("Jeugdreclassering"))
    OTHER = ("other", N_("Anders"))


class Partner(BaseModel):
    """An organisation the municipality works with that has no account in Veldwerk."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    name: str = Field(min_length=1, max_length=150, title=N_("Organisatie"))
    kind: PartnerKind = Field(default=PartnerKind.OTHER, title=N_("Soort"))
    contact: str = Field(default="", max_length=150, title=N_("Contactpersoon"))
    phone: str = Field(default="", max_length=40, title=N_("Telefoon (werk)"))
    email: str = Field(default="", max_length=150, title=N_("E-mail (werk)"))


class Partners(BaseModel):
    """``partners.yaml``: the partner organisations a municipality lists."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    partners: list[Partner] = Field(default_factory=list, max_length=200, title=N_("Partners"))
