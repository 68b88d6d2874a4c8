"""A referral (aanmelding) of a youth to an intervention from the municipality's catalogue.

Made from a signal's follow-up step, a decision in the early-signalling meeting, an agreement
of a coaching trajectory, or by hand; it is followed through its statuses - aangemeld,
gestart, afgerond, voortijdig gestopt or afgewezen -, each with its date. The monitoring
report counts referrals per intervention (never the youths behind them). It keeps the
intervention's name and provider as they were, so a changed catalogue does not rewrite it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from veldwerk_core.i18n import N_
from veldwerk_core.models.base import DutchDate, Record, checks_today
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.config import CODE
from veldwerk_core.models.errors import ChangeRefused, rule_error
from veldwerk_core.models.links import Retention, Stamp, Term, belongs_to, refers_to
from veldwerk_core.models.validators import check_not_future_date


class ReferralStatus(Choice):
    REFERRED = ("referred", N_("Aangemeld"))
    STARTED = ("started", N_("Gestart"))
    COMPLETED = ("completed", N_("Afgerond"))
    STOPPED = ("stopped", N_("Voortijdig gestopt"))
    DECLINED = ("declined", N_("Afgewezen"))

    @property
    def is_closed(self) -> bool:
        return self in CLOSED


CLOSED = frozenset({ReferralStatus.COMPLETED, ReferralStatus.STOPPED, ReferralStatus.DECLINED})

REFERRAL_STEPS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.REFERRED: frozenset(
        {ReferralStatus.STARTED, ReferralStatus.STOPPED, ReferralStatus.DECLINED}
    ),
    ReferralStatus.STARTED: frozenset({ReferralStatus.COMPLETED, ReferralStatus.STOPPED}),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.STOPPED: frozenset(),
    ReferralStatus.DECLINED: frozenset(),
}
"""Which status may follow which; a closed referral stays closed (a new try is a new one)."""


class ReferralOrigin(Choice):
    SIGNAL = ("signal", N_("Vervolgstap van een signaal"))
    MEETING = ("meeting", N_("Besluit in het vroegsignaleringsoverleg"))
    AGREEMENT = ("agreement", N_("Afspraak in een traject"))
    MANUAL = ("manual", N_("Zelf aangemeld"))


ORIGIN_FIELDS = {
    ReferralOrigin.SIGNAL: "signal_id",
    ReferralOrigin.MEETING: "meeting_item_id",
    ReferralOrigin.AGREEMENT: "agreement_id",
}
"""The field naming the record a referral came from, per origin."""


class Referral(Record):
    kind: ClassVar[str] = "referral"
    label: ClassVar[str] = N_("Aanmelding")
    retention = Retention(Term.TRAJECTORIES, start="ended_on", also_reads=("status",))
    links = (
        belongs_to("youth_id", "youth"),
        refers_to("signal_id", "signal"),
        refers_to("meeting_item_id", "meeting_item"),
        refers_to("agreement_id", "agreement"),
    )
    stamps = (
        Stamp("referred_by", "user_name"),
        Stamp("referred_by_organisation", "organisation"),
    )
    title_field: ClassVar[str | None] = "intervention_name"

    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    intervention_id: str = Field(pattern=CODE, max_length=60, title=N_("Interventie"))
    intervention_name: str = Field(min_length=1, max_length=150, title=N_("Interventie"))
    provider: str = Field(default="", max_length=150, title=N_("Aanbieder"))
    reason: str = Field(min_length=3, max_length=2000, title=N_("Reden van aanmelding"))
    referred_on: DutchDate = Field(title=N_("Aangemeld op"))
    status: ReferralStatus = Field(default=ReferralStatus.REFERRED, title=N_("Status"))
    started_on: DutchDate | None = Field(default=None, title=N_("Gestart op"))
    ended_on: DutchDate | None = Field(default=None, title=N_("Beëindigd op"))
    end_reason: str = Field(default="", max_length=1000, title=N_("Reden van stoppen of afwijzen"))
    origin: ReferralOrigin = Field(default=ReferralOrigin.MANUAL, title=N_("Herkomst"))
    signal_id: uuid.UUID | None = Field(default=None, title=N_("Signaal"))
    meeting_item_id: uuid.UUID | None = Field(default=None, title=N_("Bespreekpunt"))
    agreement_id: uuid.UUID | None = Field(default=None, title=N_("Afspraak"))
    note: str = Field(default="", max_length=2000, title=N_("Toelichting"))
    referred_by: str = Field(default="", max_length=120, title=N_("Aangemeld door"))
    referred_by_organisation: str = Field(default="", max_length=150, title=N_("Organisatie"))

    @field_validator("referred_on", "started_on", "ended_on")
    @classmethod
    def _not_future(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is None or not checks_today(info):
            return value
        return check_not_future_date(value)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        status = self.status
        if status in (ReferralStatus.STARTED, ReferralStatus.COMPLETED) and not self.started_on:
            raise rule_error(
                N_("{label} is verplicht als de interventie gestart is."), field="started_on"
            )
        if status.is_closed and self.ended_on is None:
            raise rule_error(N_("{label} is verplicht bij deze status."), field="ended_on")
        if not status.is_closed and self.ended_on is not None:
            raise rule_error(
                N_("{label} hoort alleen bij een afgesloten aanmelding."), field="ended_on"
            )
        if status in (ReferralStatus.STOPPED, ReferralStatus.DECLINED) and not self.end_reason:
            raise rule_error(N_("{label} is verplicht bij deze status."), field="end_reason")
        if self.started_on is not None and self.started_on < self.referred_on:
            raise rule_error(N_("{label} ligt voor de datum van aanmelding."), field="started_on")
        first = self.started_on or self.referred_on
        if self.ended_on is not None and self.ended_on < first:
            raise rule_error(N_("{label} ligt voor de start of de aanmelding."), field="ended_on")
        needed = ORIGIN_FIELDS.get(self.origin)
        if needed is not None and getattr(self, needed) is None:
            raise rule_error(N_("{label} is verplicht bij deze herkomst."), field=needed)
        return self

    @classmethod
    def retention_start(cls, data: Mapping[str, Any]) -> Any:
        """Counted from the day it ended; a running referral is kept (as a trajectory is)."""
        return data.get("ended_on") or None

    def check_change(self, previous: Referral) -> None:
        if (self.youth_id, self.intervention_id) != (previous.youth_id, previous.intervention_id):
            raise ChangeRefused(
                N_("Een aanmelding gaat altijd over dezelfde jongere en interventie.")
            )
        if previous.status.is_closed:
            raise ChangeRefused(N_("Deze aanmelding is afgesloten en verandert niet meer."))
        if (
            self.status is not previous.status
            and self.status not in REFERRAL_STEPS[previous.status]
        ):
            raise ChangeRefused(
                N_("Een aanmelding met status {old} kan niet de status {new} krijgen."),
                old=previous.status.label.lower(),
                new=self.status.label.lower(),
            )

    @property
    def waiting(self) -> bool:
        """Referred, not yet started (the worklist's "aanmelding wacht op start")."""
        return self.status is ReferralStatus.REFERRED
