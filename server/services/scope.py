"""Need-to-know scope, decided on the server from the authenticated user only.

A user's *youths* are:

- youth worker, jeugdboa: youths with an active involvement naming them (``professional_id``)
  and youths they registered themselves;
- school safety coordinator: the same, plus youths whose ``school`` is their school;
- regisseur (coordinator): every youth of the municipality (``coordinator_scope = "all"``, the
  default) or, if the municipality configured ``"involved"``, only as a professional;
- administrator (functioneel beheerder): none - no case content at all.

From those youths follow the visible records: the youth, its relations, involvements,
screenings and trajectories (with goals, agreements, evaluations and signatures); groups with
a visible member or made by the user; and signals about a visible youth or group that were
recorded by the user's own organisation or explicitly shared with it (legal basis + purpose).
Instruments are configuration, visible to everyone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    String,
    and_,
    bindparam,
    exists,
    false,
    literal,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from server.db_models import RecordYouth, StoredRecord
from server.services.caller import Caller
from veldwerk_core import kinds
from veldwerk_core.kinds import school_key
from veldwerk_core.models.actor import Role
from veldwerk_core.models.links import Visibility

R = StoredRecord


class Shape(NamedTuple):
    """What the scope statement of a caller looks like; the caller's ids are parameters.

    The statements are built once per shape (a handful) and reused: building and hashing a
    statement of this size for every request cost more than running it.
    """

    everything: bool
    """Administrator: instruments only; regisseur with ``coordinator_scope = "all"``: every
    youth. Otherwise (False) the youths follow from involvements, own youths and school."""
    administrator: bool
    school: bool
    coordinator: bool = False
    """A regisseur: also sees the kinds only regisseurs see (the meeting)."""


@dataclass(frozen=True)
class Scope:
    shape: Shape
    params: dict[str, Any]

    @property
    def visible(self) -> Select[str, str]:
        return visible_statement(self.shape)

    @property
    def youths(self) -> Select[Any]:
        return youth_statement(self.shape)


def scope_of(caller: Caller, today: date | None = None) -> Scope:
    administrator = caller.role is Role.ADMINISTRATOR
    everything = caller.role is Role.COORDINATOR and caller.coordinator_scope == "all"
    key = school_key(caller.school_name or "")
    shape = Shape(
        everything,
        administrator,
        key is not None and not everything,
        coordinator=caller.role is Role.COORDINATOR,
    )
    params = {
        "scope_municipality": caller.municipality_id,
        "scope_user": caller.user_id,
        "scope_organisation": caller.organisation_id,
        "scope_day": (today or date.today()).isoformat(),
        "scope_school": key or "",
    }
    return Scope(shape, params)


MUNICIPALITY = bindparam("scope_municipality", type_=String)
USER = bindparam("scope_user", type_=String)
ORGANISATION = bindparam("scope_organisation", type_=String)


def _live() -> ColumnElement[bool]:
    return and_(R.municipality_id == MUNICIPALITY, R.deleted.is_(False))


@cache
def youth_statement(shape: Shape) -> Select[Any]:
    """The ids of the youths the caller may see, as one column ``youth_id``."""
    live = _live()
    if shape.administrator:
        return select(R.id.label("youth_id")).where(false())
    if shape.everything:
        return select(R.id.label("youth_id")).where(live, R.kind == kinds.YOUTH)
    day = bindparam("scope_day", type_=String)
    parts: list[Select[Any]] = [
        select(R.youth_id.label("youth_id")).where(
            live,
            R.kind.in_(kinds.user_granting()),
            R.professional_id == USER,
            R.valid_from <= day,
            or_(R.valid_until.is_(None), R.valid_until >= day),
        ),
        select(R.id.label("youth_id")).where(live, R.kind == kinds.YOUTH, R.created_by == USER),
    ]
    if shape.school:
        school = bindparam("scope_school", type_=String)
        parts.append(
            select(R.id.label("youth_id")).where(
                live, R.kind == kinds.YOUTH, R.school_key == school
            )
        )
    return select(union(*parts).subquery().c.youth_id)


def _parents(visibility: Visibility) -> dict[str, list[str]]:
    """The kinds seen the way given, by the kind of record they are part of or seen via."""
    found: dict[str, list[str]] = {}
    for kind in kinds.of_visibility(visibility):
        link = kinds.parent(kind)
        if link is not None:
            found.setdefault(link.target, []).append(kind)
    return found


def _youths_linked() -> Select[Any]:
    return select(RecordYouth.record_id).where(RecordYouth.municipality_id == MUNICIPALITY)


def _granted() -> Select[Any]:
    """The records granted to the caller's organisation today (signals shared with it)."""
    day = bindparam("scope_day", type_=String)
    return select(R.parent_id).where(
        _live(),
        R.kind.in_(kinds.organisation_granting()),
        R.grantee_org_id == ORGANISATION,
        R.valid_from <= day,
        or_(R.valid_until.is_(None), R.valid_until >= day),
    )


@cache
def visible_statement(shape: Shape) -> Select[str, str]:
    """Every record the caller may see, as columns ``id`` and ``kind``: per way of being seen
    (veldwerk_core.models.links.Visibility) one rule, over the kinds seen that way."""
    live = _live()
    everyone = select(R.id, R.kind).where(live, R.kind.in_(kinds.CONFIGURATION))
    if shape.administrator:
        return everyone
    youths = youth_statement(shape)
    linked = _youths_linked().where(RecordYouth.youth_id.in_(youths))
    rules: dict[Visibility, ColumnElement[bool]] = {
        Visibility.SUBJECT: R.youth_id.in_(youths),
        Visibility.WITH_YOUTH: R.youth_id.in_(youths),
        Visibility.MEMBERS: literal(True)
        if shape.everything
        else or_(R.id.in_(linked), R.created_by == USER),
        Visibility.COORDINATORS: literal(shape.coordinator),
    }

    def seen(kind: str) -> Select[Any]:
        """The ids of one kind the caller may see (a parent that others are seen with)."""
        return select(R.id).where(live, R.kind == kind, rules[kinds.model(kind).visibility])

    through: list[ColumnElement[bool]] = [R.id.in_(linked)]
    through += [R.parent_id.in_(seen(target)) for target in _parents(Visibility.ORGANISATION)]
    rules[Visibility.ORGANISATION] = and_(
        or_(*through), or_(R.owner_org_id == ORGANISATION, R.id.in_(_granted()))
    )
    parts: list[Select[str, str]] = [everyone]
    for visibility, rule in rules.items():
        seen_so = kinds.of_visibility(visibility)
        if seen_so:
            parts.append(select(R.id, R.kind).where(live, R.kind.in_(seen_so), rule))
    for target, part_kinds in _parents(Visibility.WITH_PARENT).items():
        parts.append(
            select(R.id, R.kind).where(live, R.kind.in_(part_kinds), R.parent_id.in_(seen(target)))
        )
    return select(union_all(*parts).subquery())


@cache
def _scope_among(shape: Shape) -> Select[Any]:
    scope = visible_statement(shape).subquery()
    return select(scope.c.id).where(scope.c.id.in_(bindparam("ids", expanding=True)))


PER_RECORD_UP_TO = 500
"""Up to this many ids (a push's references, the records a scope move concerns) the rules are
asked per record, their subqueries computed once; more (a pull's page of 1,000) intersect with
the whole scope. Measured on PostgreSQL: for an 11k-record caseload, 367 ids per record 17 ms,
with the whole scope 160 ms; for pages of 1,000 of a 122k-record caseload (initial sync) the
whole scope is the faster way (server time 71 s against 97 s)."""


@cache
def _visible_among(shape: Shape) -> Select[Any]:
    """Which of a few ids the caller may see: the rules of :func:`visible_statement` asked of
    each candidate row, instead of computing the whole scope and intersecting (a push asks
    about tens of records; the scope of a caseload holds tens of thousands)."""
    c = aliased(StoredRecord, name="candidate")
    ids: BindParameter[Any] = bindparam("ids", expanding=True)
    rule: ColumnElement[bool] = c.kind.in_(kinds.CONFIGURATION)
    if not shape.administrator:
        live = _live()
        youths = youth_statement(shape)

        # Not correlated: the candidates' links to visible youths, found once (as a correlated
        # EXISTS, PostgreSQL ran the youths' union again for every candidate).
        candidate_linked = c.id.in_(
            select(RecordYouth.record_id).where(
                RecordYouth.record_id.in_(ids), RecordYouth.youth_id.in_(youths)
            )
        )
        parent_linked = exists().where(
            RecordYouth.record_id == R.id, RecordYouth.youth_id.in_(youths)
        )
        members_of_parent: ColumnElement[bool] = (
            literal(True) if shape.everything else or_(parent_linked, R.created_by == USER)
        )
        parent_rules = {
            Visibility.WITH_YOUTH: R.youth_id.in_(youths),
            Visibility.MEMBERS: members_of_parent,
        }
        whole = visible_statement(shape).subquery()

        def parent_seen(target: str) -> ColumnElement[bool]:
            kept = parent_rules.get(kinds.model(target).visibility)
            if kept is None:  # a parent seen some other way: asked of the whole scope, once
                return c.parent_id.in_(select(whole.c.id).where(whole.c.kind == target))
            return exists().where(R.id == c.parent_id, live, R.kind == target, kept)

        granted = c.id.in_(_granted())
        members: ColumnElement[bool] = (
            literal(True) if shape.everything else or_(candidate_linked, c.created_by == USER)
        )
        with_youth = kinds.of_visibility(Visibility.SUBJECT, Visibility.WITH_YOUTH)
        alternatives = [
            rule,
            and_(c.kind.in_(with_youth), c.youth_id.in_(youths)),
            and_(c.kind.in_(kinds.of_visibility(Visibility.MEMBERS)), members),
        ]
        if shape.coordinator:
            alternatives.append(c.kind.in_(kinds.of_visibility(Visibility.COORDINATORS)))
        alternatives += [
            and_(c.kind.in_(part_kinds), parent_seen(target))
            for target, part_kinds in _parents(Visibility.WITH_PARENT).items()
        ]
        through: list[ColumnElement[bool]] = [candidate_linked]
        through += [parent_seen(target) for target in _parents(Visibility.ORGANISATION)]
        alternatives.append(
            and_(
                c.kind.in_(kinds.of_visibility(Visibility.ORGANISATION)),
                or_(*through),
                or_(c.owner_org_id == ORGANISATION, granted),
            )
        )
        rule = or_(*alternatives)
    return select(c.id).where(
        c.id.in_(ids),
        c.municipality_id == MUNICIPALITY,
        c.deleted.is_(False),
        rule,
    )


@cache
def _youths_among(shape: Shape) -> Select[Any]:
    scope = youth_statement(shape).subquery()
    return select(scope.c.youth_id).where(scope.c.youth_id.in_(bindparam("ids", expanding=True)))


def visible_ids(session: Session, caller: Caller, ids: Collection[str]) -> set[str]:
    """Which of ``ids`` the caller may see now."""
    if not ids:
        return set()
    scope = scope_of(caller)
    among = _visible_among if len(ids) <= PER_RECORD_UP_TO else _scope_among
    rows = session.execute(among(scope.shape), {**scope.params, "ids": list(ids)})
    return {row[0] for row in rows}


def youths_in_scope(session: Session, caller: Caller, ids: Collection[str]) -> set[str]:
    if not ids:
        return set()
    scope = scope_of(caller)
    rows = session.execute(_youths_among(scope.shape), {**scope.params, "ids": list(ids)})
    return {row[0] for row in rows}


# -- when to compare a device's scope with what it holds -------------------------------------


def scope_mark(caller: Caller, today: date | None = None) -> str:
    """Everything a device's scope depends on besides the records themselves: while the mark
    stays the same, the changes after the cursor and the logged scope moves are all a device
    needs; when it differs (a new day, a new role...) the whole scope is compared."""
    parts = (
        (today or date.today()).isoformat(),
        caller.user_id,
        caller.role.value,
        caller.organisation_id,
        school_key(caller.school_name or "") or "",
        caller.coordinator_scope,
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()
