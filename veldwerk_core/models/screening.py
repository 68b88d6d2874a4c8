"""Filled-in screenings, and results of external (licensed) instruments.

A screening pins the instrument it was filled in with (``instrument_key`` + ``instrument_version``)
and, once completed, stores its :class:`~veldwerk_core.models.scoring.Outcome`. From then on it never
changes: a new assessment is a new screening, so the history stays what it was.

Half-filled screenings are not records: they are drafts kept in the vault on this device only
(see ``desktop.services.screenings``), so they neither sync nor fill the access log per answer.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from veldwerk_core.i18n import N_
from veldwerk_core.models.answers import AnswerValue
from veldwerk_core.models.base import DutchDate, Record, UtcDateTime, checks_today
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.errors import ChangeRefused, rule_error
from veldwerk_core.models.instrument import (
    AnswerType,
    Instrument,
    InstrumentDefinition,
    InstrumentDomain,
    InstrumentItem,
    ItemDirection,
    OutcomeBand,
)
from veldwerk_core.models.links import Ownership, Retention, Term, belongs_to
from veldwerk_core.models.scoring import Outcome
from veldwerk_core.models.validators import check_not_future_date, today


class ScreeningStatus(Choice):
    DRAFT = ("draft", N_("Concept"))
    COMPLETED = ("completed", N_("Afgerond"))


class ExternalResult(BaseModel):
    """The outcome of a licensed external instrument, without its items."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    label: ClassVar[str] = N_("Externe uitslag")

    instrument_name: str = Field(min_length=1, max_length=150, title=N_("Instrument"))
    assessed_on: DutchDate = Field(title=N_("Datum"))
    assessor: str = Field(min_length=1, max_length=150, title=N_("Beoordelaar"))
    organisation: str = Field(default="", max_length=150, title=N_("Organisatie"))
    outcome_band: str = Field(min_length=1, max_length=150, title=N_("Uitkomst"))
    note: str = Field(default="", max_length=4000, title=N_("Toelichting"))

    @field_validator("assessed_on")
    @classmethod
    def _not_future(cls, value: date, info: ValidationInfo) -> date:
        return check_not_future_date(value) if checks_today(info) else value


class Screening(Record):
    kind: ClassVar[str] = "screening"
    retention = Retention(Term.SCREENINGS, start="screened_on")
    links = (belongs_to("youth_id", "youth"),)
    ownership = Ownership(coordinator_owns=False)
    label: ClassVar[str] = N_("Screening")

    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    instrument_key: str | None = Field(default=None, title=N_("Instrument"))
    instrument_version: int | None = Field(default=None, ge=1, title=N_("Versie"))
    instrument_title: str = Field(default="", max_length=200, title=N_("Instrument"))
    screened_on: DutchDate = Field(default_factory=today, title=N_("Datum screening"))
    answers: dict[str, AnswerValue] = Field(default_factory=dict, title=N_("Antwoorden"))
    note: str = Field(default="", max_length=4000, title=N_("Toelichting"))
    status: ScreeningStatus = Field(default=ScreeningStatus.DRAFT, title=N_("Status"))
    assessor: str = Field(default="", max_length=150, title=N_("Ingevuld door"))
    completed_at: UtcDateTime | None = Field(default=None, title=N_("Afgerond op"))
    result: Outcome | None = Field(default=None, title=N_("Uitkomst"))
    external: ExternalResult | None = Field(default=None, title=N_("Externe uitslag"))

    @field_validator("screened_on")
    @classmethod
    def _not_future(cls, value: date, info: ValidationInfo) -> date:
        return check_not_future_date(value) if checks_today(info) else value

    @model_validator(mode="after")
    def _instrument_or_external(self) -> Self:
        pinned = self.instrument_key is not None and self.instrument_version is not None
        if self.external is None and not pinned:
            raise rule_error(
                N_("Kies een instrument of leg een externe uitslag vast."), field="instrument_key"
            )
        if self.external is not None and (pinned or self.answers):
            raise rule_error(
                N_("Een externe uitslag heeft geen eigen vragen of instrumentversie."),
                field="external",
            )
        if self.status is ScreeningStatus.COMPLETED:
            if pinned and self.result is None:
                raise rule_error(N_("Een afgeronde screening heeft een uitkomst."), field="result")
            if self.completed_at is None:
                raise rule_error(N_("{label} is verplicht."), field="completed_at")
        return self

    def check_change(self, previous: Screening) -> None:
        if previous.status is ScreeningStatus.COMPLETED:
            raise ChangeRefused(
                N_(
                    "Een afgeronde screening verandert nooit. Vul zo nodig een nieuwe "
                    "screening in; deze blijft bewaard."
                )
            )

    @property
    def is_external(self) -> bool:
        return self.external is not None

    @property
    def band_label(self) -> str:
        """The outcome as shown in lists: the band of the checklist or of the external result."""
        if self.external is not None:
            return self.external.outcome_band
        return self.result.band_label if self.result is not None else ""

    @property
    def score(self) -> float | None:
        return self.result.score if self.result is not None else None

    @property
    def band(self) -> str | None:
        """The outcome as a person reads it (band label, or the external outcome); None for a
        draft. Kept for callers written against the first shape of this record."""
        return self.band_label or None

    @property
    def title(self) -> str:
        if self.external is not None:
            return self.external.instrument_name
        return self.instrument_title or self.instrument_key or ""


__all__ = [
    "AnswerType",
    "ExternalResult",
    "Instrument",
    "InstrumentDefinition",
    "InstrumentDomain",
    "InstrumentItem",
    "ItemDirection",
    "OutcomeBand",
    "Screening",
    "ScreeningStatus",
]
