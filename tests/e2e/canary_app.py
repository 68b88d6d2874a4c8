"""The real app, driven from inside: create a vault through the first-run dialog, record a youth,
run a demo scenario and keep a draft; then wait to be killed.

Usage: python -m tests.e2e.canary_app DATA_DIR FIRST_NAME BSN
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from desktop.app import build
from desktop.paths import DataDir
from desktop.services import demo
from desktop.services.session import Session
from desktop.services.youths import Youths
from desktop.store import drafts
from tests.conftest import PASSPHRASE


def main() -> None:
    data_dir = DataDir(Path(sys.argv[1]))
    first_name, bsn = sys.argv[2], sys.argv[3]
    app, shell = build(data_dir)

    def scenario(session: Session) -> None:
        Youths(session).create(
            {
                "first_name": first_name,
                "last_name": "Kanarie",
                "date_of_birth": "07-07-2011",
                "bsn": bsn,
            }
        )
        demo.generate(session, youths=40, seed=5)
        drafts.save(
            session.vault, "signal-form", "signal", {"description": f"{first_name} {bsn} half af"}
        )

    def opened() -> None:
        shell.ops.run(scenario, on_success=lambda _result: print("ready", flush=True))

    shell.sig_opened.connect(opened)
    shell.start()
    dialog = shell.create_dialog
    assert dialog is not None
    dialog.name.setText("Sanne de Boer")
    dialog.passphrase.first.setText(PASSPHRASE)
    dialog.passphrase.second.setText(PASSPHRASE)
    QTimer.singleShot(0, dialog.create_button.click)
    app.exec()


if __name__ == "__main__":
    main()
