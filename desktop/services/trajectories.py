"""Use cases of coaching trajectories: make and edit the plan, track it, find it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from desktop.services import retention
from desktop.services.flags import Flags
from desktop.services.session import Session
from desktop.services.validation import collect, validated
from desktop.store import trajectory_queries as queries
from desktop.store import youth_queries
from veldwerk_core.i18n import N_, _
from veldwerk_core.models import (
    Agreement,
    Evaluation,
    Goal,
    PlanVersion,
    Signature,
    Trajectory,
    Youth,
)
from veldwerk_core.models.base import Record
from veldwerk_core.models.errors import (
    ChangeRefused,
    FieldError,
    RecordInvalid,
    RecordNotFound,
)
from veldwerk_core.models.trajectory import AgreementStatus, TrajectoryStatus

READ_PURPOSE = N_("Traject bekeken")
R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class TrajectoryRow:
    """A trajectory in a list: always shown with its youth's name and age."""

    trajectory: Trajectory
    youth: Youth | None


@dataclass(frozen=True)
class TrajectoryDetail:
    trajectory: Trajectory
    youth: Youth
    goals: list[Goal]
    agreements: list[Agreement]
    evaluations: list[Evaluation]
    versions: list[PlanVersion]
    """Signed versions, newest first."""
    signatures: list[Signature]
    destroyed_on: date | None = None
    """The day the retention rules destroy it (None: kept while it runs)."""


class Trajectories:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._records = session.records

    # -- finding -------------------------------------------------------------------------

    def for_youth(self, youth_id: uuid.UUID) -> list[Trajectory]:
        """The youth's trajectories, newest first (for the youth's timeline)."""
        return queries.for_youth(self._records, youth_id)

    def search(self, text: str = "", limit: int = 200) -> list[TrajectoryRow]:
        found = queries.search(self._session.vault, self._records, text, limit)
        youths = youth_queries.by_ids(self._session.vault, {t.youth_id for t in found})
        return [TrajectoryRow(t, youths.get(t.youth_id)) for t in found]

    def get(self, trajectory_id: uuid.UUID) -> Trajectory:
        trajectory = self._records.get(Trajectory, trajectory_id)
        if trajectory is None:
            raise RecordNotFound()
        return trajectory

    def open(self, trajectory_id: uuid.UUID, *, purpose: str = READ_PURPOSE) -> TrajectoryDetail:
        """Everything about one trajectory, audited as a read of the youth's record."""
        trajectory = self._records.read(Trajectory, trajectory_id, purpose=purpose)
        youth = self._records.get(Youth, trajectory.youth_id)
        if youth is None:
            raise RecordNotFound()
        return TrajectoryDetail(
            trajectory=trajectory,
            youth=youth,
            goals=queries.parts(self._records, Goal, trajectory_id),
            agreements=queries.parts(self._records, Agreement, trajectory_id),
            evaluations=queries.parts(self._records, Evaluation, trajectory_id),
            versions=queries.parts(self._records, PlanVersion, trajectory_id),
            signatures=queries.parts(self._records, Signature, trajectory_id),
            destroyed_on=retention.destruction_date(self._session, Trajectory.kind, trajectory_id),
        )

    # -- the plan ------------------------------------------------------------------------

    def create(self, data: Mapping[str, Any]) -> Trajectory:
        """A new trajectory (status aangemeld, draft version 1)."""
        youth_id = data.get("youth_id")
        if not youth_id or self._records.get(Youth, uuid.UUID(str(youth_id))) is None:
            raise RecordInvalid(
                Trajectory.label,
                [FieldError("youth_id", _("Jongere"), _("Kies een jongere uit het register."))],
            )
        trajectory = self._records.create(Trajectory, data).record
        Flags(self._session).refresh_siblings(trajectory.youth_id)
        return trajectory

    def save_plan(
        self,
        trajectory_id: uuid.UUID,
        plan: Mapping[str, Any],
    ) -> Trajectory:
        """Store the edited plan: trajectory fields, goals and agreements, all or nothing.

        ``plan`` has ``trajectory`` (changed fields), ``goals`` and ``agreements`` (the full
        lists, in order; items keep their ``id``, new ones may bring one). Errors name fields as
        ``goals.2.what``. When the plan was signed as it stood, a change to its content starts
        the next draft version; progress (an agreement's status and note) does not.
        """
        stored = self.get(trajectory_id)
        if stored.status.is_closed:
            raise ChangeRefused(N_("Dit traject is afgesloten en kan niet meer worden gewijzigd."))
        errors: list[FieldError] = []
        base = {**stored.dump(), **dict(plan.get("trajectory", {})), "id": str(trajectory_id)}
        base["youth_id"] = str(stored.youth_id)
        trajectory = collect(Trajectory, base, "", errors)
        goals = [
            collect(
                Goal,
                {**item, "trajectory_id": trajectory_id, "position": index},
                f"goals.{index}.",
                errors,
            )
            for index, item in enumerate(plan.get("goals", ()))
        ]
        agreements = [
            collect(
                Agreement,
                {**item, "trajectory_id": trajectory_id, "position": index},
                f"agreements.{index}.",
                errors,
            )
            for index, item in enumerate(plan.get("agreements", ()))
        ]
        errors += _cross_checks(
            [g for g in goals if g is not None],
            [a for a in agreements if a is not None],
            agreements,
        )
        if errors or trajectory is None:
            raise RecordInvalid(Trajectory.label, errors)
        kept_goals = [g for g in goals if g is not None]
        kept_agreements = [a for a in agreements if a is not None]
        with self._session.vault.transaction():
            old_goals = {g.id: g for g in queries.parts(self._records, Goal, trajectory_id)}
            old_agreements = {
                a.id: a for a in queries.parts(self._records, Agreement, trajectory_id)
            }
            changed = trajectory.plan_differs(stored) or _parts_differ(
                old_goals, old_agreements, kept_goals, kept_agreements
            )
            if changed and stored.is_signed:
                trajectory = trajectory.model_copy(update={"plan_version": stored.plan_version + 1})
            saved = self._records.save(trajectory).record
            for goal in kept_goals:
                self._records.save(_keep_created(goal, old_goals))
            for agreement in kept_agreements:
                self._records.save(_keep_created(agreement, old_agreements))
            for goal_id in old_goals.keys() - {g.id for g in kept_goals}:
                self._records.delete(Goal, goal_id)
            for agreement_id in old_agreements.keys() - {a.id for a in kept_agreements}:
                self._records.delete(Agreement, agreement_id)
        return saved

    # -- tracking ------------------------------------------------------------------------

    def set_status(
        self,
        trajectory_id: uuid.UUID,
        status: TrajectoryStatus,
        *,
        reason: str = "",
        on: date | None = None,
    ) -> Trajectory:
        """Move the trajectory on (aangemeld -> lopend -> afgerond; or gestopt, with reason)."""
        changes: dict[str, Any] = {"status": status, "stop_reason": reason}
        if status.is_closed:
            changes["ended_on"] = on or self._session.clock().astimezone().date()
        trajectory = self._records.update(Trajectory, trajectory_id, changes).record
        Flags(self._session).refresh_siblings(trajectory.youth_id)
        return trajectory

    def set_agreement_status(
        self, agreement_id: uuid.UUID, status: AgreementStatus, note: str | None = None
    ) -> Agreement:
        """Record how an agreement went; this is progress, not a change of the plan."""
        changes: dict[str, Any] = {"status": status}
        if note is not None:
            changes["note"] = note
        return self._records.update(Agreement, agreement_id, changes).record

    def record_evaluation(
        self,
        trajectory_id: uuid.UUID,
        data: Mapping[str, Any],
        evaluation_id: uuid.UUID | None = None,
    ) -> Evaluation:
        """Store an evaluation with progress per goal of this trajectory."""
        goal_ids = {g.id for g in queries.parts(self._records, Goal, trajectory_id)}
        payload = {**data, "trajectory_id": trajectory_id}
        if evaluation_id is not None:
            payload["id"] = evaluation_id
        for index, item in enumerate(payload.get("progress", ())):
            if uuid.UUID(str(item.get("goal_id"))) not in goal_ids:
                raise RecordInvalid(
                    Evaluation.label,
                    [
                        FieldError(
                            f"progress.{index}.goal_id",
                            "Doel",
                            _("Dit doel hoort niet bij dit traject."),
                        )
                    ],
                )
        self.get(trajectory_id)
        return self._records.save(validated(Evaluation, payload)).record


def _keep_created(record: R, old: Mapping[uuid.UUID, R]) -> R:
    previous = old.get(record.id)
    return (
        record
        if previous is None
        else record.model_copy(update={"created_at": previous.created_at})
    )


def _plan_view(record: Goal | Agreement) -> dict[str, Any]:
    if isinstance(record, Agreement):
        return record.plan_dump()
    data = record.dump()
    data.pop("created_at")
    data.pop("updated_at")
    return data


def _parts_differ(
    old_goals: Mapping[uuid.UUID, Goal],
    old_agreements: Mapping[uuid.UUID, Agreement],
    goals: Sequence[Goal],
    agreements: Sequence[Agreement],
) -> bool:
    if set(old_goals) != {g.id for g in goals} or set(old_agreements) != {a.id for a in agreements}:
        return True
    return any(_plan_view(g) != _plan_view(old_goals[g.id]) for g in goals) or any(
        _plan_view(a) != _plan_view(old_agreements[a.id]) for a in agreements
    )


def _cross_checks(
    goals: Sequence[Goal],
    agreements: Sequence[Agreement],
    positions: Sequence[Agreement | None],
) -> list[FieldError]:
    """References inside the plan: to its own goals, and support to its own commitments."""
    errors: list[FieldError] = []
    goal_ids = {g.id for g in goals}
    commitments = {a.id for a in agreements if not a.is_support}
    for index, agreement in enumerate(positions):
        if agreement is None:
            continue
        if agreement.goal_id is not None and agreement.goal_id not in goal_ids:
            errors.append(
                FieldError(
                    f"agreements.{index}.goal_id",
                    _("Hoort bij doel"),
                    _("Dit doel staat niet (meer) in het plan."),
                )
            )
        if any(other not in commitments for other in agreement.depends_on):
            errors.append(
                FieldError(
                    f"agreements.{index}.depends_on",
                    _("Hangt af van"),
                    _("Steun hangt alleen af van afspraken in dit plan die zelf geen steun zijn."),
                )
            )
    return errors
