"""Passphrase rules, unlock throttling and settings."""

from __future__ import annotations

from pathlib import Path

from desktop.services import settings as settings_store
from desktop.services.passphrase import assess
from desktop.services.settings import Settings
from desktop.services.unlock_guard import UnlockGuard


def test_passphrase_rules() -> None:
    assert not assess("").acceptable
    short = assess("Kort!1")
    assert any("minstens 12 tekens" in problem for problem in short.problems)
    assert not assess("aaaaaaaaaaaaaaaa").acceptable, "long but guessable"
    assert not assess(" Fiets-Regen-Molen-2026").acceptable, "leading space is a trap"
    good = assess("Fiets-Regen-Molen-2026")
    assert good.acceptable and good.score >= 3
    assert (
        assess("SanneDeBoer2026!", avoid=("Sanne de Boer",)).score
        <= assess("Zeilboot-Tulp-Avond-1987").score
    )


def test_unlock_guard_grows_the_wait_and_survives_a_restart(tmp_path: Path) -> None:
    now = [100.0]
    guard = UnlockGuard(tmp_path / "state.json", clock=lambda: now[0])
    for _ in range(2):
        guard.failed()
    assert guard.remaining() == 0
    guard.failed()
    assert guard.remaining() == 5
    restarted = UnlockGuard(tmp_path / "state.json", clock=lambda: now[0])
    assert restarted.remaining() == 5, "a restart does not reset the wait"
    now[0] += 5
    restarted.failed()
    assert restarted.remaining() == 10
    for _ in range(20):
        restarted.failed()
    assert restarted.remaining() == 300, "capped"
    restarted.succeeded()
    assert UnlockGuard(tmp_path / "state.json").failures == 0


def test_settings_default_round_trip_and_survive_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert settings_store.load(path) == Settings()
    assert Settings().idle_lock_minutes == 5
    settings_store.save(path, Settings(language="en", idle_lock_minutes=12))
    assert settings_store.load(path) == Settings(language="en", idle_lock_minutes=12)
    path.write_text("{niet: json")
    assert settings_store.load(path) == Settings()
