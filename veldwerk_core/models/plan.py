"""A plan as it is read, printed and signed; signed versions are frozen snapshots.

:class:`PlanContent` is everything a printed plan shows, copied out of the working records
(with the life-domain names and the youth's name as they were), so a signed version prints
exactly as it was signed even after the records, the configuration or the youth's register
entry change.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from veldwerk_core.i18n import N_
from veldwerk_core.models.base import DutchDate, Record
from veldwerk_core.models.errors import ChangeRefused, rule_error
from veldwerk_core.models.links import Ownership, Visibility, belongs_to
from veldwerk_core.models.storable import MAX_TEXT
from veldwerk_core.models.trajectory import (
    AgreementStatus,
    GoalProgress,
    NetworkPerson,
    Party,
    SignerRole,
    TrajectoryStatus,
)
from veldwerk_core.models.validators import age_on

PARENT_SIGNS_UNDER = 16
"""A parent or carer signs too while the youth is younger than this on the signing date."""


def required_signers(date_of_birth: date, on: date) -> tuple[SignerRole, ...]:
    """Who must sign a plan version for a youth born on ``date_of_birth``, signed ``on``."""
    if age_on(date_of_birth, on) < PARENT_SIGNS_UNDER:
        return (SignerRole.YOUTH, SignerRole.PARENT, SignerRole.COACH)
    return (SignerRole.YOUTH, SignerRole.COACH)


def missing_signers(date_of_birth: date, on: date, present: list[SignerRole]) -> list[SignerRole]:
    return [role for role in required_signers(date_of_birth, on) if role not in present]


class _Part(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, str_max_length=MAX_TEXT
    )


class PlanGoal(_Part):
    id: uuid.UUID
    life_domain: str = Field(title=N_("Leefgebied"))
    life_domain_label: str = Field(title=N_("Leefgebied"))
    what: str = Field(title=N_("Wat wil je bereiken"))
    how_measured: str = Field(default="", title=N_("Hoe zien we vooruitgang"))
    by_when: DutchDate | None = Field(default=None, title=N_("Wanneer"))


class PlanAgreement(_Part):
    id: uuid.UUID
    party: Party = Field(title=N_("Partij"))
    who: str = Field(title=N_("Wie"))
    what: str = Field(title=N_("Wat"))
    due: DutchDate | None = Field(default=None, title=N_("Wanneer klaar"))
    status: AgreementStatus = Field(default=AgreementStatus.OPEN, title=N_("Status"))
    note: str = Field(default="", title=N_("Toelichting"))
    goal_id: uuid.UUID | None = Field(default=None, title=N_("Hoort bij doel"))
    is_support: bool = Field(default=False, title=N_("Steun in ruil"))
    depends_on: list[uuid.UUID] = Field(default_factory=list, title=N_("Hangt af van"))


class PlanEvaluation(_Part):
    held_on: DutchDate = Field(title=N_("Datum"))
    progress: list[GoalProgress] = Field(default_factory=list, title=N_("Voortgang per doel"))
    note: str = Field(default="", title=N_("Toelichting"))


class PlanContent(_Part):
    youth_name: str = Field(min_length=1, title=N_("Jongere"))
    youth_first_name: str = Field(min_length=1, title=N_("Voornaam"))
    youth_date_of_birth: DutchDate = Field(title=N_("Geboortedatum"))
    coach: str = Field(title=N_("Coach"))
    organisation: str = Field(default="", title=N_("Organisatie"))
    start: DutchDate = Field(title=N_("Startdatum"))
    planned_end: DutchDate | None = Field(default=None, title=N_("Geplande einddatum"))
    status: TrajectoryStatus = Field(title=N_("Status"))
    help_request: str = Field(default="", title=N_("Hulpvraag in eigen woorden"))
    network: list[NetworkPerson] = Field(default_factory=list, title=N_("Mijn netwerk"))
    safety_agreements: str = Field(default="", title=N_("Veiligheidsafspraken en grenzen"))
    evaluation_dates: list[DutchDate] = Field(default_factory=list, title=N_("Evaluatiemomenten"))
    goals: list[PlanGoal] = Field(default_factory=list, title=N_("Doelen"))
    agreements: list[PlanAgreement] = Field(default_factory=list, title=N_("Afspraken"))
    evaluations: list[PlanEvaluation] = Field(default_factory=list, title=N_("Evaluaties"))

    def goal(self, goal_id: uuid.UUID | None) -> PlanGoal | None:
        return next((goal for goal in self.goals if goal.id == goal_id), None)

    def agreement(self, agreement_id: uuid.UUID) -> PlanAgreement | None:
        return next((item for item in self.agreements if item.id == agreement_id), None)

    @property
    def commitments(self) -> list[PlanAgreement]:
        """Agreements that are not support in return."""
        return [item for item in self.agreements if not item.is_support]

    @property
    def support(self) -> list[PlanAgreement]:
        return [item for item in self.agreements if item.is_support]


class PlanVersion(Record):
    """A signed version of a plan: its content as signed, and who signed it. Never changes."""

    kind: ClassVar[str] = "plan_version"
    links = (belongs_to("trajectory_id", "trajectory"),)
    visibility: ClassVar[Visibility] = Visibility.WITH_PARENT
    ownership = Ownership(of_parent=True, append_only=True)
    label: ClassVar[str] = N_("Ondertekende planversie")

    trajectory_id: uuid.UUID = Field(title=N_("Traject"))
    version: int = Field(ge=1, title=N_("Versie van het plan"))
    signed_on: DutchDate = Field(title=N_("Ondertekend op"))
    signers: list[SignerRole] = Field(min_length=1, title=N_("Ondertekenaars"))
    content: PlanContent = Field(title=N_("Plan"))

    @model_validator(mode="after")
    def _signed_by_everyone(self) -> Self:
        missing = missing_signers(self.content.youth_date_of_birth, self.signed_on, self.signers)
        if SignerRole.PARENT in missing:
            raise rule_error(
                N_(
                    "De jongere is jonger dan {age} jaar: een ouder of verzorger moet "
                    "het plan ook ondertekenen."
                ),
                field="signers",
                age=PARENT_SIGNS_UNDER,
            )
        if missing:
            raise rule_error(
                N_("Het plan moet nog worden ondertekend door: {who}."),
                field="signers",
                who=", ".join(role.label.lower() for role in missing),
            )
        return self

    @classmethod
    def check_delete(cls) -> None:
        raise ChangeRefused(N_("Een ondertekende versie van het plan wordt nooit verwijderd."))

    def check_change(self, previous: PlanVersion) -> None:
        raise ChangeRefused(
            N_("Een ondertekende versie van het plan verandert nooit. Maak een nieuwe versie.")
        )
