"""The small, declarative condition language of derived rules. Data, never code: no eval.

A condition is a mapping with exactly one key::

    all: [condition, ...]        every condition holds
    any: [condition, ...]        at least one holds
    not: condition               the condition does not hold
    age: {min: 8, max: 23}       age in whole years on the screening date
    answer: {item: delicten, max: 2}          a scale or count answer in a range
    answer: {item: ouders_schulden, equals: yes}
    answer: {item: politiecontact, within_days: 365}
    present: {min: 2, direction: risk}        how many factors are present
    present: {min: 2, domains: [gezin]}       ... in these domains
    present: {min: 2, count: domains}         ... in how many different domains
    score: {min: 6, domain: gezin}            the (domain) score in a range
    rule: doelgroep                            an earlier rule holds

Conditions are judged in three values: an answer "onbekend" (or not given yet) makes a test
*unknown*, not false. ``all`` is false as soon as one part is false, unknown if a part is
unknown and none is false; ``any`` likewise the other way round. A rule that is unknown is
shown as "niet vast te stellen", never as holding.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, Literal, Protocol, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from veldwerk_core.i18n import N_, _
from veldwerk_core.models.answers import UNKNOWN, Answer, AnswerValue, ItemDirection
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.errors import rule_error
from veldwerk_core.models.storable import MAX_TEXT

Truth = bool | None
"""True, False, or None for "cannot be established" (unknown answers)."""


class _Part(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        frozen=True,
        populate_by_name=True,
        serialize_by_alias=True,
        str_max_length=MAX_TEXT,
    )


@cache
def _codes(choices: type[Choice]) -> frozenset[str]:
    return frozenset(member.value for member in choices)


def check_code(choices: type[Choice], value: object) -> object:
    """In a file people write codes: say which codes there are, not only their labels."""
    if value is None or isinstance(value, choices):
        return value
    if value not in _codes(choices):
        raise rule_error(
            N_("de code {value} bestaat niet; kies uit: {options}."),
            value=str(value),
            options=", ".join(f"{code} ({label})" for code, label in choices.options()),
        )
    return value


def check_bounds(low: float | None, high: float | None) -> None:
    if low is None and high is None:
        raise rule_error(N_("geef min, max of allebei."), field="min")
    if low is not None and high is not None and low > high:
        raise rule_error(N_("de ondergrens (min) is groter dan de bovengrens (max)."), field="max")


class Range(_Part):
    min: float | None = Field(default=None, title=N_("Minimum"))
    max: float | None = Field(default=None, title=N_("Maximum"))

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        check_bounds(self.min, self.max)
        return self

    def holds(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def text(self) -> Text:
        if self.min is not None and self.max is not None:
            return Text.of(N_("tussen {min} en {max}"), min=number(self.min), max=number(self.max))
        if self.min is not None:
            return Text.of(N_("minstens {min}"), min=number(self.min))
        return Text.of(N_("hoogstens {max}"), max=number(self.max or 0))


class AnswerTest(_Part):
    item: str = Field(min_length=1, title=N_("Vraag"))
    equals: str | int | None = Field(
        default=None,
        title=N_("Gelijk aan"),
        # YAML turns an unquoted yes/no into a boolean; the validator takes it as the answer.
        json_schema_extra={
            "anyOf": [
                {"type": "string"},
                {"type": "integer"},
                {"type": "boolean"},
                {"type": "null"},
            ]
        },
    )
    min: float | None = Field(default=None, title=N_("Minimum"))
    max: float | None = Field(default=None, title=N_("Maximum"))
    within_days: int | None = Field(default=None, ge=0, title=N_("Binnen dagen"))

    @field_validator("equals", mode="before")
    @classmethod
    def _yaml_booleans(cls, value: object) -> object:
        """YAML reads an unquoted ``yes``/``no`` as a boolean; it means the answer here."""
        if isinstance(value, bool):
            return Answer.YES.value if value else Answer.NO.value
        return value

    @model_validator(mode="after")
    def _one_test(self) -> Self:
        tests = [self.equals is not None, self.range is not None, self.within_days is not None]
        if sum(tests) != 1:
            raise rule_error(
                N_("een answer-voorwaarde heeft equals, min/max of within_days (precies één)."),
                field="item",
            )
        if self.min is not None or self.max is not None:
            check_bounds(self.min, self.max)
        return self

    @property
    def range(self) -> Range | None:
        if self.min is None and self.max is None:
            return None
        return Range(min=self.min, max=self.max)


class PresentTest(_Part):
    min: int | None = Field(default=None, ge=0, title=N_("Minimum"))
    max: int | None = Field(default=None, ge=0, title=N_("Maximum"))
    direction: ItemDirection | None = Field(default=None, title=N_("Richting"))

    @field_validator("direction", mode="before")
    @classmethod
    def _direction_code(cls, value: object) -> object:
        return check_code(ItemDirection, value)

    domains: list[str] | None = Field(default=None, min_length=1, title=N_("Domeinen"))
    items: list[str] | None = Field(default=None, min_length=1, title=N_("Vragen"))
    count: Literal["items", "domains"] = Field(default="items", title=N_("Tel"))

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        check_bounds(self.min, self.max)
        return self


class ScoreTest(_Part):
    min: float | None = Field(default=None, title=N_("Minimum"))
    max: float | None = Field(default=None, title=N_("Maximum"))
    domain: str | None = Field(default=None, title=N_("Domein"))

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        check_bounds(self.min, self.max)
        return self


OPERATORS = ("all", "any", "not", "age", "answer", "present", "score", "rule")


class Condition(_Part):
    model_config = ConfigDict(
        json_schema_extra={
            "minProperties": 1,
            "maxProperties": 1,
            "description": "Precies één van: all, any, not, age, answer, present, score, rule.",
        }
    )

    all: list[Condition] | None = Field(default=None, min_length=1, title="all")
    any: list[Condition] | None = Field(default=None, min_length=1, title="any")
    not_: Condition | None = Field(default=None, alias="not", title="not")
    age: Range | None = Field(default=None, title=N_("Leeftijd"))
    answer: AnswerTest | None = Field(default=None, title=N_("Antwoord"))
    present: PresentTest | None = Field(default=None, title=N_("Aanwezige factoren"))
    score: ScoreTest | None = Field(default=None, title=N_("Score"))
    rule: str | None = Field(default=None, min_length=1, title=N_("Regel"))

    @model_validator(mode="before")
    @classmethod
    def _one_operator(cls, data: object) -> object:
        if isinstance(data, dict):
            data = {key: value for key, value in data.items() if value is not None}
            known = [key for key in data if key in (*OPERATORS, "not_")]
            if len(data) == 1 and not known:
                raise rule_error(
                    N_("voorwaarde {value} bestaat niet; kies uit: {options}."),
                    value=next(iter(data)),
                    options=", ".join(OPERATORS),
                )
            if len(known) != 1 or len(data) != 1:
                raise rule_error(
                    N_("een voorwaarde heeft precies één van: {options}."),
                    options=", ".join(OPERATORS),
                )
        return data

    @model_serializer(mode="wrap")
    def _compact(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Stored as written in the file: only the one operator, no empty keys."""
        data: dict[str, Any] = handler(self)
        return {key: value for key, value in data.items() if value is not None}

    def walk(self, path: str) -> Iterator[tuple[str, Condition]]:
        """Every condition in this tree with its dotted path, this one first."""
        yield path, self
        for key, children in (("all", self.all), ("any", self.any)):
            for index, child in enumerate(children or ()):
                yield from child.walk(f"{path}.{key}.{index}")
        if self.not_ is not None:
            yield from self.not_.walk(f"{path}.not")


# -- explanation ---------------------------------------------------------------------------


class Text(_Part):
    """A translatable text with its values, stored so it shows in the reader's language."""

    template: str
    values: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def of(cls, template: str, /, **values: str) -> Text:
        return cls(template=template, values=values)

    @classmethod
    def plain(cls, text: str) -> Text:
        """Text that is not translated (written by the municipality, or a number)."""
        return cls(template="{value}", values={"value": text})

    def render(self) -> str:
        return _(self.template, **self.values)


class Check(_Part):
    """One line of a rule's explanation: what was tested, what was found, and the verdict."""

    depth: int = 0
    subject: Text
    scope: list[Text] = Field(default_factory=list)
    actual: Text | None = None
    expected: Text | None = None
    held: Truth = None

    def render(self) -> str:
        subject = self.subject.render()
        if self.scope:
            subject += " (" + ", ".join(text.render() for text in self.scope) + ")"
        parts = [subject]
        if self.actual is not None or self.expected is not None:
            found = self.actual.render() if self.actual is not None else _("onbekend")
            parts.append(
                _("{found}, voorwaarde {expected}", found=found, expected=self.expected.render())
                if self.expected is not None
                else found
            )
        return ": ".join(parts)


def number(value: float) -> str:
    """A score or count as people write it: 2 rather than 2.0, 1,5 rather than 1.5."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").replace(".", ",")


def truth_text(value: Truth) -> Text:
    if value is None:
        return Text.of(N_("niet vast te stellen"))
    return Text.of(N_("ja") if value else N_("nee"))


# -- evaluation ----------------------------------------------------------------------------


class Facts(Protocol):
    """What a condition may look at; the scoring module provides it."""

    def age(self) -> int | None: ...
    def answer(self, item_id: str) -> AnswerValue | None: ...
    def item_text(self, item_id: str) -> str: ...
    def days_before(self, item_id: str) -> int | None: ...
    def present(self, test: PresentTest) -> tuple[int, int]: ...
    def score(self, domain: str | None) -> float: ...
    def domain_title(self, domain_id: str) -> str: ...
    def rule(self, rule_id: str) -> tuple[Truth, str]: ...


def evaluate(condition: Condition, facts: Facts, depth: int = 0) -> tuple[Truth, list[Check]]:
    """The condition's truth and the checks that explain it, in reading order."""
    if condition.all is not None or condition.any is not None:
        parts = condition.all if condition.all is not None else condition.any
        results = [evaluate(part, facts, depth + 1) for part in parts or ()]
        truths = [truth for truth, _checks in results]
        truth = _all(truths) if condition.all is not None else _any(truths)
        header = N_("Alle voorwaarden") if condition.all is not None else N_("Minstens één van")
        checks = [Check(depth=depth, subject=Text.of(header), held=truth)]
        for _truth, part_checks in results:
            checks += part_checks
        return truth, checks
    if condition.not_ is not None:
        inner, inner_checks = evaluate(condition.not_, facts, depth + 1)
        truth = None if inner is None else not inner
        return truth, [Check(depth=depth, subject=Text.of(N_("Niet")), held=truth), *inner_checks]
    check = _leaf(condition, facts).model_copy(update={"depth": depth})
    return check.held, [check]


def _all(truths: list[Truth]) -> Truth:
    if any(truth is False for truth in truths):
        return False
    return None if any(truth is None for truth in truths) else True


def _any(truths: list[Truth]) -> Truth:
    if any(truth is True for truth in truths):
        return True
    return None if any(truth is None for truth in truths) else False


def _leaf(condition: Condition, facts: Facts) -> Check:
    if condition.age is not None:
        age = facts.age()
        return Check(
            subject=Text.of(N_("Leeftijd")),
            actual=None if age is None else Text.of(N_("{years} jaar"), years=str(age)),
            expected=condition.age.text(),
            held=None if age is None else condition.age.holds(age),
        )
    if condition.answer is not None:
        return _answer(condition.answer, facts)
    if condition.present is not None:
        return _present(condition.present, facts)
    if condition.score is not None:
        test = condition.score
        bounds = Range(min=test.min, max=test.max)
        value = facts.score(test.domain)
        subject = (
            Text.of(N_("Score domein {domain}"), domain=facts.domain_title(test.domain))
            if test.domain
            else Text.of(N_("Score"))
        )
        return Check(
            subject=subject,
            actual=Text.plain(number(value)),
            expected=bounds.text(),
            held=bounds.holds(value),
        )
    rule_id = condition.rule or ""
    truth, title = facts.rule(rule_id)
    return Check(
        subject=Text.of(N_("Regel {rule}"), rule=title),
        actual=truth_text(truth),
        expected=Text.of(N_("geldt")),
        held=truth,
    )


def _answer(test: AnswerTest, facts: Facts) -> Check:
    value = facts.answer(test.item)
    subject = Text.of(N_("Antwoord op {item}"), item=f"“{facts.item_text(test.item)}”")
    actual = None if value is None else answer_text(value)
    if value is None or value == UNKNOWN:
        truth: Truth = None
        expected = _expected(test)
        return Check(subject=subject, actual=actual, expected=expected, held=truth)
    if test.equals is not None:
        held = str(value) == str(test.equals) or (
            isinstance(test.equals, str) and _yes_no(test.equals) == value
        )
    elif test.within_days is not None:
        days = facts.days_before(test.item)
        held = days is not None and 0 <= days <= test.within_days
    else:
        bounds = test.range
        held = bounds is not None and isinstance(value, int) and bounds.holds(value)
    return Check(subject=subject, actual=actual, expected=_expected(test), held=held)


def _yes_no(text: str) -> str:
    return {"ja": Answer.YES.value, "nee": Answer.NO.value}.get(text.casefold(), text.casefold())


def _expected(test: AnswerTest) -> Text:
    if test.equals is not None:
        return Text.of(N_("is {value}"), value=answer_text(_yes_no(str(test.equals))).render())
    if test.within_days is not None:
        return Text.of(N_("hoogstens {days} dagen voor de screening"), days=str(test.within_days))
    bounds = test.range
    return bounds.text() if bounds is not None else Text.plain("")


def answer_text(value: AnswerValue) -> Text:
    """An answer as a person reads it: Ja, Nee, Onbekend, a number, or dd-mm-jjjj."""
    for member in Answer:
        if value == member.value:
            return Text.of(member._label)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return Text.plain(f"{value[8:10]}-{value[5:7]}-{value[0:4]}")
    return Text.plain(str(value))


def _present(test: PresentTest, facts: Facts) -> Check:
    present, unknown = facts.present(test)
    scope: list[Text] = []
    if test.direction is ItemDirection.RISK:
        scope.append(Text.of(N_("alleen risicofactoren")))
    elif test.direction is ItemDirection.PROTECTIVE:
        scope.append(Text.of(N_("alleen beschermende factoren")))
    for domain in test.domains or ():
        scope.append(Text.of(N_("domein {domain}"), domain=facts.domain_title(domain)))
    if test.items:
        scope.append(Text.of(N_("vragen {items}"), items=", ".join(test.items)))
    bounds = Range(min=test.min, max=test.max)
    low, high = present, present + unknown
    if bounds.holds(low) and bounds.holds(high):
        truth: Truth = True
    elif (bounds.min is not None and high < bounds.min) or (
        bounds.max is not None and low > bounds.max
    ):
        truth = False
    else:
        truth = None
    subject = (
        Text.of(N_("Domeinen met een aanwezige factor"))
        if test.count == "domains"
        else Text.of(N_("Aanwezige factoren"))
    )
    actual = (
        Text.of(N_("{n} (en {unknown} onbekend)"), n=str(present), unknown=str(unknown))
        if unknown
        else Text.plain(str(present))
    )
    return Check(subject=subject, scope=scope, actual=actual, expected=bounds.text(), held=truth)
