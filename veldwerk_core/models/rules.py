"""Combination rules: when signals about one young person add up, say so - and say why.

"A single signal may be harmless, a combination is worrying." Rules are data
(``resources/config/rules.yaml``); this module checks them and evaluates them. Evaluation is
pure: it gets the facts about one youth and returns which rules hold and exactly which signals
made them hold.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from veldwerk_core.i18n import N_
from veldwerk_core.models.config import CODE, Taxonomy
from veldwerk_core.models.errors import rule_error
from veldwerk_core.models.signal import Severity, Signal, SourceKind
from veldwerk_core.models.storable import MAX_TEXT
from veldwerk_core.models.trajectory import Trajectory
from veldwerk_core.models.youth import Relation
from veldwerk_core.text import fold

FACT_KINDS = (Signal.kind, Relation.kind, Trajectory.kind)
"""The record kinds a youth's facts are drawn from (signals; siblings in a trajectory): a
change to one of these may change the flags of the youths it names."""
_SEVERITY_ORDER = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2}


def signal_source(source: str, reported_by: str, organisation: str, recorded_by: str) -> str:
    """Who the information came from. Reports count per reporter; own observations per
    organisation (or per professional when no organisation is known)."""
    if source == SourceKind.REPORTED.value:
        return "melder:" + fold(reported_by)
    return "organisatie:" + fold(organisation or recorded_by)


@dataclass(frozen=True)
class SignalFact:
    """What a rule may look at of one signal."""

    id: uuid.UUID
    occurred_at: datetime
    category: str
    life_domain: str
    source: str
    """Who the information came from: the reporter, or the recording organisation."""
    severity: Severity


@dataclass(frozen=True)
class YouthFacts:
    youth_id: uuid.UUID
    signals: Sequence[SignalFact]
    siblings_in_trajectory: Sequence[uuid.UUID] = ()
    """Siblings of this youth who are in a running coaching trajectory."""


@dataclass(frozen=True)
class Flag:
    """A rule that holds for a youth, with the signals that made it hold (the explanation)."""

    rule_id: str
    youth_id: uuid.UUID
    signal_ids: tuple[uuid.UUID, ...]
    related_youth_ids: tuple[uuid.UUID, ...] = ()


class _Rule(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, str_max_length=MAX_TEXT
    )

    id: str = Field(pattern=CODE, max_length=60, title=N_("Code"))
    title: str = Field(min_length=1, max_length=150, title=N_("Naam"))
    advice: str = Field(min_length=1, max_length=300, title=N_("Advies"))
    window_days: int = Field(ge=1, le=3650, title=N_("Periode in dagen"))
    categories: list[str] = Field(default_factory=list, title=N_("Categorieën"))
    min_severity: Severity = Field(default=Severity.LOW, title=N_("Minimale ernst"))

    def relevant(self, facts: YouthFacts, now: datetime) -> list[SignalFact]:
        """The signals this rule looks at: inside the window, matching category and severity."""
        start = now - timedelta(days=self.window_days)
        floor = _SEVERITY_ORDER[self.min_severity]
        return sorted(
            (
                signal
                for signal in facts.signals
                if start < signal.occurred_at <= now
                and (not self.categories or signal.category in self.categories)
                and _SEVERITY_ORDER[signal.severity] >= floor
            ),
            key=lambda signal: (signal.occurred_at, signal.id),
        )


class MinDistinct(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: int | None = Field(default=None, ge=1, title=N_("Verschillende bronnen"))
    life_domains: int | None = Field(default=None, ge=1, title=N_("Verschillende leefgebieden"))


class CombinationRule(_Rule):
    """At least ``min_signals`` signals in the window, from at least ``min_distinct.sources``
    different sources OR about at least ``min_distinct.life_domains`` different life domains."""

    kind: Literal["signal_combination"] = "signal_combination"
    min_signals: int = Field(ge=1, le=100, title=N_("Minimaal aantal signalen"))
    min_distinct: MinDistinct = Field(
        default_factory=MinDistinct, title=N_("Minimaal verschillend")
    )

    def evaluate(self, facts: YouthFacts, now: datetime) -> Flag | None:
        signals = self.relevant(facts, now)
        if len(signals) < self.min_signals:
            return None
        wanted = self.min_distinct
        if wanted.sources is not None or wanted.life_domains is not None:
            sources = len({signal.source for signal in signals})
            domains = len({signal.life_domain for signal in signals})
            if not (
                (wanted.sources is not None and sources >= wanted.sources)
                or (wanted.life_domains is not None and domains >= wanted.life_domains)
            ):
                return None
        return Flag(self.id, facts.youth_id, tuple(signal.id for signal in signals))


class SiblingRule(_Rule):
    """A signal (in the listed categories) about a youth whose brother or sister is in a
    coaching trajectory: a risk criterion of the person-oriented approach."""

    kind: Literal["sibling_in_trajectory"] = "sibling_in_trajectory"

    def evaluate(self, facts: YouthFacts, now: datetime) -> Flag | None:
        if not facts.siblings_in_trajectory:
            return None
        signals = self.relevant(facts, now)
        if not signals:
            return None
        return Flag(
            self.id,
            facts.youth_id,
            tuple(signal.id for signal in signals),
            tuple(facts.siblings_in_trajectory),
        )


Rule = Annotated[CombinationRule | SiblingRule, Field(discriminator="kind")]


class RuleSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[Rule] = Field(min_length=1, title=N_("Regels"))

    @model_validator(mode="after")
    def _unique(self) -> Self:
        seen: set[str] = set()
        for index, rule in enumerate(self.rules):
            if rule.id in seen:
                raise rule_error(
                    N_("De code {value} komt twee keer voor."),
                    field=f"rules.{index}.id",
                    value=rule.id,
                )
            seen.add(rule.id)
        return self

    def check_against(self, taxonomy: Taxonomy) -> tuple[str, str] | None:
        """The first rule naming an unknown category: (rule path, category), else None."""
        known = {category.code for category in taxonomy.categories}
        for index, rule in enumerate(self.rules):
            for category in rule.categories:
                if category not in known:
                    return f"rules.{index}.categories", category
        return None

    def rule(self, rule_id: str) -> CombinationRule | SiblingRule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def evaluate(self, facts: YouthFacts, now: datetime) -> list[Flag]:
        return [flag for rule in self.rules if (flag := rule.evaluate(facts, now)) is not None]

    @property
    def longest_window(self) -> int:
        return max(rule.window_days for rule in self.rules)


def flagged(rule_set: RuleSet, youths: Iterable[YouthFacts], now: datetime) -> list[Flag]:
    return [flag for facts in youths for flag in rule_set.evaluate(facts, now)]
