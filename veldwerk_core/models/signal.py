"""Signals: what a professional saw or heard about a young person or a group."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from veldwerk_core.i18n import N_
from veldwerk_core.models.actor import Role
from veldwerk_core.models.base import SERVER_NOW, Record, UtcDateTime, checks_today
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.errors import ChangeRefused, rule_error
from veldwerk_core.models.links import (
    Ownership,
    Retention,
    Stamp,
    Term,
    Visibility,
    refers_to,
    seen_via,
)
from veldwerk_core.models.validators import check_not_future_moment, check_plausible_moment

MIN_DESCRIPTION = 10
SIGNAL_NOT_DELETED = N_(
    "Een signaal wordt nooit verwijderd. Leg een correctie vast; het oude signaal blijft bewaard."
)


class PlaceKind(Choice):
    WIJK = ("wijk", N_("Wijk"))
    HOTSPOT = ("hotspot", N_("Hotspot"))
    ONLINE = ("online", N_("Online"))


class Place(BaseModel):
    """Where it happened: a neighbourhood, a known hotspot, or an online platform."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    place_kind: PlaceKind = Field(title=N_("Soort locatie"))
    wijk: str = Field(default="", max_length=100, title=N_("Wijk"))
    hotspot: str = Field(default="", max_length=150, title=N_("Hotspot"))
    platform: str = Field(default="", max_length=100, title=N_("Platform"))

    @model_validator(mode="after")
    def _filled(self) -> Self:
        needed = {
            PlaceKind.WIJK: "wijk",
            PlaceKind.HOTSPOT: "hotspot",
            PlaceKind.ONLINE: "platform",
        }
        field = needed[self.place_kind]
        if not getattr(self, field):
            raise rule_error(N_("{label} is verplicht bij deze soort locatie."), field=field)
        return self


class SourceKind(Choice):
    OWN_OBSERVATION = ("own_observation", N_("Eigen waarneming"))
    REPORTED = ("reported", N_("Gemeld door iemand anders"))


class Severity(Choice):
    LOW = ("low", N_("Laag"))
    MEDIUM = ("medium", N_("Midden"))
    HIGH = ("high", N_("Hoog"))


class FollowUp(Choice):
    NONE = ("none", N_("Geen"))
    EARLY_SIGNALLING_MEETING = (
        "early_signalling_meeting",
        N_("Bespreken in vroegsignaleringsoverleg"),
    )
    CARE_REFERRAL = ("care_referral", N_("Doorverwijzing naar zorg"))
    MELDCODE = ("meldcode", N_("Stap in de meldcode"))
    HALT = ("halt", N_("Halt"))
    PERSON_APPROACH = ("person_approach", N_("Persoonsgerichte aanpak (PGA)"))
    GROUP_APPROACH = ("group_approach", N_("Groepsaanpak"))


class LegalBasis(Choice):
    CONSENT = ("consent", N_("Toestemming"))
    LEGAL_TASK = ("legal_task", N_("Wettelijke taak"))
    COVENANT = ("covenant", N_("Convenant"))


class Signal(Record):
    """A factual observation. Append-only: a correction is a new signal that supersedes this one."""

    kind: ClassVar[str] = "signal"
    retention = Retention(Term.SIGNALS, start="occurred_at", until_age=True)
    label: ClassVar[str] = N_("Signaal")
    links = (
        seen_via("youth_ids", "youth", many=True),
        seen_via("group_id", "youth_group"),
        refers_to("supersedes_id", "signal"),
    )
    visibility: ClassVar[Visibility] = Visibility.ORGANISATION
    ownership = Ownership(coordinator_owns=False, append_only=True)
    stamps = (
        Stamp("recorded_by", "user_name"),
        Stamp("recorded_role", "role"),
        Stamp("organisation", "organisation"),
    )

    occurred_at: UtcDateTime = Field(title=N_("Tijdstip"))
    place: Place = Field(title=N_("Locatie"))
    life_domain: str = Field(min_length=1, max_length=60, title=N_("Leefgebied"))
    category: str = Field(min_length=1, max_length=60, title=N_("Categorie"))
    description: str = Field(
        min_length=MIN_DESCRIPTION, max_length=8000, title=N_("Feitelijke beschrijving")
    )
    source: SourceKind = Field(default=SourceKind.OWN_OBSERVATION, title=N_("Bron"))
    reported_by: str = Field(
        default="", max_length=150, validate_default=True, title=N_("Gemeld door")
    )
    youth_ids: list[uuid.UUID] = Field(default_factory=list, title=N_("Jongeren"))
    group_id: uuid.UUID | None = Field(default=None, validate_default=True, title=N_("Groep"))
    severity: Severity = Field(title=N_("Ernst"))
    follow_up: FollowUp = Field(default=FollowUp.NONE, title=N_("Vervolgstap"))
    legal_basis: LegalBasis = Field(title=N_("Grondslag voor delen"))
    sharing_purpose: str = Field(default="", max_length=300, title=N_("Doel van delen"))
    youth_informed: bool = Field(default=False, title=N_("Jongere geïnformeerd"))
    parents_informed: bool = Field(default=False, title=N_("Ouders geïnformeerd"))
    recorded_by: str = Field(min_length=1, max_length=120, title=N_("Vastgelegd door"))
    recorded_role: Role = Field(title=N_("Rol"))
    organisation: str = Field(default="", max_length=120, title=N_("Organisatie"))
    supersedes_id: uuid.UUID | None = Field(default=None, title=N_("Corrigeert signaal"))
    correction_reason: str = Field(
        default="", max_length=1000, validate_default=True, title=N_("Reden van correctie")
    )

    @classmethod
    def check_delete(cls) -> None:
        raise ChangeRefused(SIGNAL_NOT_DELETED)

    def check_change(self, previous: Signal) -> None:
        raise ChangeRefused(
            N_(
                "Een signaal wordt nooit gewijzigd. Leg een correctie vast; "
                "het oude signaal blijft bewaard."
            )
        )

    @field_validator("occurred_at")
    @classmethod
    def _not_future(cls, value: datetime, info: ValidationInfo) -> datetime:
        server_now = (info.context or {}).get(SERVER_NOW)
        if isinstance(server_now, datetime):
            return check_plausible_moment(value, server_now)
        return check_not_future_moment(value) if checks_today(info) else value

    @field_validator("description")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if len(value.split()) < 2:
            raise rule_error(N_("{label}: beschrijf in een paar woorden wat je zag of hoorde."))
        return value

    # Rules across fields are field validators on the later field (``info.data`` holds the
    # earlier ones), so they are reported together with every other problem in one go.

    @field_validator("group_id")
    @classmethod
    def _someone(cls, value: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        youths = info.data.get("youth_ids")
        if youths is not None and not youths and value is None:
            raise rule_error(
                N_("Kies minstens één jongere of een groep."), field="youth_ids", absolute=True
            )
        return value

    @field_validator("youth_ids")
    @classmethod
    def _unique_youths(cls, value: list[uuid.UUID]) -> list[uuid.UUID]:
        if len(set(value)) != len(value):
            raise rule_error(N_("Een jongere staat twee keer bij dit signaal."))
        return value

    @field_validator("reported_by")
    @classmethod
    def _reporter(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("source") is SourceKind.REPORTED and not value:
            raise rule_error(N_("{label} is verplicht als iemand anders het meldde."))
        return value

    @field_validator("correction_reason")
    @classmethod
    def _reason(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("supersedes_id") is not None and not value:
            raise rule_error(N_("{label} is verplicht bij een correctie."))
        return value

    @model_validator(mode="after")
    def _not_itself(self) -> Self:
        if self.supersedes_id == self.id:
            raise rule_error(N_("Een signaal kan zichzelf niet corrigeren."), field="supersedes_id")
        return self
