"""Screening instruments: versioned checklists a municipality writes itself.

Validated instruments (SAVRY, YLS/CMI, EARL, LIJ, ARIJ) are licensed and never carried here. An
instrument file (YAML or JSON) is an :class:`InstrumentDefinition`; once imported it becomes an
:class:`Instrument` record that never changes - a changed checklist is a new version, so every
screening keeps meaning what it meant when it was filled in.

How answers count (also in ``docs/instrumenten.md``):

- ja/nee: *ja* scores the weight, *nee* nothing;
- schaal 0-1-2: the value times the weight;
- aantal: the count times the weight, counting at most ``max_count`` (default 3);
- datum: the weight when the date lies at most ``recent_days`` before the screening date;
  *nee* (it never happened) scores nothing;
- onbekend: for a risk factor, ``unknown_counts_as`` (a fraction 0..1) of the item's maximum;
  for a protective factor nothing - a protection nobody knows of cannot lower the score.

The score is the risk points minus the protective points.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.config import JsonDict

from veldwerk_core.i18n import N_
from veldwerk_core.models.answers import UNKNOWN, Answer, AnswerType, AnswerValue, ItemDirection
from veldwerk_core.models.base import Record
from veldwerk_core.models.conditions import Condition, Range, check_code, number
from veldwerk_core.models.config import ConfigInvalid, parse_config
from veldwerk_core.models.errors import ChangeRefused, rule_error
from veldwerk_core.models.links import CONFIGURATION_ROLES, Others, Ownership, Visibility
from veldwerk_core.models.storable import MAX_TEXT

SLUG = r"^[a-z0-9][a-z0-9_-]*$"
DEFAULT_MAX_COUNT = 3
MAX_WEIGHT = 100
FRACTION: JsonDict = {"minimum": 0, "maximum": 1}


def _between(value: float | None, low: float, high: float) -> float | None:
    """Range checks with the bounds as people write them (0, not 0.0)."""
    if value is not None and not low <= value <= high:
        raise rule_error(
            N_("{label} moet tussen {low} en {high} liggen."), low=number(low), high=number(high)
        )
    return value


class _Part(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, str_max_length=MAX_TEXT
    )


class InstrumentDomain(_Part):
    id: str = Field(pattern=SLUG, max_length=60, title=N_("Code"))
    title: str = Field(min_length=1, max_length=150, title=N_("Titel"))


class InstrumentItem(_Part):
    id: str = Field(pattern=SLUG, max_length=60, title=N_("Code"))
    text: str = Field(min_length=1, max_length=500, title=N_("Vraag"))
    help: str = Field(default="", max_length=2000, title=N_("Toelichting"))
    domain: str = Field(min_length=1, title=N_("Domein"))
    answer_type: AnswerType = Field(title=N_("Soort antwoord"))
    weight: float = Field(
        default=1.0,
        title=N_("Gewicht"),
        description="Punten voor ja, per schaalpunt of per stuk (aantal).",
        json_schema_extra={"minimum": 0, "maximum": MAX_WEIGHT},
    )
    direction: ItemDirection = Field(default=ItemDirection.RISK, title=N_("Richting"))
    max_count: int | None = Field(
        default=None,
        ge=1,
        le=1000,
        title=N_("Hoogste aantal"),
        description="Alleen bij aantal: tot hoeveel het meetelt (standaard 3).",
    )
    recent_days: int | None = Field(
        default=None,
        ge=1,
        le=36500,
        title=N_("Recent (dagen)"),
        description="Alleen bij datum: telt mee als de datum hoogstens zoveel dagen voor de "
        "screening ligt.",
    )
    unknown_counts_as: float | None = Field(
        default=None, title=N_("Onbekend telt als"), json_schema_extra=FRACTION
    )

    @field_validator("answer_type", mode="before")
    @classmethod
    def _answer_type_code(cls, value: object) -> object:
        return check_code(AnswerType, value)

    @field_validator("weight")
    @classmethod
    def _weight(cls, value: float) -> float:
        _between(value, 0, MAX_WEIGHT)
        return value

    @field_validator("unknown_counts_as")
    @classmethod
    def _unknown_share(cls, value: float | None) -> float | None:
        return _between(value, 0, 1)

    @field_validator("direction", mode="before")
    @classmethod
    def _direction_code(cls, value: object) -> object:
        return check_code(ItemDirection, value)

    @model_validator(mode="after")
    def _type_options(self) -> Self:
        if self.max_count is not None and self.answer_type is not AnswerType.COUNT:
            raise rule_error(
                N_("{label} hoort alleen bij het soort antwoord Aantal."), field="max_count"
            )
        if self.recent_days is not None and self.answer_type is not AnswerType.DATE:
            raise rule_error(
                N_("{label} hoort alleen bij het soort antwoord Datum."), field="recent_days"
            )
        if self.answer_type is AnswerType.DATE and self.weight > 0 and self.recent_days is None:
            raise rule_error(
                N_(
                    "een datumvraag met een gewicht heeft recent_days nodig: hoeveel dagen "
                    "voor de screening de datum telt."
                ),
                field="recent_days",
            )
        return self

    @property
    def count_cap(self) -> int:
        return self.max_count or DEFAULT_MAX_COUNT

    @property
    def max_points(self) -> float:
        """The most this item can add to (or, if protective, take off) the score."""
        if self.answer_type is AnswerType.SCALE_0_2:
            return 2 * self.weight
        if self.answer_type is AnswerType.COUNT:
            return self.count_cap * self.weight
        if self.answer_type is AnswerType.DATE and self.recent_days is None:
            return 0.0
        return self.weight


class OutcomeBand(_Part):
    id: str = Field(pattern=SLUG, max_length=60, title=N_("Code"))
    label: str = Field(min_length=1, max_length=150, title=N_("Uitkomst"))
    min_score: float = Field(
        title=N_("Vanaf score"), description="Oplopend; een lagere score valt in de eerste."
    )
    advice: str = Field(default="", max_length=2000, title=N_("Advies"))


class DerivedRule(_Part):
    """A named combination ("doelgroep jonge aanwas") shown when it holds."""

    id: str = Field(pattern=SLUG, max_length=60, title=N_("Code"))
    title: str = Field(min_length=1, max_length=150, title=N_("Titel"))
    when: Condition = Field(title=N_("Voorwaarde"))
    advice: str = Field(default="", max_length=2000, title=N_("Advies"))
    min_band: str | None = Field(
        default=None,
        title=N_("Minstens uitkomst"),
        description="Als de regel geldt, is de uitkomst minstens deze band (id).",
    )


class InstrumentDefinition(_Part):
    """The contents of an instrument file; ``id`` + ``version`` identify it for ever."""

    id: str = Field(pattern=SLUG, max_length=80, title=N_("Code"))
    version: int = Field(ge=1, title=N_("Versie"))
    title: str = Field(min_length=1, max_length=200, title=N_("Titel"))
    description: str = Field(default="", max_length=4000, title=N_("Omschrijving"))
    example: bool = Field(
        default=False,
        title=N_("Voorbeeld"),
        description="Waar voor een voorbeeld dat een gemeente nog moet aanpassen.",
    )
    unknown_counts_as: float = Field(
        default=0.0,
        json_schema_extra=FRACTION,
        title=N_("Onbekend telt als"),
        description="Deel van het maximum van een risicovraag dat 'onbekend' oplevert "
        "(0 = niets, 0.5 = de helft, 1 = alles). Een onbekende beschermende factor telt nooit.",
    )
    max_unknown_share: float | None = Field(
        default=None, title=N_("Hoogste aandeel onbekend"), json_schema_extra=FRACTION
    )
    domains: list[InstrumentDomain] = Field(min_length=1, title=N_("Domeinen"))
    items: list[InstrumentItem] = Field(min_length=1, title=N_("Vragen"))
    rules: list[DerivedRule] = Field(default_factory=list, title=N_("Afgeleide regels"))
    bands: list[OutcomeBand] = Field(min_length=1, title=N_("Uitkomsten"))

    @field_validator("unknown_counts_as", "max_unknown_share")
    @classmethod
    def _fractions(cls, value: float | None) -> float | None:
        return _between(value, 0, 1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _unique(self.domains, "domains")
        _unique(self.items, "items")
        _unique(self.rules, "rules")
        _unique(self.bands, "bands")
        domains = {domain.id for domain in self.domains}
        for index, item in enumerate(self.items):
            if item.domain not in domains:
                raise rule_error(
                    N_("domein {value} staat niet in de lijst domains."),
                    field=f"items.{index}.domain",
                    value=item.domain,
                )
        used = {item.domain for item in self.items}
        for index, domain in enumerate(self.domains):
            if domain.id not in used:
                raise rule_error(
                    N_("domein {value} heeft geen vragen."),
                    field=f"domains.{index}",
                    value=domain.id,
                )
        for index, band in enumerate(self.bands[1:], start=1):
            if band.min_score <= self.bands[index - 1].min_score:
                raise rule_error(
                    N_("de uitkomsten moeten op oplopende score staan (min_score)."),
                    field=f"bands.{index}.min_score",
                )
        self._check_rules()
        return self

    def _check_rules(self) -> None:
        bands = {band.id for band in self.bands}
        defined: set[str] = set()
        for index, rule in enumerate(self.rules):
            if rule.min_band is not None and rule.min_band not in bands:
                raise rule_error(
                    N_("uitkomst {value} staat niet in de lijst bands."),
                    field=f"rules.{index}.min_band",
                    value=rule.min_band,
                )
            for path, condition in rule.when.walk(f"rules.{index}.when"):
                self._check_condition(path, condition, defined)
            defined.add(rule.id)

    def _check_condition(self, path: str, condition: Condition, rules: set[str]) -> None:
        if condition.rule is not None and condition.rule not in rules:
            raise rule_error(
                N_("regel {value} moet eerder in de lijst rules staan."),
                field=f"{path}.rule",
                value=condition.rule,
            )
        domains = {domain.id for domain in self.domains}
        used: list[tuple[str, str]] = []
        if condition.score is not None and condition.score.domain is not None:
            used.append((f"{path}.score.domain", condition.score.domain))
        if condition.present is not None:
            used += [
                (f"{path}.present.domains.{position}", domain)
                for position, domain in enumerate(condition.present.domains or ())
            ]
        for where, domain in used:
            if domain not in domains:
                raise rule_error(
                    N_("domein {value} staat niet in de lijst domains."), field=where, value=domain
                )
        if condition.present is not None:
            for position, item_id in enumerate(condition.present.items or ()):
                if self.item(item_id) is None:
                    raise rule_error(
                        N_("vraag {value} staat niet in de lijst items."),
                        field=f"{path}.present.items.{position}",
                        value=item_id,
                    )
        if condition.answer is not None:
            check_answer_test(self, condition.answer, f"{path}.answer")

    # -- lookups -------------------------------------------------------------------------

    def item(self, item_id: str) -> InstrumentItem | None:
        return next((item for item in self.items if item.id == item_id), None)

    def domain(self, domain_id: str) -> InstrumentDomain | None:
        return next((domain for domain in self.domains if domain.id == domain_id), None)

    def band(self, band_id: str) -> OutcomeBand | None:
        return next((band for band in self.bands if band.id == band_id), None)

    def items_of(self, domain_id: str) -> list[InstrumentItem]:
        return [item for item in self.items if item.domain == domain_id]

    def unknown_share(self, item: InstrumentItem) -> float:
        """How much of its maximum an "onbekend" adds: the item's own rule or the instrument's."""
        if item.direction is ItemDirection.PROTECTIVE:
            return 0.0
        return self.unknown_counts_as if item.unknown_counts_as is None else item.unknown_counts_as

    def fingerprint(self) -> str:
        """A hash of the contents: the same version imported twice must be the same checklist."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _unique(entries: Sequence[Any], section: str) -> None:
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if entry.id in seen:
            raise rule_error(
                N_("code {value} komt twee keer voor."),
                field=f"{section}.{index}.id",
                value=entry.id,
            )
        seen.add(entry.id)


def check_answer_test(definition: InstrumentDefinition, test: Any, path: str) -> None:
    """An ``answer`` condition must fit the item it asks about."""
    item = definition.item(test.item)
    if item is None:
        raise rule_error(
            N_("vraag {value} staat niet in de lijst items."), field=f"{path}.item", value=test.item
        )
    kind = item.answer_type
    if test.within_days is not None and kind is not AnswerType.DATE:
        raise rule_error(
            N_("de test within_days past alleen bij een datumvraag; {value} is dat niet."),
            field=f"{path}.within_days",
            value=item.id,
        )
    if test.range is not None and kind not in (AnswerType.SCALE_0_2, AnswerType.COUNT):
        raise rule_error(
            N_("de test min/max past alleen bij een schaal- of aantalvraag; {value} is dat niet."),
            field=f"{path}.min",
            value=item.id,
        )
    if test.equals is not None:
        try:
            normalise_answer(item, test.equals)
        except ValueError:
            raise rule_error(
                N_("de waarde bij equals past niet bij het soort antwoord van vraag {value}."),
                field=f"{path}.equals",
                value=item.id,
            ) from None


def normalise_answer(item: InstrumentItem, value: object) -> AnswerValue:
    """The stored form of an answer to ``item``; ValueError names what is wrong (Dutch msgid)."""
    if isinstance(value, Answer):
        value = value.value
    if isinstance(value, str):
        value = value.strip()
        if value.casefold() in (UNKNOWN, "onbekend", "?"):
            return UNKNOWN
    kind = item.answer_type
    if kind is AnswerType.YES_NO_UNKNOWN:
        code = {"ja": "yes", "nee": "no"}.get(str(value).casefold(), str(value).casefold())
        if isinstance(value, str) and code in (Answer.YES.value, Answer.NO.value):
            return code
        raise ValueError(N_("Kies ja, nee of onbekend."))
    if kind is AnswerType.DATE:
        if isinstance(value, str) and value.casefold() in (Answer.NO.value, "nee"):
            return Answer.NO.value
        parsed = _date(value)
        if parsed is None:
            raise ValueError(N_("Vul een datum in als dd-mm-jjjj, of kies nee of onbekend."))
        return parsed.isoformat()
    number = _integer(value)
    if kind is AnswerType.SCALE_0_2:
        if number is None or not 0 <= number <= 2:
            raise ValueError(N_("Kies 0, 1, 2 of onbekend."))
        return number
    if number is None or number < 0:
        raise ValueError(N_("Vul een heel getal van 0 of meer in, of kies onbekend."))
    return number


def _integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) <= 6:
        return int(value)
    return None


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.replace("/", "-").split("-")
    if len(parts) == 3 and len(parts[2]) == 4 and all(part.isdigit() for part in parts):
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            return None
    return None


def answer_date(value: AnswerValue) -> date | None:
    return _date(value) if isinstance(value, str) and value != UNKNOWN else None


class Instrument(Record):
    """One imported version of a checklist. Never changes: a new checklist is a new version."""

    kind: ClassVar[str] = "instrument"
    label: ClassVar[str] = N_("Instrument")
    visibility: ClassVar[Visibility] = Visibility.EVERYONE
    title_field: ClassVar[str | None] = "key"
    ownership = Ownership(others=Others.EDIT, append_only=True, writers=CONFIGURATION_ROLES)

    key: str = Field(pattern=SLUG, max_length=80, title=N_("Code"))
    version: int = Field(ge=1, title=N_("Versie"))
    definition: InstrumentDefinition = Field(title=N_("Inhoud"))
    source: str = Field(default="", max_length=255, title=N_("Bestand"))

    @model_validator(mode="after")
    def _identity(self) -> Self:
        if (self.key, self.version) != (self.definition.id, self.definition.version):
            raise rule_error(N_("Code en versie horen bij de inhoud te passen."), field="key")
        return self

    @classmethod
    def of(cls, definition: InstrumentDefinition, source: str = "") -> Instrument:
        return cls(
            key=definition.id, version=definition.version, definition=definition, source=source
        )

    @property
    def title(self) -> str:
        return self.definition.title

    @classmethod
    def check_delete(cls) -> None:
        raise ChangeRefused(
            N_("Een instrumentversie wordt nooit verwijderd: screenings verwijzen ernaar.")
        )

    def check_change(self, previous: Instrument) -> None:
        raise ChangeRefused(
            N_("Een instrumentversie verandert nooit. Importeer de wijziging als nieuwe versie.")
        )


def walk_items(
    definition: InstrumentDefinition,
) -> Iterator[tuple[InstrumentDomain, InstrumentItem]]:
    """Items in the order they are asked: domain by domain, as the domains are listed."""
    for domain in definition.domains:
        for item in definition.items_of(domain.id):
            yield domain, item


__all__ = [
    "Answer",
    "AnswerType",
    "AnswerValue",
    "DerivedRule",
    "Instrument",
    "InstrumentDefinition",
    "InstrumentDomain",
    "InstrumentInvalid",
    "InstrumentItem",
    "ItemDirection",
    "OutcomeBand",
    "Range",
    "UNKNOWN",
    "answer_date",
    "normalise_answer",
    "parse_instrument",
    "walk_items",
]


SCHEMA_ID = "https://veldwerk.example/schemas/instrument.schema.json"


def json_schema_text() -> str:
    """The JSON Schema of instrument files, as published in ``docs/instrument.schema.json``."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **InstrumentDefinition.model_json_schema(),
    }
    schema["title"] = "Veldwerk screeningsinstrument"
    schema["description"] = (
        "Een screeningslijst die een gemeente zelf schrijft (YAML of JSON). "
        "Zie docs/instrumenten.md voor uitleg en voorbeelden."
    )
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


class InstrumentInvalid(ConfigInvalid):
    """An instrument file has a mistake; the message names the file, the entry and the problem."""

    message = N_("Fout in instrumentbestand {file}, {entry}: {problem}")


def parse_instrument(data: object, file: str) -> InstrumentDefinition:
    """Validate the loaded contents of an instrument file, naming the first mistake."""
    try:
        return parse_config(InstrumentDefinition, data, file)
    except ConfigInvalid as error:
        raise InstrumentInvalid(error.file, error.entry, error.problem) from None
