"""Typing on without a pause, then SIGKILL: nothing typed more than a second before is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.drafts import Drafts
from desktop.services.session import Session
from desktop.views.signals.form import NEW_DRAFT
from tests.conftest import PASSPHRASE
from tests.reliability.signal_typist import TEXT

ROOT = Path(__file__).resolve().parents[2]


def test_a_signal_draft_keeps_all_but_the_last_second_of_typing(
    session: Session, data_dir: DataDir
) -> None:
    """Issue 13, 4: 6 s of typing, then kill -9, lost 48 letters (the draft waited for a pause)."""
    session.lock()
    typist = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.signal_typist", str(data_dir.root)],
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "VELDWERK_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert typist.stdout is not None
    assert typist.stdout.readline().strip() == b"open"
    typed: list[tuple[float, int]] = []
    started = time.monotonic()
    while time.monotonic() - started < 4.0:
        count, moment = typist.stdout.readline().decode().split()
        typed.append((float(moment), int(count)))
    typist.send_signal(signal.SIGKILL)
    killed = time.monotonic()
    typist.communicate(timeout=30)

    reopened = sessions.unlock(data_dir, Secret(PASSPHRASE))
    try:
        draft = Drafts(reopened).load(NEW_DRAFT)
    finally:
        reopened.lock()
    assert draft is not None, "typing without a pause still reaches the vault"
    kept = draft["description"]
    due = max(count for moment, count in typed if moment <= killed - 1.0)
    assert len(kept) >= due, f"lost {due - len(kept)} letters typed over a second before the kill"
    assert TEXT.startswith(kept)
