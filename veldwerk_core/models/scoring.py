"""Scoring a checklist: pure, deterministic and explained down to every answer.

The result (:class:`Outcome`) is stored in the completed screening, so it stays exactly what the
professional saw - a later version of the instrument, or of this code, never changes it. The
rules of how answers count are in :mod:`veldwerk_core.models.instrument`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from veldwerk_core.i18n import N_
from veldwerk_core.models.answers import UNKNOWN, Answer, AnswerType, AnswerValue, ItemDirection
from veldwerk_core.models.conditions import Check, PresentTest, Truth, evaluate
from veldwerk_core.models.instrument import (
    InstrumentDefinition,
    InstrumentItem,
    answer_date,
    normalise_answer,
)
from veldwerk_core.models.storable import MAX_TEXT

PRECISION = 4


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT)


class Contribution(_Part):
    """One answer that moved the score: which, how it was answered, its weight and points."""

    item_id: str
    domain: str
    text: str
    direction: ItemDirection
    answer: AnswerValue
    weight: float
    points: float
    """Always zero or more; protective points are taken off the score."""

    @property
    def unknown(self) -> bool:
        return self.answer == UNKNOWN

    @property
    def signed_points(self) -> float:
        return -self.points if self.direction is ItemDirection.PROTECTIVE else self.points


class DomainScore(_Part):
    domain: str
    title: str
    risk: float
    protective: float
    score: float
    items: int
    answered: int
    unknown: int


class RuleOutcome(_Part):
    id: str
    title: str
    held: Truth
    advice: str = ""
    min_band: str | None = None
    checks: list[Check] = Field(default_factory=list)


class Outcome(_Part):
    score: float
    risk_score: float
    protective_score: float
    band: str
    band_label: str
    band_advice: str
    raised_by: list[str] = Field(default_factory=list)
    """Derived rules that lifted the outcome above the band of the score."""
    domains: list[DomainScore]
    contributions: list[Contribution]
    rules: list[RuleOutcome] = Field(default_factory=list)
    items: int
    answered: int
    unknown: int
    age: int | None = None
    too_many_unknown: bool = False

    def rules_held(self) -> list[RuleOutcome]:
        return [rule for rule in self.rules if rule.held is True]

    def domain(self, domain_id: str) -> DomainScore | None:
        return next((d for d in self.domains if d.domain == domain_id), None)


def item_points(
    definition: InstrumentDefinition, item: InstrumentItem, value: AnswerValue, on: date
) -> float:
    """What one answer adds (risk) or takes off (protective), as a non-negative number."""
    if value == UNKNOWN:
        return definition.unknown_share(item) * item.max_points
    kind = item.answer_type
    if kind is AnswerType.YES_NO_UNKNOWN:
        return item.weight if value == Answer.YES.value else 0.0
    if kind is AnswerType.DATE:
        days = _days_before(value, on)
        recent = item.recent_days is not None and days is not None and 0 <= days <= item.recent_days
        return item.weight if recent else 0.0
    count = int(value)
    if kind is AnswerType.COUNT:
        count = min(count, item.count_cap)
    return item.weight * count


def is_present(item: InstrumentItem, value: AnswerValue | None, on: date) -> Truth:
    """Whether the factor the item asks about is there; None when unknown or not answered."""
    if value is None or value == UNKNOWN:
        return None
    kind = item.answer_type
    if kind is AnswerType.YES_NO_UNKNOWN:
        return value == Answer.YES.value
    if kind is AnswerType.DATE:
        if value == Answer.NO.value:
            return False
        if item.recent_days is None:
            return True
        days = _days_before(value, on)
        return days is not None and 0 <= days <= item.recent_days
    return int(value) >= 1


def _days_before(value: AnswerValue, on: date) -> int | None:
    day = answer_date(value)
    return None if day is None else (on - day).days


def answer_problems(
    definition: InstrumentDefinition, answers: Mapping[str, object], on: date
) -> dict[str, str]:
    """Per item id, what is wrong with its answer (a Dutch msgid); missing answers included."""
    problems: dict[str, str] = {}
    for item in definition.items:
        raw = answers.get(item.id)
        if raw is None or raw == "":
            problems[item.id] = N_("Nog niet beantwoord; kies zo nodig onbekend.")
            continue
        try:
            value = normalise_answer(item, raw)
        except ValueError as exc:
            problems[item.id] = str(exc)
            continue
        day = answer_date(value)
        if day is not None and day > on:
            problems[item.id] = N_("De datum ligt na de datum van de screening.")
    return problems


@dataclass
class _Facts:
    definition: InstrumentDefinition
    answers: Mapping[str, AnswerValue]
    on: date
    years: int | None
    domain_scores: dict[str, float]
    total: float
    rule_results: dict[str, tuple[Truth, str]]

    def age(self) -> int | None:
        return self.years

    def answer(self, item_id: str) -> AnswerValue | None:
        return self.answers.get(item_id)

    def item_text(self, item_id: str) -> str:
        item = self.definition.item(item_id)
        return item.text if item is not None else item_id

    def days_before(self, item_id: str) -> int | None:
        value = self.answers.get(item_id)
        return None if value is None else _days_before(value, self.on)

    def present(self, test: PresentTest) -> tuple[int, int]:
        wanted = set(test.items) if test.items else None
        found: dict[str, Truth] = {}
        for item in self.definition.items:
            if wanted is not None and item.id not in wanted:
                continue
            if test.direction is not None and item.direction is not test.direction:
                continue
            if test.domains is not None and item.domain not in test.domains:
                continue
            truth = is_present(item, self.answers.get(item.id), self.on)
            key = item.domain if test.count == "domains" else item.id
            previous = found.get(key, False)
            found[key] = (
                True if truth or previous is True else (None if truth is None else previous)
            )
        present = sum(1 for truth in found.values() if truth is True)
        unknown = sum(1 for truth in found.values() if truth is None)
        return present, unknown

    def score(self, domain: str | None) -> float:
        return self.total if domain is None else self.domain_scores.get(domain, 0.0)

    def domain_title(self, domain_id: str) -> str:
        domain = self.definition.domain(domain_id)
        return domain.title if domain is not None else domain_id

    def rule(self, rule_id: str) -> tuple[Truth, str]:
        return self.rule_results.get(rule_id, (None, rule_id))


def score(
    definition: InstrumentDefinition,
    raw_answers: Mapping[str, object],
    *,
    on: date,
    age: int | None = None,
) -> Outcome:
    """Score the answers given so far (a draft may be incomplete); invalid answers raise."""
    answers: dict[str, AnswerValue] = {}
    for item in definition.items:
        raw = raw_answers.get(item.id)
        if raw is not None and raw != "":
            answers[item.id] = normalise_answer(item, raw)
    contributions: list[Contribution] = []
    domains: list[DomainScore] = []
    domain_scores: dict[str, float] = {}
    risk_total = protective_total = 0.0
    for domain in definition.domains:
        risk = protective = 0.0
        items = definition.items_of(domain.id)
        for item in items:
            value = answers.get(item.id)
            if value is None:
                continue
            points = round(item_points(definition, item, value, on), PRECISION)
            if points:
                contributions.append(
                    Contribution(
                        item_id=item.id,
                        domain=domain.id,
                        text=item.text,
                        direction=item.direction,
                        answer=value,
                        weight=item.weight,
                        points=points,
                    )
                )
            if item.direction is ItemDirection.PROTECTIVE:
                protective += points
            else:
                risk += points
        net = round(risk - protective, PRECISION)
        domain_scores[domain.id] = net
        domains.append(
            DomainScore(
                domain=domain.id,
                title=domain.title,
                risk=round(risk, PRECISION),
                protective=round(protective, PRECISION),
                score=net,
                items=len(items),
                answered=sum(1 for item in items if item.id in answers),
                unknown=sum(1 for item in items if answers.get(item.id) == UNKNOWN),
            )
        )
        risk_total += risk
        protective_total += protective
    total = round(risk_total - protective_total, PRECISION)
    facts = _Facts(definition, answers, on, age, domain_scores, total, {})
    rules: list[RuleOutcome] = []
    for rule in definition.rules:
        truth, checks = evaluate(rule.when, facts)
        facts.rule_results[rule.id] = (truth, rule.title)
        rules.append(
            RuleOutcome(
                id=rule.id,
                title=rule.title,
                held=truth,
                advice=rule.advice,
                min_band=rule.min_band,
                checks=checks,
            )
        )
    unknown = sum(1 for value in answers.values() if value == UNKNOWN)
    band_index, raised_by = _band(definition, total, rules)
    band = definition.bands[band_index]
    limit = definition.max_unknown_share
    return Outcome(
        score=total,
        risk_score=round(risk_total, PRECISION),
        protective_score=round(protective_total, PRECISION),
        band=band.id,
        band_label=band.label,
        band_advice=band.advice,
        raised_by=raised_by,
        domains=domains,
        contributions=sorted(contributions, key=lambda c: (-c.points, c.item_id)),
        rules=rules,
        items=len(definition.items),
        answered=len(answers),
        unknown=unknown,
        age=age,
        too_many_unknown=limit is not None and unknown > limit * len(definition.items),
    )


def _band(
    definition: InstrumentDefinition, total: float, rules: list[RuleOutcome]
) -> tuple[int, list[str]]:
    """The band of the score, lifted by derived rules that hold and name a higher band."""
    bands = definition.bands
    by_score = max((i for i, band in enumerate(bands) if band.min_score <= total), default=0)
    index = by_score
    lifts: list[tuple[int, str]] = []
    for rule in rules:
        if rule.held is True and rule.min_band is not None:
            wanted = next(i for i, band in enumerate(bands) if band.id == rule.min_band)
            if wanted > by_score:
                lifts.append((wanted, rule.id))
                index = max(index, wanted)
    return index, [rule_id for wanted, rule_id in lifts if wanted == index]
