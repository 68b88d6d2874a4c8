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

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, literal, or_, select, union, union_all
from sqlalchemy.orm import Session

from desktop.models.actor import Role
from server.db_models import RecordYouth, SignalShare, StoredRecord
from server.services.caller import Caller

BY_YOUTH = ("youth", "relation", "involvement", "screening", "trajectory")
"""Kinds whose ``youth_id`` column names the one youth they belong to."""
OF_TRAJECTORY = ("goal", "agreement", "evaluation", "signature", "plan_version")
R = StoredRecord


def school_key(name: str) -> str | None:
    key = " ".join(name.casefold().split())
    return key or None


def _live(caller: Caller) -> ColumnElement[bool]:
    return and_(R.municipality_id == caller.municipality_id, R.deleted.is_(False))


def youth_ids(caller: Caller, today: date | None = None) -> Select[Any]:
    """The ids of the youths ``caller`` may see, as one column ``youth_id``."""
    live = _live(caller)
    if caller.role is Role.ADMINISTRATOR:
        return select(R.id.label("youth_id")).where(false())
    if caller.role is Role.COORDINATOR and caller.coordinator_scope == "all":
        return select(R.id.label("youth_id")).where(live, R.kind == "youth")
    day = (today or date.today()).isoformat()
    parts: list[Select[Any]] = [
        select(R.youth_id.label("youth_id")).where(
            live,
            R.kind == "involvement",
            R.professional_id == caller.user_id,
            R.valid_from <= day,
            or_(R.valid_until.is_(None), R.valid_until >= day),
        ),
        select(R.id.label("youth_id")).where(
            live, R.kind == "youth", R.created_by == caller.user_id
        ),
    ]
    key = school_key(caller.school_name or "")
    if key is not None:
        parts.append(
            select(R.id.label("youth_id")).where(live, R.kind == "youth", R.school_key == key)
        )
    return select(union(*parts).subquery().c.youth_id)


def visible(caller: Caller, today: date | None = None) -> Select[str, str]:
    """Every record ``caller`` may see, as columns ``id`` and ``kind``."""
    live = _live(caller)
    instruments = select(R.id, R.kind).where(live, R.kind == "instrument")
    if caller.role is Role.ADMINISTRATOR:
        return instruments
    youths = youth_ids(caller, today)
    by_youth = select(R.id, R.kind).where(live, R.kind.in_(BY_YOUTH), R.youth_id.in_(youths))
    trajectories = select(R.id).where(live, R.kind == "trajectory", R.youth_id.in_(youths))
    of_trajectory = select(R.id, R.kind).where(
        live, R.kind.in_(OF_TRAJECTORY), R.parent_id.in_(trajectories)
    )
    linked = select(RecordYouth.record_id).where(
        RecordYouth.municipality_id == caller.municipality_id,
        RecordYouth.youth_id.in_(youths),
    )
    if caller.role is Role.COORDINATOR and caller.coordinator_scope == "all":
        group_rule: ColumnElement[bool] = literal(True)
    else:
        group_rule = or_(R.id.in_(linked), R.created_by == caller.user_id)
    group_ids = select(R.id).where(live, R.kind == "youth_group", group_rule)
    groups = select(R.id, R.kind).where(live, R.kind == "youth_group", group_rule)
    shared = select(SignalShare.signal_id).where(
        SignalShare.organisation_id == caller.organisation_id
    )
    signals = select(R.id, R.kind).where(
        live,
        R.kind == "signal",
        or_(R.id.in_(linked), R.parent_id.in_(group_ids)),
        or_(R.owner_org_id == caller.organisation_id, R.id.in_(shared)),
    )
    return select(union_all(by_youth, of_trajectory, groups, signals, instruments).subquery())


def visible_ids(session: Session, caller: Caller, ids: Collection[str]) -> set[str]:
    """Which of ``ids`` the caller may see now."""
    if not ids:
        return set()
    scope = visible(caller).subquery()
    rows = session.execute(select(scope.c.id).where(scope.c.id.in_(list(ids))))
    return {row[0] for row in rows}


def youths_in_scope(session: Session, caller: Caller, ids: Collection[str]) -> set[str]:
    if not ids:
        return set()
    scope = youth_ids(caller).subquery()
    rows = session.execute(select(scope.c.youth_id).where(scope.c.youth_id.in_(list(ids))))
    return {row[0] for row in rows}
