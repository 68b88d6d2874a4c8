"""The destruction date in the detail views, and retention as a background operation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from desktop.services.changes import Changes
from desktop.services.screenings import Screenings
from desktop.services.session import Session
from desktop.services.timeline import open_timeline
from desktop.services.trajectories import Trajectories
from desktop.views.dates import dutch_date
from desktop.views.ops import Ops
from desktop.views.retention_runner import RetentionRunner
from desktop.views.screenings.result_view import ResultView
from desktop.views.signals.detail import SignalDetail, load_signal
from desktop.views.trajectories.section import TrajectoriesSection
from desktop.views.youths.timeline import TimelineView
from tests.integration.test_retention import screening, signal, youth
from veldwerk_core.models import Signal
from veldwerk_core.models.trajectory import TrajectoryStatus
from veldwerk_core.retention import add_months

TODAY = date.today()


def test_every_detail_says_when_it_is_destroyed(qtbot, ops: Ops, session: Session) -> None:  # type: ignore[no-untyped-def]
    ops.set_session(session)
    subject = youth(session, "Jesse")
    said = signal(session, subject, "Gezien bij de bieb.")
    day = dutch_date(add_months(TODAY, 24))

    detail = SignalDetail()
    qtbot.addWidget(detail)
    detail.show_view(load_signal(session, said.id))
    assert f"Bewaartermijn Wordt vernietigd op {day}" in " ".join(detail.text.toPlainText().split())

    screened = screening(session, subject)
    result = ResultView()
    qtbot.addWidget(result)
    result.show_screening(Screenings(session).opened(screened.id))
    assert result.retention.text() == f"Wordt vernietigd op {day}"
    assert result.retention.accessibleName() == "Bewaartermijn"

    trajectories = Trajectories(session)
    trajectory = trajectories.create(
        {"youth_id": subject.id, "coach": "Sanne de Boer", "start": TODAY}
    )
    section = TrajectoriesSection(ops)
    qtbot.addWidget(section)
    section.load_detail(trajectory.id)
    assert section.retention.text() == "Wordt bewaard zolang het traject loopt"
    timeline = TimelineView()
    qtbot.addWidget(timeline)
    timeline.show_timeline(open_timeline(session, subject.id))
    assert timeline.retention.text() == "Wordt bewaard zolang er een lopend traject is"

    trajectories.set_status(trajectory.id, TrajectoryStatus.STOPPED, reason="Verhuisd", on=TODAY)
    section.load_detail(trajectory.id)
    assert section.retention.text() == f"Wordt vernietigd op {day}"
    timeline.show_timeline(open_timeline(session, subject.id))
    assert timeline.retention.text() == f"Wordt niet eerder vernietigd dan {day}"


def test_the_runner_destroys_in_the_background_and_tells_the_views(  # type: ignore[no-untyped-def]
    qtbot, ops: Ops, session: Session
) -> None:
    ops.set_session(session)
    subject = youth(session, "Fenna", age=16)
    old = signal(
        session, subject, "Lang geleden.", occurred_at=datetime.now(UTC) - timedelta(days=800)
    )
    seen: list[Changes] = []
    ops.sig_changed.connect(seen.append)
    runner = RetentionRunner(ops)
    runner.start()
    assert session.records.get(Signal, old.id) is None
    assert runner.ran_on == TODAY and any(changes.kinds for changes in seen)
    runner.run_if_new_day()  # once a day
    runner.stop()
