"""Trajectories through the real write path: plans, versions, signing, worklist, audit."""

from __future__ import annotations

import base64
import uuid
from datetime import date, timedelta

import pytest

from desktop.services import worklist
from desktop.services.demo_trajectories import add_trajectory, plan_data
from desktop.services.plans import Plans
from desktop.services.session import Session
from desktop.services.trajectories import Trajectories
from desktop.services.trajectory_worklist import due_moments
from desktop.services.youths import Youths
from veldwerk_core.models import Agreement, Goal, PlanVersion, Signature, Trajectory, Youth
from veldwerk_core.models.audit import AuditAction
from veldwerk_core.models.errors import ChangeRefused, RecordInvalid
from veldwerk_core.models.trajectory import AgreementStatus, TrajectoryStatus

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32).decode()


def youth(session: Session, age: int = 17, first: str = "Daan", last: str = "Çelik") -> Youth:
    today = date.today()  # day capped at 28: a test run on 29 February must not fail
    born = date(today.year - age, today.month, min(today.day, 28)) - timedelta(days=30)
    return Youths(session).create({"first_name": first, "last_name": last, "date_of_birth": born})


def signatures(*roles: str, on: date | None = None) -> list[dict[str, object]]:
    names = {"youth": "Daan Çelik", "coach": "Sanne de Boer", "parent": "Fatima Çelik"}
    return [
        {
            "signer": role,
            "name": names[role],
            "signed_on": on or date.today(),
            "method": "drawn" if role == "youth" else "paper",
            "image_png": PNG if role == "youth" else None,
        }
        for role in roles
    ]


def audit_actions(session: Session, kind: str) -> list[tuple[str, str]]:
    return [
        (row["action"], row["data"])
        for row in session.vault.query(
            "SELECT action, data FROM audit WHERE record_kind = ? ORDER BY seq", (kind,)
        )
    ]


def test_a_plan_is_saved_whole_and_errors_name_their_part(session: Session) -> None:
    person = youth(session)
    trajectories = Trajectories(session)
    trajectory = trajectories.create(
        {"youth_id": person.id, "coach": "Sanne de Boer", "start": date.today()}
    )
    plan = plan_data(person, "Sanne de Boer", date.today())
    plan["goals"][1]["what"] = ""
    plan["agreements"][0]["due"] = "31-02-2026"
    plan["trajectory"]["planned_end"] = (date.today() - timedelta(days=5)).isoformat()
    with pytest.raises(RecordInvalid) as caught:
        trajectories.save_plan(trajectory.id, plan)
    fields = {error.field: error.message for error in caught.value.errors}
    assert fields["goals.1.what"] == "Wat wil je bereiken is verplicht."
    assert "Wanneer klaar is geen geldige datum" in fields["agreements.0.due"]
    assert "planned_end" in fields
    assert session.records.count(Goal) == 0, "nothing is written when part of the plan is wrong"

    plan = plan_data(person, "Sanne de Boer", date.today())
    trajectories.save_plan(trajectory.id, plan)
    detail = trajectories.open(trajectory.id)
    assert [g.what for g in detail.goals] == [g["what"] for g in plan["goals"]]
    assert len(detail.agreements) == len(plan["agreements"])
    support = [a for a in detail.agreements if a.is_support]
    assert support and all(support[0].depends_on)
    assert detail.trajectory.plan_version == 1 and detail.trajectory.signed_version is None

    plan["agreements"][0]["depends_on"] = [plan["agreements"][1]["id"]]
    with pytest.raises(RecordInvalid) as caught:
        trajectories.save_plan(trajectory.id, plan)
    assert caught.value.errors[0].field == "agreements.0.depends_on"


def test_support_may_only_depend_on_agreements_of_the_same_plan(session: Session) -> None:
    person = youth(session)
    trajectory = add_trajectory(session, person)
    detail = Trajectories(session).open(trajectory.id)
    plan = {
        "goals": [g.dump() for g in detail.goals],
        "agreements": [a.dump() for a in detail.agreements],
    }
    support = next(a for a in plan["agreements"] if a["is_support"])
    support["depends_on"] = [str(uuid.uuid4())]
    with pytest.raises(RecordInvalid) as caught:
        Trajectories(session).save_plan(trajectory.id, plan)
    assert caught.value.errors[0].field.endswith(".depends_on")


def test_signing_freezes_the_version_and_a_change_starts_the_next(session: Session) -> None:
    person = youth(session, age=17)
    trajectory = add_trajectory(session, person)
    plans = Plans(session)
    with pytest.raises(RecordInvalid) as caught:
        plans.sign(trajectory.id, signatures("youth"))
    assert caught.value.errors[0].field == "signers"
    assert session.records.count(PlanVersion) == 0 and session.records.count(Signature) == 0

    signed = plans.sign(trajectory.id, signatures("youth", "coach"))
    assert signed.version == 1 and signed.signers == ["youth", "coach"]
    stored = Trajectories(session).get(trajectory.id)
    assert stored.is_signed and stored.signed_version == 1
    with pytest.raises(ChangeRefused):
        plans.sign(trajectory.id, signatures("youth", "coach"))
    with pytest.raises(ChangeRefused):
        session.records.update(Trajectory, trajectory.id, {"help_request": "Iets anders"})
    with pytest.raises(ChangeRefused):
        session.records.update(
            PlanVersion, signed.id, {"signed_on": date.today() - timedelta(days=1)}
        )

    # Progress is not a change of the plan: the version stays signed.
    agreement = session.records.select(Agreement, "trajectory_id = ?", (str(trajectory.id),))[0]
    Trajectories(session).set_agreement_status(agreement.id, AgreementStatus.KEPT, "Gelukt")
    assert Trajectories(session).get(trajectory.id).is_signed

    detail = Trajectories(session).open(trajectory.id)
    plan = {
        "trajectory": {"help_request": "Ik wil nu vooral werk vinden."},
        "goals": [g.dump() for g in detail.goals],
        "agreements": [a.dump() for a in detail.agreements],
    }
    changed = Trajectories(session).save_plan(trajectory.id, plan)
    assert changed.plan_version == 2 and changed.signed_version == 1 and not changed.is_signed
    again = Trajectories(session).save_plan(trajectory.id, plan)
    assert again.plan_version == 2, "one draft collects every change until it is signed"

    versions = plans.versions(trajectory.id)
    assert [(v.version, v.signed_on is None) for v in versions] == [(2, True), (1, False)]
    old = plans.document(trajectory.id, 1)
    assert old.content.help_request != "Ik wil nu vooral werk vinden."
    assert {s.signer.value for s in old.signatures} == {"youth", "coach"}
    assert plans.document(trajectory.id).content.help_request == "Ik wil nu vooral werk vinden."


def test_under_sixteen_a_parent_signs_too(session: Session) -> None:
    person = youth(session, age=14)
    trajectory = add_trajectory(session, person)
    plans = Plans(session)
    with pytest.raises(RecordInvalid) as caught:
        plans.sign(trajectory.id, signatures("youth", "coach"))
    assert "ouder of verzorger" in caught.value.errors[0].message
    assert plans.document(trajectory.id).signer_slots()[1][0].value == "parent"
    version = plans.sign(trajectory.id, signatures("youth", "parent", "coach"))
    assert version.signers == ["youth", "parent", "coach"]


def test_status_moves_on_through_the_write_path(session: Session) -> None:
    trajectory = add_trajectory(session, youth(session))
    trajectories = Trajectories(session)
    assert trajectory.status is TrajectoryStatus.ACTIVE
    with pytest.raises(RecordInvalid):
        trajectories.set_status(trajectory.id, TrajectoryStatus.STOPPED)
    stopped = trajectories.set_status(
        trajectory.id, TrajectoryStatus.STOPPED, reason="Verhuisd", on=date.today()
    )
    assert stopped.ended_on == date.today()
    with pytest.raises(ChangeRefused):
        trajectories.set_status(trajectory.id, TrajectoryStatus.ACTIVE)
    with pytest.raises(ChangeRefused):
        trajectories.save_plan(trajectory.id, {"trajectory": {"help_request": "Nieuw"}})


def test_for_youth_newest_first_and_search(session: Session) -> None:
    person = youth(session, first="Noor", last="Bakker")
    other = youth(session, first="Bram", last="de Vries")
    older = add_trajectory(session, person, start=date.today() - timedelta(days=400))
    newer = add_trajectory(session, person)
    add_trajectory(session, other)
    trajectories = Trajectories(session)
    assert [t.id for t in trajectories.for_youth(person.id)] == [newer.id, older.id]
    found = trajectories.search("noo bak")
    assert {row.trajectory.id for row in found} == {older.id, newer.id}
    assert all(row.youth is not None and row.youth.id == person.id for row in found)
    assert len(trajectories.search("sanne")) == 3, "the coach's name finds them too"
    assert len(trajectories.search("")) == 3


def test_worklist_shows_due_agreements_evaluations_and_unsigned_plans(session: Session) -> None:
    person = youth(session)
    trajectory = add_trajectory(session, person, start=date.today() - timedelta(days=50))
    today = date.today()
    items = worklist.collect(session, today)
    by_category: dict[str, list[worklist.WorkItem]] = {}
    for item in items:
        by_category.setdefault(item.category, []).append(item)
    assert set(by_category) == {
        "Afspraken die aflopen",
        "Evaluaties",
        "Plannen zonder handtekening",
    }
    assert all(item.target_id == trajectory.id for item in items)
    assert all(item.title.startswith("Daan Çelik (") for item in items)
    overdue = [
        i for i in by_category["Afspraken die aflopen"] if i.urgency is worklist.Urgency.OVERDUE
    ]
    assert overdue and all(i.due is not None and i.due < today for i in overdue)
    evaluation = by_category["Evaluaties"][0]
    assert evaluation.due is not None and evaluation.due <= today + timedelta(days=7)

    Trajectories(session).record_evaluation(trajectory.id, {"held_on": today, "progress": []})
    Plans(session).sign(trajectory.id, signatures("youth", "coach"))
    categories = {item.category for item in worklist.collect(session, today)}
    assert "Evaluaties" not in categories and "Plannen zonder handtekening" not in categories


def test_due_moments_match_evaluations_to_the_moment_they_were_for() -> None:
    moments = [date(2026, 3, 1), date(2026, 6, 1)]

    class Held:
        def __init__(self, day: date) -> None:
            self.held_on = day

    assert due_moments(moments, [], date(2026, 3, 5)) == [date(2026, 3, 1)]
    assert due_moments(moments, [Held(date(2026, 2, 20))], date(2026, 7, 1)) == [  # type: ignore[list-item]
        date(2026, 6, 1)
    ]
    assert due_moments(moments, [Held(date(2026, 1, 1))], date(2026, 3, 5)) == [  # type: ignore[list-item]
        date(2026, 3, 1)
    ]


def test_evaluation_progress_must_be_about_goals_of_the_plan(session: Session) -> None:
    trajectory = add_trajectory(session, youth(session))
    with pytest.raises(RecordInvalid) as caught:
        Trajectories(session).record_evaluation(
            trajectory.id,
            {"held_on": date.today(), "progress": [{"goal_id": str(uuid.uuid4()), "score": 3}]},
        )
    assert caught.value.errors[0].field == "progress.0.goal_id"
    goal = Trajectories(session).open(trajectory.id).goals[0]
    with pytest.raises(RecordInvalid) as caught:
        Trajectories(session).record_evaluation(
            trajectory.id,
            {"held_on": date.today(), "progress": [{"goal_id": str(goal.id), "score": 7}]},
        )
    assert caught.value.errors[0].field == "progress.0.score"


def test_reading_a_trajectory_is_audited_for_its_youth(session: Session) -> None:
    person = youth(session)
    trajectory = add_trajectory(session, person)
    Trajectories(session).open(trajectory.id)
    reads = [data for action, data in audit_actions(session, "trajectory") if action == "read"]
    assert reads and str(person.id) in reads[-1]
    assert AuditAction.READ.value == "read"
