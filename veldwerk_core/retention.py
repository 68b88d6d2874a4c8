"""How long records are kept, and when each one is destroyed (AVG: no longer than needed).

Every record kind declares its retention (``Record.retention``: a configured term counted from
one of its dates) or goes with what it belongs to (a goal with its trajectory, a share with its
signal, a consent with its youth). A youth goes once nothing with a term of its own is left
about it and its own term has passed since it last changed; the municipality chooses whether
it is then destroyed or anonymised to a statistical stub. The server and every device compute
the same dates from the same declarations and the municipality's ``retention.yaml``, so a
laptop that stays offline destroys on the same day the server does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from veldwerk_core.i18n import N_
from veldwerk_core.kinds import links, model
from veldwerk_core.models.links import LinkRole, Retention, Term, Visibility
from veldwerk_core.models.youth import Youth

Data = Mapping[str, Any]


class TermRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    months: int = Field(ge=1, le=1200, title=N_("Bewaartermijn in maanden"))
    until_age: int | None = Field(
        default=None, ge=12, le=120, title=N_("Uiterlijk tot de verjaardag van")
    )


class RetentionTerms(BaseModel):
    """``retention.yaml``: the municipality's terms (the bundled file documents its choices)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    signals: TermRule = TermRule(months=24, until_age=23)
    screenings: TermRule = TermRule(months=24)
    trajectories: TermRule = TermRule(months=24)
    groups: TermRule = TermRule(months=24)
    meetings: TermRule = TermRule(months=24)
    youths: TermRule = TermRule(months=12)
    audit_months: int = Field(default=60, ge=12, le=1200, title=N_("Bewaartermijn logboek"))
    anonymise: bool = Field(
        default=True, title=N_("Jongeren anonimiseren in plaats van vernietigen")
    )

    def rule(self, term: Term) -> TermRule:
        rule: TermRule = getattr(self, term.value)
        return rule


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month where that day is missing)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def birthday(born: date, age: int) -> date:
    """The day someone born on ``born`` turns ``age`` (29 February: 1 March)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return date(born.year + age, 3, 1)


def day_of(value: Any) -> date | None:
    """A stored date or moment as a date (None when empty)."""
    return _day(value)


def _day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    return datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text[:10])


def declared(kind: str) -> Retention | None:
    return model(kind).retention


def follows(kind: str) -> str | None:
    """The kind whose destruction takes a record of ``kind`` with it (None: it has its own
    term, or is configuration kept for good)."""
    if declared(kind) is not None:
        return None
    owner = next((link for link in links(kind) if link.role is LinkRole.BELONGS), None)
    return owner.target if owner is not None else None


def youths_of(kind: str, data: Data) -> list[str]:
    """The youths a record is about through its own fields (for the age limit)."""
    found: list[str] = []
    for link in links(kind):
        if link.target == Youth.kind and link.role is not LinkRole.REFERS:
            found.extend(link.ids(data))
    return found


def destruction_date(
    kind: str,
    data: Data,
    terms: RetentionTerms,
    births: Mapping[str, date] | None = None,
    youths: list[str] | None = None,
) -> date | None:
    """The day a record with a term of its own is destroyed (None: kept for now - a running
    trajectory - or it has no term of its own). ``births``: the youths' dates of birth, for a
    term with an age limit; ``youths``: the record's youths when ``data`` does not hold them."""
    retention = declared(kind)
    if retention is None:
        return None
    rule = terms.rule(retention.term)
    start = _day(model(kind).retention_start(data))
    ends = [add_months(start, rule.months)] if start is not None else []
    if retention.until_age and rule.until_age is not None and births:
        about = youths if youths is not None else youths_of(kind, data)
        born = [births[youth] for youth in about if youth in births]
        ends += [birthday(day, rule.until_age) for day in born]
    return min(ends) if ends else None


def youth_destruction_date(data: Data, terms: RetentionTerms, *, alone: bool) -> date | None:
    """The day a youth goes: once ``alone`` (nothing with a term of its own is left about it),
    its own term after it last changed."""
    if not alone:
        return None
    return destruction_date(Youth.kind, data, terms)


def keeps_youth_alive(kind: str) -> bool:
    """Records of this kind keep their youth: they have a term of their own and are about it
    (a signal, a screening, a trajectory); not a group's membership or a meeting item."""
    retention = declared(kind)
    if kind == Youth.kind or retention is None or not retention.keeps_youth:
        return False
    return any(
        link.target == Youth.kind and link.role is not LinkRole.REFERS for link in links(kind)
    )


def anonymous_stub(youth: Data, destroyed_on: date) -> dict[str, Any]:
    """What monitoring may keep of an anonymised youth: no name, no birth date, no BSN."""
    born = _day(youth.get("date_of_birth"))
    age = None
    if born is not None:
        before_birthday = (destroyed_on.month, destroyed_on.day) < (born.month, born.day)
        age = destroyed_on.year - born.year - before_birthday
    return {
        "age_band": age_band(age),
        "wijk": str(youth.get("wijk") or ""),
        "registered_on": (_day(youth.get("created_at")) or destroyed_on).isoformat(),
        "destroyed_on": destroyed_on.isoformat(),
    }


def age_band(age: int | None) -> str:
    if age is None:
        return "onbekend"
    for low, high in ((0, 11), (12, 15), (16, 17), (18, 22)):
        if low <= age <= high:
            return f"{low}-{high}"
    return "23+"


def configuration_kind(kind: str) -> bool:
    return model(kind).visibility is Visibility.EVERYONE


def check_retention_declarations(kinds: Mapping[str, type[Any]]) -> None:
    """Every kind has a term of its own, goes with what it belongs to, or is configuration;
    a term's start is a field of the kind."""
    for kind, cls in kinds.items():
        retention = cls.retention
        if retention is not None and retention.start not in cls.model_fields:
            raise TypeError(f"{kind} counts its retention from an unknown field")
        if retention is None and follows(kind) is None and not configuration_kind(kind):
            raise TypeError(f"{kind} has no retention and belongs to nothing")
