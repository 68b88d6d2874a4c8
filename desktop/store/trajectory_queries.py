"""Finding trajectories and their parts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TypeVar

from desktop.store.records import RecordStore
from desktop.store.search import fold, prefix_query
from desktop.store.vault import Vault
from veldwerk_core.models import Agreement, Evaluation, Goal, PlanVersion, Signature, Trajectory
from veldwerk_core.models.base import Record

R = TypeVar("R", bound=Record)

OPEN_STATUSES = ("registered", "active")
_NEWEST_FIRST = "data ->> '$.start' DESC, id DESC"


def parts(records: RecordStore, model: type[R], trajectory_id: uuid.UUID) -> list[R]:
    """Goals, agreements, evaluations... of one trajectory, in their stored order."""
    order = {
        Goal: "CAST(data ->> '$.position' AS INTEGER), id",
        Agreement: "CAST(data ->> '$.position' AS INTEGER), id",
        Evaluation: "data ->> '$.held_on', id",
        Signature: "plan_version, id",
        PlanVersion: "CAST(data ->> '$.version' AS INTEGER) DESC",
    }.get(model, "id")
    return records.select(model, "trajectory_id = ?", (str(trajectory_id),), order_by=order)


def for_youth(records: RecordStore, youth_id: uuid.UUID) -> list[Trajectory]:
    return records.select(Trajectory, "youth_id = ?", (str(youth_id),), order_by=_NEWEST_FIRST)


def open_trajectories(records: RecordStore) -> list[Trajectory]:
    return records.select(Trajectory, "status IN (?, ?)", OPEN_STATUSES, order_by=_NEWEST_FIRST)


def parts_of(records: RecordStore, model: type[R], trajectory_ids: Iterable[uuid.UUID]) -> list[R]:
    wanted = [str(value) for value in trajectory_ids]
    if not wanted:
        return []
    marks = ", ".join("?" for _ in wanted)
    return records.select(model, f"trajectory_id IN ({marks})", wanted)


def search(vault: Vault, records: RecordStore, text: str, limit: int) -> list[Trajectory]:
    """Trajectories whose youth's name (or BSN, wijk, school) or coach starts with the words.

    Without words, every trajectory: open ones first, newest first.
    """
    order = "CASE WHEN status IN ('registered', 'active') THEN 0 ELSE 1 END, " + _NEWEST_FIRST
    query = prefix_query(text)
    if query is None:
        return records.select(Trajectory, order_by=order, limit=limit)
    words = fold(text).split()
    coach_match = " AND ".join(
        "instr(' ' || veldwerk_fold(data ->> '$.coach'), ' ' || ?) > 0" for _ in words
    )
    return records.select(
        Trajectory,
        "youth_id IN (SELECT youth.id FROM youth_fts JOIN youth ON youth.rowid = youth_fts.rowid "
        f"WHERE youth_fts MATCH ?) OR ({coach_match})",
        (query, *words),
        order_by=order,
        limit=limit,
    )
