"""Coaching trajectories: plan, goals, two-way agreements, evaluations and signatures."""

from __future__ import annotations

import uuid
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from desktop.i18n import N_
from desktop.models.base import DutchDate, Record
from desktop.models.choice import Choice
from desktop.models.errors import rule_error

MIN_NETWORK = 3


class TrajectoryStatus(Choice):
    REGISTERED = ("registered", N_("Aangemeld"))
    ACTIVE = ("active", N_("Lopend"))
    COMPLETED = ("completed", N_("Afgerond"))
    STOPPED = ("stopped", N_("Gestopt"))


class NetworkPerson(BaseModel):
    """Someone the youth can fall back on ("mijn netwerk")."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=150, title=N_("Naam"))
    relation: str = Field(default="", max_length=100, title=N_("Wie is dit voor je"))


class Trajectory(Record):
    kind: ClassVar[str] = "trajectory"
    label: ClassVar[str] = N_("Traject")

    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    coach: str = Field(min_length=1, max_length=150, title=N_("Coach"))
    organisation: str = Field(default="", max_length=150, title=N_("Organisatie"))
    start: DutchDate = Field(title=N_("Startdatum"))
    planned_end: DutchDate | None = Field(default=None, title=N_("Geplande einddatum"))
    status: TrajectoryStatus = Field(default=TrajectoryStatus.REGISTERED, title=N_("Status"))
    stop_reason: str = Field(default="", max_length=1000, title=N_("Reden van stoppen"))
    help_request: str = Field(default="", max_length=4000, title=N_("Hulpvraag in eigen woorden"))
    network: list[NetworkPerson] = Field(default_factory=list, title=N_("Mijn netwerk"))
    safety_agreements: str = Field(default="", max_length=4000, title=N_("Veiligheidsafspraken"))
    evaluation_dates: list[DutchDate] = Field(default_factory=list, title=N_("Evaluatiemomenten"))
    plan_version: int = Field(default=1, ge=1, title=N_("Versie van het plan"))

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.planned_end is not None and self.planned_end < self.start:
            raise rule_error(N_("{label} ligt voor de startdatum."), field="planned_end")
        if self.status is TrajectoryStatus.STOPPED and not self.stop_reason:
            raise rule_error(
                N_("{label} is verplicht als het traject gestopt is."), field="stop_reason"
            )
        return self

    @property
    def network_is_small(self) -> bool:
        return len(self.network) < MIN_NETWORK


class Goal(Record):
    kind: ClassVar[str] = "goal"
    label: ClassVar[str] = N_("Doel")

    trajectory_id: uuid.UUID = Field(title=N_("Traject"))
    life_domain: str = Field(min_length=1, max_length=60, title=N_("Leefgebied"))
    what: str = Field(min_length=1, max_length=1000, title=N_("Wat wil je bereiken"))
    how_measured: str = Field(default="", max_length=1000, title=N_("Hoe zien we vooruitgang"))
    by_when: DutchDate | None = Field(default=None, title=N_("Wanneer"))
    position: int = Field(default=0, ge=0, title=N_("Volgorde"))


class Party(Choice):
    YOUTH = ("youth", N_("Jongere"))
    COACH = ("coach", N_("Coach"))
    PARENT = ("parent", N_("Ouder of verzorger"))
    SCHOOL = ("school", N_("School"))
    EMPLOYER = ("employer", N_("Werkgever"))
    NETWORK = ("network", N_("Netwerk"))


class AgreementStatus(Choice):
    OPEN = ("open", N_("Lopend"))
    KEPT = ("kept", N_("Nagekomen"))
    BROKEN = ("broken", N_("Niet nagekomen"))


class Agreement(Record):
    """Who does what by when. Agreements are two-way: support in return depends on them."""

    kind: ClassVar[str] = "agreement"
    label: ClassVar[str] = N_("Afspraak")

    trajectory_id: uuid.UUID = Field(title=N_("Traject"))
    party: Party = Field(title=N_("Partij"))
    who: str = Field(min_length=1, max_length=150, title=N_("Wie"))
    what: str = Field(min_length=1, max_length=1000, title=N_("Wat"))
    due: DutchDate | None = Field(default=None, title=N_("Wanneer klaar"))
    status: AgreementStatus = Field(default=AgreementStatus.OPEN, title=N_("Status"))
    note: str = Field(default="", max_length=1000, title=N_("Toelichting"))
    is_support: bool = Field(default=False, title=N_("Steun in ruil"))
    depends_on: list[uuid.UUID] = Field(default_factory=list, title=N_("Hangt af van"))
    position: int = Field(default=0, ge=0, title=N_("Volgorde"))


class GoalProgress(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    goal_id: uuid.UUID = Field(title=N_("Doel"))
    score: int = Field(ge=1, le=5, title=N_("Voortgang (1-5)"))
    note: str = Field(default="", max_length=1000, title=N_("Toelichting"))


class Evaluation(Record):
    kind: ClassVar[str] = "evaluation"
    label: ClassVar[str] = N_("Evaluatie")

    trajectory_id: uuid.UUID = Field(title=N_("Traject"))
    held_on: DutchDate = Field(title=N_("Datum"))
    progress: list[GoalProgress] = Field(default_factory=list, title=N_("Voortgang per doel"))
    note: str = Field(default="", max_length=4000, title=N_("Toelichting"))


class SignerRole(Choice):
    YOUTH = ("youth", N_("Jongere"))
    PARENT = ("parent", N_("Ouder of verzorger"))
    COACH = ("coach", N_("Coach"))


class SignatureMethod(Choice):
    PAPER = ("paper", N_("Op papier"))
    DRAWN = ("drawn", N_("Op het scherm"))


class Signature(Record):
    """A signature on one version of a plan; a signed version never changes."""

    kind: ClassVar[str] = "signature"
    label: ClassVar[str] = N_("Handtekening")

    trajectory_id: uuid.UUID = Field(title=N_("Traject"))
    plan_version: int = Field(ge=1, title=N_("Versie van het plan"))
    signer: SignerRole = Field(title=N_("Ondertekenaar"))
    name: str = Field(min_length=1, max_length=150, title=N_("Naam"))
    signed_on: DutchDate = Field(title=N_("Datum"))
    method: SignatureMethod = Field(title=N_("Manier"))
    image_png: str | None = Field(default=None, title=N_("Handtekening"))

    @model_validator(mode="after")
    def _image(self) -> Self:
        if self.method is SignatureMethod.DRAWN and not self.image_png:
            raise rule_error(N_("Zet eerst een handtekening op het scherm."), field="image_png")
        return self
