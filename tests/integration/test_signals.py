"""Signals through the service: defaults, configured terms, corrections, search, rules, groups."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from desktop.models.filters import GroupFilter, SignalFilter
from desktop.services.flags import Flags
from desktop.services.groups import Groups
from desktop.services.session import Session
from desktop.services.signals import Signals, period
from desktop.services.timeline import open_timeline
from desktop.services.worklist import collect
from desktop.services.youths import Youths
from veldwerk_core.models import Signal, Trajectory, Youth
from veldwerk_core.models.errors import ChangeRefused, RecordInvalid


def youth(session: Session, first: str = "Sem", last: str = "Dekker") -> Youth:
    return Youths(session).create(
        {"first_name": first, "last_name": last, "date_of_birth": "10-10-2010"}
    )


def signal(session: Session, about: Youth, **changes: Any) -> Signal:
    data: dict[str, Any] = {
        "occurred_at": datetime.now(UTC) - timedelta(days=1),
        "place": {"place_kind": "wijk", "wijk": "Noord"},
        "life_domain": "straat",
        "category": "overlast",
        "description": "Met vier anderen bij de skatebaan, harde muziek tot laat.",
        "youth_ids": [str(about.id)],
        "severity": "low",
        "legal_basis": "legal_task",
        **changes,
    }
    return Signals(session).record(data).signal


def test_defaults_come_from_the_profile(session: Session) -> None:
    recorded = signal(session, youth(session))
    assert recorded.recorded_by == session.profile.name
    assert recorded.recorded_role is session.profile.role
    assert recorded.organisation == session.profile.organisation
    defaults = Signals(session).defaults()
    assert abs(defaults["occurred_at"] - session.clock()) < timedelta(minutes=1)


def test_terms_must_come_from_the_configuration(session: Session) -> None:
    subject = youth(session)
    with pytest.raises(RecordInvalid) as caught:
        signal(
            session,
            subject,
            category="iets_anders",
            life_domain="maan",
            place={"place_kind": "wijk", "wijk": "Atlantis"},
        )
    fields = {error.field: error.message for error in caught.value.errors}
    assert fields == {
        "category": "Kies een categorie uit de lijst.",
        "life_domain": "Kies een leefgebied uit de lijst.",
        "place.wijk": "Kies een wijk uit de lijst.",
    }
    assert session.records.count(Signal) == 0


def test_a_correction_is_a_new_version_and_keeps_the_old(session: Session) -> None:
    subject = youth(session)
    first = signal(session, subject, description="Gezien bij de skatebaan met een mes.")
    service = Signals(session)
    corrected = service.correct(
        first.id, {"description": "Gezien bij de skatebaan met een stok."}, "Was geen mes"
    )
    second = corrected.signal
    assert second.id != first.id and second.supersedes_id == first.id
    assert second.correction_reason == "Was geen mes"
    assert [s.description for s in service.versions(first.id)] == [
        "Gezien bij de skatebaan met een mes.",
        "Gezien bij de skatebaan met een stok.",
    ]
    assert service.versions(second.id) == service.versions(first.id)
    assert [s.id for s in service.page(SignalFilter(), 0, 10)] == [second.id], (
        "lists show the current version"
    )
    assert {s.id for s in service.page(SignalFilter(current_only=False), 0, 10)} == {
        first.id,
        second.id,
    }
    with pytest.raises(RecordInvalid):
        service.correct(first.id, {"description": "Nog een keer anders verteld."}, "x")
    with pytest.raises(ChangeRefused):
        session.records.update(Signal, second.id, {"description": "Stiekem aangepast achteraf."})


def test_filters_and_search(session: Session) -> None:
    a, b = youth(session, "Ayoub", "Tahiri"), youth(session, "Britt", "Kramer")
    now = datetime.now(UTC)
    signal(
        session,
        a,
        description="Deelde pakketjes uit bij het station.",
        category="drugs_handel",
        severity="high",
        occurred_at=now - timedelta(days=40),
    )
    signal(
        session,
        b,
        description="Spijbelde drie dagen, moeder onbereikbaar.",
        category="schoolverzuim",
        life_domain="school",
        place={"place_kind": "wijk", "wijk": "Oost"},
    )
    signal(
        session,
        b,
        description="Filmpje met bedreiging op Snapchat.",
        category="online_dreiging",
        life_domain="online",
        place={"place_kind": "online", "platform": "Snapchat"},
    )
    service = Signals(session)

    def found(**spec: Any) -> list[str]:
        return [s.category for s in service.page(SignalFilter(**spec), 0, 50)]

    assert found(text="pakketj") == ["drugs_handel"]
    assert found(text="snapch") == ["online_dreiging"]
    assert found(wijk="Oost") == ["schoolverzuim"]
    assert found(severity="high") == ["drugs_handel"]
    assert found(life_domain="online") == ["online_dreiging"]
    assert found(youth_id=b.id) == ["online_dreiging", "schoolverzuim"], "newest first"
    since, until = period(date.today() - timedelta(days=7), date.today())
    assert sorted(found(since=since, until=until)) == ["online_dreiging", "schoolverzuim"]
    assert service.count(SignalFilter(youth_id=b.id)) == 2


def test_third_signal_from_a_second_source_flags_the_youth_and_the_worklist_shows_why(
    session: Session,
) -> None:
    subject = youth(session)
    signal(session, subject)
    signal(
        session,
        subject,
        category="schoolverzuim",
        life_domain="school",
        source="reported",
        reported_by="Mentor",
    )
    assert Flags(session).for_youth(subject.id) == []
    third = Signals(session).record(
        {
            "occurred_at": datetime.now(UTC) - timedelta(hours=2),
            "place": {"place_kind": "wijk", "wijk": "Noord"},
            "life_domain": "straat",
            "category": "werving",
            "description": "Opgehaald door een oudere man in een dure auto.",
            "youth_ids": [str(subject.id)],
            "severity": "medium",
            "legal_basis": "legal_task",
        }
    )
    assert third.flagged_youth_ids == (subject.id,)
    flags = Flags(session).for_youth(subject.id)
    assert [f.flag.rule_id for f in flags] == ["combinatie_90_dagen"]
    assert len(flags[0].flag.signal_ids) == 3 and third.signal.id in flags[0].flag.signal_ids
    items = [item for item in collect(session, date.today()) if item.target_id == subject.id]
    assert len(items) == 1
    assert (
        items[0].title == subject.name_with_age()
        and "Combinatie van signalen: 3 signalen" in items[0].detail
    )
    timeline = open_timeline(session, subject.id)
    assert [f.rule.id for f in timeline.flags] == ["combinatie_90_dagen"]


def test_sibling_of_a_youth_in_a_trajectory(session: Session) -> None:
    older, younger = youth(session, "Karim", "Haddou"), youth(session, "Yassin", "Haddou")
    Youths(session).add_relation(
        {"youth_id": str(older.id), "related_youth_id": str(younger.id), "relation_kind": "sibling"}
    )
    session.records.create(
        Trajectory,
        {
            "youth_id": str(older.id),
            "coach": "Coach",
            "start": date.today().isoformat(),
            "status": "active",
        },
    )
    signal(
        session,
        younger,
        category="werving",
        description="Vertelde dat hij pakketjes mag rondbrengen.",
    )
    rules = [f.flag.rule_id for f in Flags(session).for_youth(younger.id)]
    assert rules == ["broer_of_zus_in_traject"]
    assert Flags(session).for_youth(younger.id)[0].flag.related_youth_ids == (older.id,)


def test_groups_and_the_timeline(session: Session) -> None:
    a, b = youth(session, "Noah", "Visser"), youth(session, "Luuk", "Smits")
    group = Groups(session).create(
        {
            "name": "Pleingroep Noord",
            "wijk": "Noord",
            "locations": [
                {"location_kind": "hotspot", "name": "Skatebaan Noord"},
                {"location_kind": "online", "name": "Telegram"},
            ],
            "members": [{"youth_id": str(a.id), "role": "kern"}, {"youth_id": str(b.id)}],
        }
    )
    assert [g.name for g in Groups(session).for_youth(a.id)] == ["Pleingroep Noord"]
    updated = Groups(session).update(group.id, {"step": "gather"})
    assert updated.step_date == date.today()
    assert [g.name for g in Groups(session).page(GroupFilter(text="telegr"), 0, 5)] == [
        "Pleingroep Noord"
    ]
    signal(session, a, youth_ids=[], group_id=str(group.id))
    own = signal(session, a)
    Youths(session).add_involvement(
        {
            "youth_id": str(a.id),
            "professional": "Sanne",
            "organisation": "Jongerenwerk",
            "role": "coach",
            "since": "01-01-2026",
        }
    )
    timeline = open_timeline(session, a.id)
    assert [e.record.id for e in timeline.entries] == [own.id]
    assert [g.name for g in timeline.groups] == ["Pleingroep Noord"]
    assert [i.professional for i in timeline.involvements] == ["Sanne"]
    reads = session.vault.scalar(
        "SELECT count(*) FROM audit WHERE action = 'read' AND record_id = ?", (str(a.id),)
    )
    assert reads == 1, "opening the timeline is an audited read"


def test_starting_and_stopping_a_trajectory_updates_the_siblings_flags(session: Session) -> None:
    from desktop.services.trajectories import Trajectories
    from veldwerk_core.models.trajectory import TrajectoryStatus

    older, younger = youth(session, "Nora", "Aydin"), youth(session, "Emre", "Aydin")
    Youths(session).add_relation(
        {"youth_id": str(younger.id), "related_youth_id": str(older.id), "relation_kind": "sibling"}
    )
    signal(
        session,
        younger,
        category="dure_spullen",
        description="Nieuwe telefoon en dure jas, zei niets over geld.",
    )
    assert Flags(session).for_youth(younger.id) == []
    trajectories = Trajectories(session)
    started = trajectories.create(
        {"youth_id": str(older.id), "coach": "Coach Bram", "start": date.today().isoformat()}
    )
    assert [f.flag.rule_id for f in Flags(session).for_youth(younger.id)] == [
        "broer_of_zus_in_traject"
    ]
    trajectories.set_status(
        started.id, TrajectoryStatus.STOPPED, reason="Verhuisd naar een andere stad"
    )
    assert Flags(session).for_youth(younger.id) == []


def test_a_capped_count_of_a_text_search_leaves_out_replaced_versions(session: Session) -> None:
    from desktop.store import signal_queries

    subject, service = youth(session), Signals(session)
    made = [
        signal(session, subject, description=f"Scooter nummer {n} bij de skatebaan.")
        for n in range(5)
    ]
    for first in made[:3]:
        service.correct(first.id, {"description": "Scooter bij de skatebaan, gecorrigeerd."}, "x")
    vault, text = session.vault, SignalFilter(text="skateb")
    # Five current signals match; the index also holds the three replaced versions.
    assert signal_queries.count(vault, text, 6) == 5
    assert signal_queries.count(vault, text, 5) == 5
    assert signal_queries.count(vault, text, 4) == 4
    assert signal_queries.count(vault, SignalFilter(text="skateb", current_only=False), 7) == 7
    assert signal_queries.count(vault, SignalFilter(text="skateb", current_only=False), 9) == 8
    assert signal_queries.count(vault, SignalFilter(text="skateb", wijk="Zuid"), 4) == 0
