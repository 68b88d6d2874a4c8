"""Sharing a signal with another organisation, and the consent it may rest on.

Every share has a recorded legal basis and purpose, and says whether the youth and the parents
were informed. Consent is specific and logged: who consented, when, for what and until when; a
withdrawal stops further sharing - the recipient's copy leaves at their next sync.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, ClassVar, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from veldwerk_core.i18n import N_
from veldwerk_core.models.base import DutchDate, Record, checks_today
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.errors import ChangeRefused, rule_error
from veldwerk_core.models.links import (
    Grant,
    Ownership,
    Stamp,
    Visibility,
    belongs_to,
    refers_to,
)
from veldwerk_core.models.signal import LegalBasis
from veldwerk_core.models.validators import check_not_future_date

INFORM_YOUTH_FROM = 12
"""Youths are told about a share from this age."""
INFORM_PARENTS_UNDER = 16
"""Parents are told about a share while the youth is younger than this."""
WITHDRAWN_WITH_CONSENT = N_("De toestemming is ingetrokken.")
"""The reason the server gives a share whose consent was withdrawn (a message id)."""


class ConsentGiver(Choice):
    YOUTH = ("youth", N_("De jongere"))
    PARENT = ("parent", N_("Ouder of verzorger"))


class Consent(Record):
    """Consent to share: specific (for what), dated, possibly time-bound, withdrawable."""

    kind: ClassVar[str] = "consent"
    label: ClassVar[str] = N_("Toestemming")
    links = (belongs_to("youth_id", "youth"),)
    title_field: ClassVar[str | None] = "for_what"

    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    giver: ConsentGiver = Field(title=N_("Wie gaf toestemming"))
    given_by: str = Field(min_length=1, max_length=150, title=N_("Naam"))
    given_on: DutchDate = Field(title=N_("Gegeven op"))
    for_what: str = Field(min_length=3, max_length=500, title=N_("Waarvoor"))
    until: DutchDate | None = Field(default=None, title=N_("Geldig tot"))
    withdrawn_on: DutchDate | None = Field(default=None, title=N_("Ingetrokken op"))
    withdrawal_note: str = Field(default="", max_length=500, title=N_("Toelichting intrekking"))

    @field_validator("given_on")
    @classmethod
    def _not_future(cls, value: date, info: ValidationInfo) -> date:
        return check_not_future_date(value) if checks_today(info) else value

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.until is not None and self.until < self.given_on:
            raise rule_error(N_("{label} ligt voor de datum van de toestemming."), field="until")
        if self.withdrawn_on is not None and self.withdrawn_on < self.given_on:
            raise rule_error(
                N_("{label} ligt voor de datum van de toestemming."), field="withdrawn_on"
            )
        return self

    def valid_on(self, day: date) -> bool:
        return (
            self.given_on <= day
            and (self.until is None or day <= self.until)
            and (self.withdrawn_on is None or day < self.withdrawn_on)
        )


class Informed(Choice):
    YES = ("yes", N_("Ja"))
    NO = ("no", N_("Nee"))
    NOT_APPLICABLE = ("not_applicable", N_("Niet van toepassing"))


class Share(Record):
    """A signal shared with another organisation. Owned by the sharing organisation, which
    alone may withdraw it; the recipient sees who shared it and on what basis."""

    kind: ClassVar[str] = "share"
    label: ClassVar[str] = N_("Gedeeld signaal")
    links = (belongs_to("signal_id", "signal"), refers_to("consent_id", "consent"))
    visibility: ClassVar[Visibility] = Visibility.WITH_PARENT
    grant = Grant(organisation="organisation_id", until="until")
    ownership = Ownership(of_parent=True, deletable=False)
    stamps = (Stamp("shared_by", "user_name"), Stamp("shared_by_organisation", "organisation"))
    title_field: ClassVar[str | None] = "organisation_name"
    scope_inputs: ClassVar[tuple[str, ...]] = (
        "signal_id",
        "organisation_id",
        "until",
        "withdrawn_on",
    )

    signal_id: uuid.UUID = Field(title=N_("Signaal"))
    organisation_id: uuid.UUID = Field(title=N_("Gedeeld met"))
    organisation_name: str = Field(min_length=1, max_length=150, title=N_("Gedeeld met"))
    legal_basis: LegalBasis = Field(title=N_("Grondslag voor delen"))
    purpose: str = Field(min_length=3, max_length=300, title=N_("Doel van delen"))
    youth_informed: Informed = Field(title=N_("Jongere geïnformeerd"))
    parents_informed: Informed = Field(title=N_("Ouders geïnformeerd"))
    consent_id: uuid.UUID | None = Field(default=None, title=N_("Toestemming"))
    until: DutchDate | None = Field(default=None, title=N_("Gedeeld tot"))
    withdrawn_on: DutchDate | None = Field(default=None, title=N_("Ingetrokken op"))
    withdrawal_reason: str = Field(default="", max_length=500, title=N_("Reden van intrekken"))
    shared_by: str = Field(default="", max_length=120, title=N_("Gedeeld door"))
    shared_by_organisation: str = Field(default="", max_length=150, title=N_("Organisatie"))

    @model_validator(mode="after")
    def _basis(self) -> Self:
        if self.legal_basis is LegalBasis.CONSENT and self.consent_id is None:
            raise rule_error(N_("Kies de toestemming waarop het delen berust."), field="consent_id")
        if self.withdrawn_on is not None and not self.withdrawal_reason:
            raise rule_error(
                N_("{label} is verplicht bij het intrekken."), field="withdrawal_reason"
            )
        return self

    @classmethod
    def grant_period(cls, data: dict[str, Any]) -> tuple[str, str | None] | None:
        """Shared from its creation up to the day before it was withdrawn, or its ``until``."""
        since = str(data.get("created_at", ""))[:10]
        until = data.get("until")
        withdrawn = data.get("withdrawn_on")
        if withdrawn:
            day_before = date.fromordinal(date.fromisoformat(str(withdrawn)).toordinal() - 1)
            until = min(str(until), day_before.isoformat()) if until else day_before.isoformat()
        if not since or (until is not None and str(until) < since):
            return None
        return since, str(until) if until else None

    @classmethod
    def check_delete(cls) -> None:
        raise ChangeRefused(
            N_(
                "Een gedeeld signaal wordt niet verwijderd: trek het in, dan blijft bewaard wie "
                "wat met wie deelde."
            )
        )

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_on is not None


def informed_needed(age: int) -> tuple[bool, bool]:
    """Whether the youth and the parents must have been told (yes or no, not "n.a.")."""
    return age >= INFORM_YOUTH_FROM, age < INFORM_PARENTS_UNDER
