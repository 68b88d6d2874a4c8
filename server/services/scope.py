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
from collections.abc import Collection, Hashable
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

from server.db_models import RecordYouth, SignalShare, StoredRecord
from server.services.caller import Caller
from veldwerk_core.models import TRAJECTORY_PARTS
from veldwerk_core.models.actor import Role

BY_YOUTH = ("youth", "relation", "involvement", "screening", "trajectory")
"""Kinds whose ``youth_id`` column names the one youth they belong to."""
OF_TRAJECTORY = TRAJECTORY_PARTS
R = StoredRecord


def school_key(name: str) -> str | None:
    key = " ".join(name.casefold().split())
    return key or None


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
    shape = Shape(everything, administrator, key is not None and not everything)
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
        return select(R.id.label("youth_id")).where(live, R.kind == "youth")
    day = bindparam("scope_day", type_=String)
    parts: list[Select[Any]] = [
        select(R.youth_id.label("youth_id")).where(
            live,
            R.kind == "involvement",
            R.professional_id == USER,
            R.valid_from <= day,
            or_(R.valid_until.is_(None), R.valid_until >= day),
        ),
        select(R.id.label("youth_id")).where(live, R.kind == "youth", R.created_by == USER),
    ]
    if shape.school:
        school = bindparam("scope_school", type_=String)
        parts.append(
            select(R.id.label("youth_id")).where(live, R.kind == "youth", R.school_key == school)
        )
    return select(union(*parts).subquery().c.youth_id)


@cache
def visible_statement(shape: Shape) -> Select[str, str]:
    """Every record the caller may see, as columns ``id`` and ``kind``."""
    live = _live()
    instruments = select(R.id, R.kind).where(live, R.kind == "instrument")
    if shape.administrator:
        return instruments
    youths = youth_statement(shape)
    by_youth = select(R.id, R.kind).where(live, R.kind.in_(BY_YOUTH), R.youth_id.in_(youths))
    trajectories = select(R.id).where(live, R.kind == "trajectory", R.youth_id.in_(youths))
    of_trajectory = select(R.id, R.kind).where(
        live, R.kind.in_(OF_TRAJECTORY), R.parent_id.in_(trajectories)
    )
    linked = select(RecordYouth.record_id).where(
        RecordYouth.municipality_id == MUNICIPALITY,
        RecordYouth.youth_id.in_(youths),
    )
    if shape.everything:
        group_rule: ColumnElement[bool] = literal(True)
    else:
        group_rule = or_(R.id.in_(linked), R.created_by == USER)
    group_ids = select(R.id).where(live, R.kind == "youth_group", group_rule)
    groups = select(R.id, R.kind).where(live, R.kind == "youth_group", group_rule)
    shared = select(SignalShare.signal_id).where(SignalShare.organisation_id == ORGANISATION)
    signals = select(R.id, R.kind).where(
        live,
        R.kind == "signal",
        or_(R.id.in_(linked), R.parent_id.in_(group_ids)),
        or_(R.owner_org_id == ORGANISATION, R.id.in_(shared)),
    )
    return select(union_all(by_youth, of_trajectory, groups, signals, instruments).subquery())


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
    rule: ColumnElement[bool] = c.kind == "instrument"
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
        group_linked = exists().where(
            RecordYouth.record_id == R.id, RecordYouth.youth_id.in_(youths)
        )

        of_trajectory = exists().where(
            R.id == c.parent_id, live, R.kind == "trajectory", R.youth_id.in_(youths)
        )
        if shape.everything:
            group_rule: ColumnElement[bool] = literal(True)
            in_group = exists().where(R.id == c.parent_id, live, R.kind == "youth_group")
        else:
            group_rule = or_(candidate_linked, c.created_by == USER)
            in_group = exists().where(
                R.id == c.parent_id,
                live,
                R.kind == "youth_group",
                or_(group_linked, R.created_by == USER),
            )
        shared = exists().where(
            SignalShare.signal_id == c.id, SignalShare.organisation_id == ORGANISATION
        )
        rule = or_(
            rule,
            and_(c.kind.in_(BY_YOUTH), c.youth_id.in_(youths)),
            and_(c.kind.in_(OF_TRAJECTORY), of_trajectory),
            and_(c.kind == "youth_group", group_rule),
            and_(
                c.kind == "signal",
                or_(candidate_linked, in_group),
                or_(c.owner_org_id == ORGANISATION, shared),
            ),
        )
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


def scope_inputs(kind: str, deleted: bool, data: dict[str, Any] | None) -> Hashable:
    """What other records' visibility reads from a record of ``kind`` (None: nothing does).

    A write whose inputs differ before and after changes some user's scope (records enter or
    leave it without changing themselves), so it raises the municipality's scope version. The
    rules above read: involvements (who, which youth, when); a youth's school and existence;
    a trajectory's youth (its goals follow it); a group's members (its signals follow it).
    """
    if data is None or deleted:
        return (
            ("deleted",) if kind in ("youth", "involvement", "trajectory", "youth_group") else None
        )
    if kind == "youth":
        return ("youth", school_key(str(data.get("school") or "")))
    if kind == "involvement":
        fields = ("youth_id", "professional_id", "since", "until")
        return ("involvement", *(str(data.get(name)) for name in fields))
    if kind == "trajectory":
        return ("trajectory", str(data.get("youth_id")))
    if kind == "youth_group":
        members = sorted({str(member["youth_id"]) for member in data.get("members", ())})
        return ("youth_group", *members)
    return None


def changes_scope(kind: str, before: Hashable, after: Hashable, *, new: bool) -> bool:
    """Whether a write from ``before`` to ``after`` (see :func:`scope_inputs`) moves scopes.

    A record that did not exist yet cannot be referenced by any other record (pushes may only
    reference visible, existing records), so creating one moves nothing - except an
    involvement, which itself grants a professional their youth.
    """
    if new and kind != "involvement":
        return False
    return before != after


def moved_by(
    kind: str, record_id: str, before: Hashable, after: Hashable
) -> tuple[set[str], set[str]]:
    """Whose visibility a scope-moving write (see :func:`changes_scope`) may have changed:
    (youths, records). Every record about those youths, and those records with their parts
    and signals, is what a device compares again (services/pull.py)."""
    youths: set[str] = set()
    records: set[str] = set()
    if kind == "youth":
        youths.add(record_id)
    if kind in ("involvement", "trajectory"):
        youths |= {
            str(inputs[1])
            for inputs in (before, after)
            if isinstance(inputs, tuple) and len(inputs) > 1
        }
    if kind in ("trajectory", "youth_group"):
        records.add(record_id)
    return youths, records


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
