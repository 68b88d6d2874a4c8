"""A process that fills in a screening draft and reports every answer saved, then waits.

Usage: python -m tests.reliability.screening_filler DATA_DIR YOUTH_ID  (passphrase in
VELDWERK_PASSPHRASE). Prints "item=value" after each answer reached the vault.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from pathlib import Path

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.screenings import Screenings

ANSWERS = (("ruzie", "ja"), ("toezicht", 2), ("delicten", "3"), ("politie", "onbekend"))


def main() -> None:
    data_dir = DataDir(Path(sys.argv[1]))
    session = sessions.unlock(data_dir, Secret(os.environ["VELDWERK_PASSPHRASE"]))
    screenings = Screenings(session)
    draft = screenings.start(uuid.UUID(sys.argv[2]), "proef")
    print(f"draft={draft.id}", flush=True)
    for item_id, value in ANSWERS:
        draft = screenings.set_answer(draft, item_id, value)
        print(f"{item_id}={value}", flush=True)
    time.sleep(60)  # killed long before this


if __name__ == "__main__":
    main()
