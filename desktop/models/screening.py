"""Screening instruments (versioned, configurable checklists) and filled-in screenings.

Validated instruments are licensed: Veldwerk never carries their items. A municipality defines
its own checklists here, or records only the outcome of an external instrument.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from desktop.i18n import N_
from desktop.models.base import DutchDate, Record, UtcDateTime
from desktop.models.choice import Choice
from desktop.models.errors import rule_error

SLUG = r"^[a-z0-9][a-z0-9_-]*$"


class AnswerType(Choice):
    YES_NO_UNKNOWN = ("yes_no_unknown", N_("Ja / nee / onbekend"))
    SCALE_0_2 = ("scale_0_2", N_("Schaal 0-1-2"))
    COUNT = ("count", N_("Aantal"))
    DATE = ("date", N_("Datum"))


class ItemDirection(Choice):
    RISK = ("risk", N_("Risicofactor"))
    PROTECTIVE = ("protective", N_("Beschermende factor"))


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class InstrumentDomain(_Part):
    id: str = Field(pattern=SLUG, title=N_("Code"))
    title: str = Field(min_length=1, title=N_("Titel"))


class InstrumentItem(_Part):
    id: str = Field(pattern=SLUG, title=N_("Code"))
    text: str = Field(min_length=1, title=N_("Vraag"))
    help: str = Field(default="", title=N_("Toelichting"))
    domain: str = Field(pattern=SLUG, title=N_("Domein"))
    answer_type: AnswerType = Field(title=N_("Soort antwoord"))
    weight: float = Field(default=1.0, ge=0, title=N_("Gewicht"))
    direction: ItemDirection = Field(default=ItemDirection.RISK, title=N_("Richting"))


class OutcomeBand(_Part):
    id: str = Field(pattern=SLUG, title=N_("Code"))
    label: str = Field(min_length=1, title=N_("Uitkomst"))
    min_score: float = Field(title=N_("Vanaf score"))
    advice: str = Field(default="", title=N_("Advies"))


class Instrument(Record):
    """One version of a checklist. A screening pins ``key`` + ``version``."""

    kind: ClassVar[str] = "instrument"
    label: ClassVar[str] = N_("Instrument")

    key: str = Field(pattern=SLUG, max_length=80, title=N_("Code"))
    version: int = Field(ge=1, title=N_("Versie"))
    title: str = Field(min_length=1, max_length=200, title=N_("Titel"))
    description: str = Field(default="", title=N_("Omschrijving"))
    example: bool = Field(default=False, title=N_("Voorbeeld"))
    domains: list[InstrumentDomain] = Field(min_length=1, title=N_("Domeinen"))
    items: list[InstrumentItem] = Field(min_length=1, title=N_("Vragen"))
    bands: list[OutcomeBand] = Field(min_length=1, title=N_("Uitkomsten"))

    @model_validator(mode="after")
    def _references(self) -> Self:
        domains = {domain.id for domain in self.domains}
        for index, item in enumerate(self.items):
            if item.domain not in domains:
                raise rule_error(
                    N_("Vraag {item} hoort bij een onbekend domein."),
                    field=f"items.{index}.domain",
                    item=item.id,
                )
        ids = [item.id for item in self.items]
        if len(ids) != len(set(ids)):
            raise rule_error(N_("Twee vragen hebben dezelfde code."), field="items")
        return self


class ScreeningStatus(Choice):
    DRAFT = ("draft", N_("Concept"))
    COMPLETED = ("completed", N_("Afgerond"))


class ExternalResult(_Part):
    """The outcome of a licensed external instrument, without its items."""

    instrument_name: str = Field(min_length=1, max_length=150, title=N_("Instrument"))
    assessed_on: DutchDate = Field(title=N_("Datum"))
    assessor: str = Field(min_length=1, max_length=150, title=N_("Beoordelaar"))
    organisation: str = Field(default="", max_length=150, title=N_("Organisatie"))
    outcome_band: str = Field(min_length=1, max_length=150, title=N_("Uitkomst"))
    note: str = Field(default="", max_length=4000, title=N_("Toelichting"))


class Screening(Record):
    kind: ClassVar[str] = "screening"
    label: ClassVar[str] = N_("Screening")

    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    instrument_key: str | None = Field(default=None, title=N_("Instrument"))
    instrument_version: int | None = Field(default=None, ge=1, title=N_("Versie"))
    answers: dict[str, str | int | date | None] = Field(
        default_factory=dict, title=N_("Antwoorden")
    )
    status: ScreeningStatus = Field(default=ScreeningStatus.DRAFT, title=N_("Status"))
    assessor: str = Field(default="", max_length=150, title=N_("Ingevuld door"))
    completed_at: UtcDateTime | None = Field(default=None, title=N_("Afgerond op"))
    score: float | None = Field(default=None, title=N_("Score"))
    band: str | None = Field(default=None, title=N_("Uitkomst"))
    external: ExternalResult | None = Field(default=None, title=N_("Externe uitslag"))

    @model_validator(mode="after")
    def _instrument_or_external(self) -> Self:
        if self.external is None and (
            self.instrument_key is None or self.instrument_version is None
        ):
            raise rule_error(
                N_("Kies een instrument of leg een externe uitslag vast."), field="instrument_key"
            )
        return self
