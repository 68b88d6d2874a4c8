"""What coaching trajectories put on the worklist.

Agreements due within a week or overdue, evaluation moments due without an evaluation, and
open trajectories whose plan is not signed (yet, or since it changed).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from desktop.services.session import Session
from desktop.services.worklist import Urgency, WorkItem, provider
from desktop.store import trajectory_queries as queries
from desktop.store import youth_queries
from veldwerk_core.i18n import _
from veldwerk_core.models import Agreement, Evaluation, Trajectory, Youth
from veldwerk_core.models.trajectory import AgreementStatus

DUE_WITHIN = timedelta(days=7)
EVALUATION_EARLY = timedelta(days=14)
"""An evaluation held up to two weeks before a scheduled moment still counts for it."""


def _open(session: Session) -> tuple[list[Trajectory], dict[uuid.UUID, Youth]]:
    trajectories = queries.open_trajectories(session.records)
    youths = youth_queries.by_ids(session.vault, {t.youth_id for t in trajectories})
    return trajectories, youths


def _title(trajectory: Trajectory, youths: dict[uuid.UUID, Youth], today: date) -> str:
    youth = youths.get(trajectory.youth_id)
    return youth.name_with_age(today) if youth else _("Onbekende jongere")


def _urgency(due: date, today: date) -> Urgency:
    return Urgency.OVERDUE if due < today else Urgency.SOON


@provider
def agreements_due(session: Session, today: date) -> list[WorkItem]:
    trajectories, youths = _open(session)
    by_id = {t.id: t for t in trajectories}
    items: list[WorkItem] = []
    for agreement in queries.parts_of(session.records, Agreement, by_id):
        if agreement.status is not AgreementStatus.OPEN or agreement.due is None:
            continue
        if agreement.due > today + DUE_WITHIN:
            continue
        trajectory = by_id[agreement.trajectory_id]
        items.append(
            WorkItem(
                category=_("Afspraken die aflopen"),
                title=_title(trajectory, youths, today),
                detail=f"{agreement.party.label}: {agreement.what} ({agreement.who})",
                target_kind=Trajectory.kind,
                target_id=trajectory.id,
                due=agreement.due,
                urgency=_urgency(agreement.due, today),
            )
        )
    return items


def due_moments(
    scheduled: Sequence[date], evaluations: Sequence[Evaluation], until: date
) -> list[date]:
    """Scheduled moments up to ``until`` that no evaluation has covered.

    Each evaluation covers the earliest uncovered moment it was held for (on or after the
    moment, or up to two weeks before it).
    """
    open_moments = sorted(scheduled)
    for evaluation in sorted(evaluations, key=lambda e: e.held_on):
        for moment in open_moments:
            if evaluation.held_on >= moment - EVALUATION_EARLY:
                open_moments.remove(moment)
                break
    return [moment for moment in open_moments if moment <= until]


@provider
def evaluations_due(session: Session, today: date) -> list[WorkItem]:
    trajectories, youths = _open(session)
    evaluations = queries.parts_of(session.records, Evaluation, [t.id for t in trajectories])
    items: list[WorkItem] = []
    for trajectory in trajectories:
        held = [e for e in evaluations if e.trajectory_id == trajectory.id]
        for moment in due_moments(trajectory.evaluation_dates, held, today + DUE_WITHIN):
            items.append(
                WorkItem(
                    category=_("Evaluaties"),
                    title=_title(trajectory, youths, today),
                    detail=_("Evaluatie van het plan gepland"),
                    target_kind=Trajectory.kind,
                    target_id=trajectory.id,
                    due=moment,
                    urgency=_urgency(moment, today),
                )
            )
    return items


@provider
def unsigned_plans(session: Session, today: date) -> list[WorkItem]:
    trajectories, youths = _open(session)
    items: list[WorkItem] = []
    for trajectory in trajectories:
        if trajectory.is_signed:
            continue
        if trajectory.signed_version is None:
            detail = _("Het plan is nog niet ondertekend.")
        else:
            detail = _(
                "Versie {version} van het plan is nog niet ondertekend.",
                version=trajectory.plan_version,
            )
        items.append(
            WorkItem(
                category=_("Plannen zonder handtekening"),
                title=_title(trajectory, youths, today),
                detail=detail,
                target_kind=Trajectory.kind,
                target_id=trajectory.id,
            )
        )
    return items
