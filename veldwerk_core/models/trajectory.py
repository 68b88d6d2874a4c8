"""Coaching trajectories: plan, goals, two-way agreements, evaluations and signatures.

The trajectory, its goals and its agreements are the *working copy* of the plan. Signing a
version freezes its content in a :class:`~veldwerk_core.models.plan.PlanVersion`; after that the
working copy may change again, but only as the next (draft) version.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from veldwerk_core.i18n import N_
from veldwerk_core.models.base import DutchDate, Record, checks_today
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.errors import ChangeRefused, rule_error
from veldwerk_core.models.links import Ownership, Retention, Term, Visibility, belongs_to, refers_to
from veldwerk_core.models.validators import check_not_future_date

MIN_NETWORK = 3
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_SIGNATURE_CHARS = 400_000


class TrajectoryStatus(Choice):
    REGISTERED = ("registered", N_("Aangemeld"))
    ACTIVE = ("active", N_("Lopend"))
    COMPLETED = ("completed", N_("Afgerond"))
    STOPPED = ("stopped", N_("Gestopt"))

    @property
    def is_closed(self) -> bool:
        return self in (TrajectoryStatus.COMPLETED, TrajectoryStatus.STOPPED)


STATUS_STEPS: dict[TrajectoryStatus, frozenset[TrajectoryStatus]] = {
    TrajectoryStatus.REGISTERED: frozenset({TrajectoryStatus.ACTIVE, TrajectoryStatus.STOPPED}),
    TrajectoryStatus.ACTIVE: frozenset({TrajectoryStatus.COMPLETED, TrajectoryStatus.STOPPED}),
    TrajectoryStatus.COMPLETED: frozenset(),
    TrajectoryStatus.STOPPED: frozenset(),
}
"""Which status may follow which. A closed trajectory stays closed: a new start is a new one."""

PLAN_FIELDS = (
    "coach",
    "organisation",
    "start",
    "planned_end",
    "help_request",
    "network",
    "safety_agreements",
    "evaluation_dates",
)
"""Fields of the trajectory that are part of the signed plan (status and versions are not)."""


class NetworkPerson(BaseModel):
    """Someone the youth can fall back on ("mijn netwerk")."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=150, title=N_("Naam"))
    relation: str = Field(default="", max_length=100, title=N_("Wie is dit voor je"))
    phone: str = Field(default="", max_length=40, title=N_("Telefoon"))


class Trajectory(Record):
    kind: ClassVar[str] = "trajectory"
    retention = Retention(Term.TRAJECTORIES, start="ended_on", also_reads=("status", "updated_at"))
    label: ClassVar[str] = N_("Traject")
    links = (belongs_to("youth_id", "youth"),)
    scope_inputs: ClassVar[tuple[str, ...]] = ("youth_id",)
    ownership = Ownership(coordinator_owns=False)

    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    coach: str = Field(min_length=1, max_length=150, title=N_("Coach"))
    organisation: str = Field(default="", max_length=150, title=N_("Organisatie"))
    start: DutchDate = Field(title=N_("Startdatum"))
    planned_end: DutchDate | None = Field(default=None, title=N_("Geplande einddatum"))
    status: TrajectoryStatus = Field(default=TrajectoryStatus.REGISTERED, title=N_("Status"))
    stop_reason: str = Field(default="", max_length=1000, title=N_("Reden van stoppen"))
    ended_on: DutchDate | None = Field(default=None, title=N_("Einddatum"))
    help_request: str = Field(default="", max_length=4000, title=N_("Hulpvraag in eigen woorden"))
    network: list[NetworkPerson] = Field(default_factory=list, title=N_("Mijn netwerk"))
    safety_agreements: str = Field(
        default="", max_length=4000, title=N_("Veiligheidsafspraken en grenzen")
    )
    evaluation_dates: list[DutchDate] = Field(default_factory=list, title=N_("Evaluatiemomenten"))
    plan_version: int = Field(default=1, ge=1, title=N_("Versie van het plan"))
    signed_version: int | None = Field(default=None, ge=1, title=N_("Ondertekende versie"))

    @field_validator("evaluation_dates")
    @classmethod
    def _sorted_dates(cls, value: list[date]) -> list[date]:
        return sorted(set(value))

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.planned_end is not None and self.planned_end < self.start:
            raise rule_error(N_("{label} ligt voor de startdatum."), field="planned_end")
        if self.status is TrajectoryStatus.STOPPED and not self.stop_reason:
            raise rule_error(
                N_("{label} is verplicht als het traject gestopt is."), field="stop_reason"
            )
        if self.ended_on is not None and self.ended_on < self.start:
            raise rule_error(N_("{label} ligt voor de startdatum."), field="ended_on")
        if self.signed_version is not None and self.signed_version > self.plan_version:
            raise rule_error(
                N_("{label} kan niet hoger zijn dan de versie van het plan."),
                field="signed_version",
            )
        return self

    @classmethod
    def retention_start(cls, data: Mapping[str, Any]) -> Any:
        """Counted from the end date; a closed trajectory without one from its last change;
        a running one is kept."""
        if data.get("ended_on"):
            return data["ended_on"]
        closed = data.get("status") in (
            TrajectoryStatus.COMPLETED.value,
            TrajectoryStatus.STOPPED.value,
        )
        return data.get("updated_at") if closed else None

    @property
    def network_is_small(self) -> bool:
        """Fewer than three people to fall back on: warn, never block."""
        return len(self.network) < MIN_NETWORK

    @property
    def is_signed(self) -> bool:
        """The working copy is exactly the last signed version."""
        return self.signed_version is not None and self.signed_version == self.plan_version

    def plan_differs(self, other: Trajectory) -> bool:
        mine, theirs = self.dump(), other.dump()
        return any(mine[name] != theirs[name] for name in PLAN_FIELDS)

    def check_change(self, previous: Trajectory) -> None:
        if previous.youth_id != self.youth_id:
            raise ChangeRefused(N_("Een traject hoort altijd bij dezelfde jongere."))
        if previous.status.is_closed:  # the write path asks only when something changed
            raise ChangeRefused(N_("Dit traject is afgesloten en kan niet meer worden gewijzigd."))
        if self.status is not previous.status and self.status not in STATUS_STEPS[previous.status]:
            raise ChangeRefused(
                N_("Een traject met status {old} kan niet de status {new} krijgen."),
                old=previous.status.label.lower(),
                new=self.status.label.lower(),
            )
        if self.plan_version < previous.plan_version or (
            (self.signed_version or 0) < (previous.signed_version or 0)
        ):
            raise ChangeRefused(N_("Een versie van het plan kan niet worden teruggezet."))
        if previous.is_signed and self.plan_version == previous.plan_version:
            if self.plan_differs(previous):
                raise ChangeRefused(
                    N_(
                        "Versie {version} van het plan is ondertekend en verandert niet meer. "
                        "Wijzigingen komen in een nieuwe conceptversie."
                    ),
                    version=previous.plan_version,
                )


class Goal(Record):
    kind: ClassVar[str] = "goal"
    label: ClassVar[str] = N_("Doel")
    links = (belongs_to("trajectory_id", "trajectory"),)
    visibility: ClassVar[Visibility] = Visibility.WITH_PARENT
    ownership = Ownership(of_parent=True)
    title_field: ClassVar[str | None] = "what"

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
    MUNICIPALITY = ("municipality", N_("Gemeente"))


class AgreementStatus(Choice):
    OPEN = ("open", N_("Lopend"))
    KEPT = ("kept", N_("Nagekomen"))
    BROKEN = ("broken", N_("Niet nagekomen"))


AGREEMENT_PROGRESS_FIELDS = ("status", "note")
"""Fields that record how an agreement went; changing them does not change the plan."""


class Agreement(Record):
    """Who does what by when. Two-way: support in return depends on other agreements."""

    kind: ClassVar[str] = "agreement"
    label: ClassVar[str] = N_("Afspraak")
    links = (
        belongs_to("trajectory_id", "trajectory"),
        refers_to("goal_id", "goal"),
        refers_to("depends_on", "agreement", many=True),
    )
    visibility: ClassVar[Visibility] = Visibility.WITH_PARENT
    ownership = Ownership(of_parent=True)
    title_field: ClassVar[str | None] = "what"

    trajectory_id: uuid.UUID = Field(title=N_("Traject"))
    party: Party = Field(title=N_("Partij"))
    who: str = Field(min_length=1, max_length=150, title=N_("Wie"))
    what: str = Field(min_length=1, max_length=1000, title=N_("Wat"))
    due: DutchDate | None = Field(default=None, title=N_("Wanneer klaar"))
    status: AgreementStatus = Field(default=AgreementStatus.OPEN, title=N_("Status"))
    note: str = Field(default="", max_length=1000, title=N_("Toelichting"))
    goal_id: uuid.UUID | None = Field(default=None, title=N_("Hoort bij doel"))
    is_support: bool = Field(default=False, title=N_("Steun in ruil"))
    depends_on: list[uuid.UUID] = Field(default_factory=list, title=N_("Hangt af van"))
    position: int = Field(default=0, ge=0, title=N_("Volgorde"))

    @model_validator(mode="after")
    def _support(self) -> Self:
        if self.depends_on and not self.is_support:
            raise rule_error(
                N_("Alleen steun in ruil hangt af van andere afspraken."), field="depends_on"
            )
        if self.is_support and not self.depends_on:
            raise rule_error(
                N_("Kies de afspraken waar deze steun van afhangt."), field="depends_on"
            )
        if self.id in self.depends_on:
            raise rule_error(N_("Een afspraak kan niet van zichzelf afhangen."), field="depends_on")
        return self

    def plan_dump(self) -> dict[str, object]:
        """The agreement as part of the plan, without how it went."""
        data = self.dump()
        for name in (*AGREEMENT_PROGRESS_FIELDS, "created_at", "updated_at"):
            data.pop(name)
        return data


class GoalProgress(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    goal_id: uuid.UUID = Field(title=N_("Doel"))
    score: int = Field(ge=1, le=5, title=N_("Voortgang (1-5)"))
    note: str = Field(default="", max_length=1000, title=N_("Toelichting"))


class Evaluation(Record):
    kind: ClassVar[str] = "evaluation"
    label: ClassVar[str] = N_("Evaluatie")
    links = (
        belongs_to("trajectory_id", "trajectory"),
        refers_to("progress", "goal", many=True, item="goal_id"),
    )
    visibility: ClassVar[Visibility] = Visibility.WITH_PARENT
    ownership = Ownership(of_parent=True)

    trajectory_id: uuid.UUID = Field(title=N_("Traject"))
    held_on: DutchDate = Field(title=N_("Datum"))
    progress: list[GoalProgress] = Field(default_factory=list, title=N_("Voortgang per doel"))
    note: str = Field(default="", max_length=4000, title=N_("Toelichting"))

    @model_validator(mode="after")
    def _one_score_per_goal(self) -> Self:
        goals = [item.goal_id for item in self.progress]
        if len(set(goals)) != len(goals):
            raise rule_error(N_("Een doel staat twee keer in deze evaluatie."), field="progress")
        return self


class SignerRole(Choice):
    YOUTH = ("youth", N_("Jongere"))
    PARENT = ("parent", N_("Ouder of verzorger"))
    COACH = ("coach", N_("Coach"))


class SignatureMethod(Choice):
    PAPER = ("paper", N_("Op papier"))
    DRAWN = ("drawn", N_("Op het scherm"))


class Signature(Record):
    """A signature on one version of a plan; like the version it signs, it never changes."""

    kind: ClassVar[str] = "signature"
    label: ClassVar[str] = N_("Handtekening")
    links = (belongs_to("trajectory_id", "trajectory"),)
    visibility: ClassVar[Visibility] = Visibility.WITH_PARENT
    title_field: ClassVar[str | None] = "name"
    ownership = Ownership(of_parent=True, append_only=True)

    trajectory_id: uuid.UUID = Field(title=N_("Traject"))
    plan_version: int = Field(ge=1, title=N_("Versie van het plan"))
    signer: SignerRole = Field(title=N_("Ondertekenaar"))
    name: str = Field(min_length=1, max_length=150, title=N_("Naam"))
    signed_on: DutchDate = Field(title=N_("Datum"))
    method: SignatureMethod = Field(title=N_("Manier"))
    image_png: str | None = Field(
        default=None, max_length=MAX_SIGNATURE_CHARS, title=N_("Handtekening")
    )

    @field_validator("signed_on")
    @classmethod
    def _not_future(cls, value: date, info: ValidationInfo) -> date:
        return check_not_future_date(value) if checks_today(info) else value

    @field_validator("image_png")
    @classmethod
    def _png(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise rule_error(N_("{label} is geen geldige afbeelding.")) from None
        if not raw.startswith(PNG_MAGIC):
            raise rule_error(N_("{label} is geen geldige afbeelding."))
        return value

    @model_validator(mode="after")
    def _image(self) -> Self:
        if self.method is SignatureMethod.DRAWN and not self.image_png:
            raise rule_error(N_("Zet eerst een handtekening op het scherm."), field="image_png")
        if self.method is SignatureMethod.PAPER and self.image_png:
            raise rule_error(
                N_("Een handtekening op papier heeft geen afbeelding."), field="image_png"
            )
        return self

    @property
    def image(self) -> bytes | None:
        return base64.b64decode(self.image_png) if self.image_png else None

    @classmethod
    def check_delete(cls) -> None:
        raise ChangeRefused(N_("Een handtekening wordt nooit verwijderd."))

    def check_change(self, previous: Signature) -> None:
        raise ChangeRefused(N_("Een handtekening kan niet worden gewijzigd."))
