"""Demo data: the same seed on the same day gives the same picture, whatever the hour."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import demo
from desktop.services import session as sessions
from tests.conftest import PASSPHRASE
from veldwerk_core.models import Signal
from veldwerk_core.models.actor import Profile


def _signal_moments(root: Path, profile: Profile, now: datetime) -> list[datetime]:
    session = sessions.create(DataDir(root), Secret(PASSPHRASE), profile, clock=lambda: now)
    try:
        demo.generate(session, youths=60, seed=7)
        return sorted(s.occurred_at for s in session.records.select(Signal))
    finally:
        session.lock()


def test_the_hour_of_the_run_does_not_change_the_demo(tmp_path: Path, profile: Profile) -> None:
    just_after_midnight = datetime(2026, 11, 24, 0, 3, tzinfo=UTC)
    late_evening = datetime(2026, 11, 24, 21, 40, tzinfo=UTC)
    early = _signal_moments(tmp_path / "early", profile, just_after_midnight)
    late = _signal_moments(tmp_path / "late", profile, late_evening)
    assert len(early) > 60
    assert early == late
    assert max(early) < just_after_midnight
