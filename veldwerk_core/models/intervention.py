"""The municipality's catalogue of interventions a youth can be referred to (``interventions.yaml``).

Configuration, not case data: the functioneel beheerder keeps the server's file, devices use
what the server distributes (a vault that never synced uses the bundled example). A referral
names an intervention by its ``id`` and keeps its name as it was, so a later change to the
catalogue does not rewrite history.
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from veldwerk_core.i18n import N_
from veldwerk_core.models.config import CODE, _unique
from veldwerk_core.models.errors import rule_error
from veldwerk_core.models.signal import FollowUp
from veldwerk_core.models.storable import MAX_TEXT


class Intervention(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, str_max_length=MAX_TEXT
    )

    id: str = Field(pattern=CODE, max_length=60, title=N_("Code"))
    name: str = Field(min_length=1, max_length=150, title=N_("Naam"))
    provider: str = Field(min_length=1, max_length=150, title=N_("Aanbieder"))
    min_age: int | None = Field(default=None, ge=0, le=30, title=N_("Vanaf leeftijd"))
    max_age: int | None = Field(default=None, ge=0, le=30, title=N_("Tot en met leeftijd"))
    target_group: str = Field(default="", max_length=500, title=N_("Doelgroep"))
    criteria: list[str] = Field(default_factory=list, max_length=20, title=N_("Criteria"))
    offers: str = Field(default="", max_length=1000, title=N_("Wat het biedt"))
    how_to_refer: str = Field(default="", max_length=500, title=N_("Hoe aanmelden"))
    contact: str = Field(default="", max_length=150, title=N_("Contactpersoon"))
    phone: str = Field(default="", max_length=40, title=N_("Telefoon (werk)"))
    email: str = Field(default="", max_length=150, title=N_("E-mail (werk)"))
    follow_ups: list[FollowUp] = Field(
        default_factory=list, title=N_("Past bij de vervolgstap van een signaal")
    )
    retired: bool = Field(default=False, title=N_("Vervallen"))

    @model_validator(mode="after")
    def _ages(self) -> Self:
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise rule_error(N_("{label} ligt onder de leeftijd vanaf."), field="max_age")
        return self

    def fits_age(self, age: int | None) -> bool:
        """Whether a youth of ``age`` is in the target group (an unknown age may be)."""
        if age is None:
            return True
        low = self.min_age if self.min_age is not None else 0
        high = self.max_age if self.max_age is not None else 999
        return low <= age <= high


class Interventions(BaseModel):
    """``interventions.yaml``: the interventions a municipality refers youths to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    interventions: list[Intervention] = Field(
        default_factory=list, max_length=200, title=N_("Interventies")
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        _unique(self.interventions, "id", "interventions")
        return self
