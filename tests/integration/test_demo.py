"""Demo data: the same seed on the same day gives the same picture, whatever the hour."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import demo
from desktop.services import session as sessions
from desktop.services.instruments import InstrumentMissing
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


def test_a_demo_that_fails_halfway_leaves_nothing_behind(
    tmp_path: Path, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13, 12: a demo stopped halfway with its youths and signals committed."""
    from desktop.services import demo_screenings
    from desktop.services.youths import Youths

    session = sessions.create(DataDir(tmp_path), Secret(PASSPHRASE), profile)
    try:
        Youths(session).create(
            {"first_name": "Eigen", "last_name": "Jongere", "date_of_birth": "01-01-2011"}
        )

        def broken(*_args: object) -> int:
            raise InstrumentMissing(key="vroegsignalering-jonge-aanwas", version="?")

        monkeypatch.setattr(demo_screenings, "add", broken)
        with pytest.raises(InstrumentMissing):
            demo.generate(session, youths=30, seed=2)
        assert Youths(session).count() == 1, "only what was there before"
        assert not session.records.select(Signal)
    finally:
        session.lock()
