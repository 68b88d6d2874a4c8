"""A half-filled screening survives the process being killed: every reported answer is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.instruments import Instruments
from desktop.services.screenings import Screenings
from desktop.services.session import Session
from desktop.services.youths import Youths
from tests.conftest import PASSPHRASE
from tests.screening_data import definition_data
from veldwerk_core.models.instrument import parse_instrument

ROOT = Path(__file__).resolve().parents[2]


def test_draft_answers_survive_sigkill(session: Session, data_dir: DataDir) -> None:
    Instruments(session).add(parse_instrument(definition_data(), "proef.yaml"))
    youth = Youths(session).create(
        {"first_name": "Kill", "last_name": "Proef", "date_of_birth": "01-01-2012"}
    )
    session.lock()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reliability.screening_filler",
            str(data_dir.root),
            str(youth.id),
        ],
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "VELDWERK_PASSPHRASE": PASSPHRASE},
    )
    assert process.stdout is not None
    draft_id = uuid.UUID(process.stdout.readline().decode().strip().removeprefix("draft="))
    reported = [process.stdout.readline().decode().strip() for _ in range(4)]
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert reported == ["ruzie=ja", "toezicht=2", "delicten=3", "politie=onbekend"]

    reopened = sessions.unlock(data_dir, Secret(PASSPHRASE))
    try:
        draft = Screenings(reopened).draft(draft_id)
        assert draft is not None
        assert draft.answers == {"ruzie": "yes", "toezicht": 2, "delicten": 3, "politie": "unknown"}
        assert reopened.vault.query("PRAGMA integrity_check") == [{"integrity_check": "ok"}]
    finally:
        reopened.lock()
