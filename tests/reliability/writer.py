"""A process that saves youths through the write path and reports every acknowledged commit.

Usage: python -m tests.reliability.writer DATA_DIR PREFIX  (passphrase in VELDWERK_PASSPHRASE)
Prints one record id per line right after its transaction committed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop.models.secret import Secret
from desktop.paths import DataDir
from desktop.services import session as sessions
from desktop.services.youths import Youths


def main() -> None:
    data_dir = DataDir(Path(sys.argv[1]))
    prefix = sys.argv[2]
    session = sessions.unlock(data_dir, Secret(os.environ["VELDWERK_PASSPHRASE"]))
    youths = Youths(session)
    print("open", flush=True)
    number = 0
    while True:
        number += 1
        youth = youths.create(
            {
                "first_name": f"{prefix}{number}",
                "last_name": "Schrijver",
                "date_of_birth": "01-06-2010",
                "contact_notes": "x" * (number % 7) * 300,
            }
        )
        youths.update(youth.id, {"wijk": "Noord"})
        sys.stdout.write(f"{youth.id}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
