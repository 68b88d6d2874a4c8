"""SIGKILL a writer at random moments: the vault stays intact and keeps every acknowledged write."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def run_and_kill(data_dir: DataDir, prefix: str, rng: random.Random) -> list[str]:
    env = {**os.environ, "VELDWERK_PASSPHRASE": PASSPHRASE}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.writer", str(data_dir.root), prefix],
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == b"open"
    time.sleep(rng.uniform(0.0, 0.15))
    process.send_signal(signal.SIGKILL)
    output, _ = process.communicate(timeout=30)
    # Only complete lines were acknowledged; a torn last line is a record we cannot rely on.
    lines = output.decode().split("\n")
    return [line for line in lines[:-1] if line]


def check(data_dir: DataDir, acknowledged: list[str]) -> int:
    session = sessions.unlock(data_dir, Secret(PASSPHRASE))
    try:
        vault = session.vault
        assert vault.query("PRAGMA integrity_check") == [{"integrity_check": "ok"}]
        assert vault.query("PRAGMA cipher_integrity_check") == []
        stored = {row["id"] for row in vault.query("SELECT id FROM youth")}
        missing = set(acknowledged) - stored
        assert not missing, f"{len(missing)} acknowledged records lost"
        audited = {
            row["record_id"]
            for row in vault.query("SELECT record_id FROM audit WHERE action = 'create'")
        }
        queued = {
            row["record_id"]
            for row in vault.query("SELECT record_id FROM outbox WHERE op = 'upsert'")
        }
        assert set(acknowledged) <= audited, "every acknowledged record has its audit entry"
        assert set(acknowledged) <= queued, "every acknowledged record has its outbox entry"
        # Nothing half-done: every stored youth came with its audit and outbox entries.
        assert stored <= audited and stored <= queued
        return len(stored)
    finally:
        session.lock()


def kill_many(data_dir: DataDir, profile, kills: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    sessions.create(data_dir, Secret(PASSPHRASE), profile).lock()
    rng = random.Random(seed)
    acknowledged: list[str] = []
    for round_number in range(kills):
        acknowledged += run_and_kill(data_dir, f"K{round_number}-", rng)
        check(data_dir, acknowledged)
    assert len(acknowledged) > kills, "the writer got work done between kills"


def test_sigkill_during_writes_loses_nothing_acknowledged(data_dir: DataDir, profile) -> None:  # type: ignore[no-untyped-def]
    kill_many(data_dir, profile, kills=50, seed=2)


@pytest.mark.slow
@pytest.mark.timeout(7200)  # each round starts a writer and unlocks twice: ~2 s
def test_sigkill_during_writes_1000_times(data_dir: DataDir, profile) -> None:  # type: ignore[no-untyped-def]
    kill_many(data_dir, profile, kills=1000, seed=3)
