"""The young person, their relations and the professionals involved with them."""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from datetime import date
from typing import Any, ClassVar, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from veldwerk_core.i18n import N_
from veldwerk_core.models.base import DutchDate, Record, checks_today
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.errors import rule_error
from veldwerk_core.models.links import (
    Grant,
    Others,
    Ownership,
    Retention,
    Term,
    Visibility,
    belongs_to,
    refers_to,
)
from veldwerk_core.models.validators import age_on, check_bsn, check_not_future_date, today

# Youths in scope of prevention programmes are 8-23; the register allows some margin either way,
# but a date of birth more than this many years ago is almost surely a typing error.
MAX_AGE_YEARS = 30


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


class Gender(Choice):
    MALE = ("male", N_("Jongen"))
    FEMALE = ("female", N_("Meisje"))
    OTHER = ("other", N_("Anders"))


class Youth(Record):
    kind: ClassVar[str] = "youth"
    retention = Retention(Term.YOUTHS, start="updated_at")
    label: ClassVar[str] = N_("Jongere")
    visibility: ClassVar[Visibility] = Visibility.SUBJECT
    school_field: ClassVar[str | None] = "school"
    scope_inputs: ClassVar[tuple[str, ...]] = ("school",)
    ownership = Ownership(others=Others.PROPOSE, delete_reason=True)

    first_name: str = Field(min_length=1, max_length=100, title=N_("Voornaam"))
    infix: str = Field(default="", max_length=30, title=N_("Tussenvoegsel"))
    last_name: str = Field(min_length=1, max_length=100, title=N_("Achternaam"))
    date_of_birth: DutchDate = Field(title=N_("Geboortedatum"))
    gender: Gender | None = Field(default=None, title=N_("Geslacht"))
    wijk: str = Field(default="", max_length=100, title=N_("Wijk"))
    school: str = Field(default="", max_length=150, title=N_("School"))
    bsn: str | None = Field(default=None, title=N_("BSN"))
    contact_notes: str = Field(default="", max_length=4000, title=N_("Contactnotities"))

    @field_validator("bsn", mode="before")
    @classmethod
    def _bsn(cls, value: object) -> object:
        return check_bsn(value) if isinstance(value, str) or value is None else value

    @field_validator("date_of_birth")
    @classmethod
    def _plausible_birth(cls, value: date, info: ValidationInfo) -> date:
        if not checks_today(info):
            return value
        check_not_future_date(value)
        if age_on(value, today()) > MAX_AGE_YEARS:
            raise rule_error(
                N_("{label} ligt meer dan {years} jaar terug; controleer de datum."),
                years=MAX_AGE_YEARS,
            )
        return value

    @classmethod
    def title_of(cls, data: dict[str, Any]) -> str | None:
        try:
            return cls.load(data).name_with_age()
        except ValueError:
            return None

    @classmethod
    def match_keys(cls, data: dict[str, Any]) -> tuple[str | None, str | None]:
        """Digests of the BSN, and of the name (case, accents and spacing aside) with the
        date of birth: equal digests are a likely second registration of the same youth."""
        bsn = str(data.get("bsn") or "").strip()
        parts = (data.get("first_name"), data.get("infix"), data.get("last_name"))
        name = " ".join(_plain(str(part)) for part in parts if part)
        born = str(data.get("date_of_birth") or "")
        by_bsn = _digest("bsn", bsn) if bsn else None
        by_name = _digest("name", f"{name}|{born}") if name and born else None
        return by_bsn, by_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.infix, self.last_name) if part)

    def age(self, on: date | None = None) -> int:
        return age_on(self.date_of_birth, on or today())

    def name_with_age(self, on: date | None = None) -> str:
        """How a youth is shown everywhere: never only an id, always name and age."""
        return f"{self.full_name} ({self.age(on)})"


class RelationKind(Choice):
    SIBLING = ("sibling", N_("Broer of zus"))
    PARENT_CARER = ("parent_carer", N_("Ouder of verzorger"))
    OTHER = ("other", N_("Anders"))


class Relation(Record):
    """A tie of a youth to someone else; siblings of youths in an approach are a risk criterion."""

    kind: ClassVar[str] = "relation"
    label: ClassVar[str] = N_("Relatie")
    links = (belongs_to("youth_id", "youth"), refers_to("related_youth_id", "youth"))

    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    relation_kind: RelationKind = Field(title=N_("Soort relatie"))
    related_youth_id: uuid.UUID | None = Field(default=None, title=N_("Andere jongere"))
    name: str = Field(default="", max_length=150, title=N_("Naam"))
    note: str = Field(default="", max_length=1000, title=N_("Toelichting"))

    @model_validator(mode="after")
    def _someone(self) -> Self:
        if self.related_youth_id is None and not self.name:
            raise rule_error(N_("Kies een jongere of vul een naam in."), field="name")
        if self.related_youth_id == self.youth_id:
            raise rule_error(
                N_("Een jongere kan geen relatie met zichzelf hebben."), field="related_youth_id"
            )
        return self


class Involvement(Record):
    """A professional working with a youth ("betrokkene"): the answer to "who does what"."""

    kind: ClassVar[str] = "involvement"
    label: ClassVar[str] = N_("Betrokkene")
    links = (belongs_to("youth_id", "youth"),)
    grant = Grant(user="professional_id", since="since", until="until")
    scope_inputs: ClassVar[tuple[str, ...]] = ("youth_id", "professional_id", "since", "until")

    youth_id: uuid.UUID = Field(title=N_("Jongere"))
    professional: str = Field(min_length=1, max_length=150, title=N_("Professional"))
    professional_id: str | None = Field(default=None, max_length=64, title=N_("Gebruiker"))
    organisation: str = Field(min_length=1, max_length=150, title=N_("Organisatie"))
    role: str = Field(min_length=1, max_length=100, title=N_("Rol"))
    since: DutchDate = Field(title=N_("Sinds"))
    until: DutchDate | None = Field(default=None, title=N_("Tot"))

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.until is not None and self.until < self.since:
            raise rule_error(N_("{label} ligt voor de begindatum."), field="until")
        return self

    def active_on(self, day: date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)
