"""A process that types a signal's description without pausing and reports every letter.

Usage: python -m tests.reliability.signal_typist DATA_DIR  (passphrase in VELDWERK_PASSPHRASE).
The form runs as in the app (offscreen, operations on the real database worker). Prints
"open" when the form is up, then "<letters typed> <monotonic time>" after each letter.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.models.secret import Secret  # noqa: E402
from desktop.paths import DataDir  # noqa: E402
from desktop.services import session as sessions  # noqa: E402
from desktop.views.ops import Ops  # noqa: E402
from desktop.views.signals.form import SignalForm  # noqa: E402

TEXT = "Twee jongens stonden lang bij de ingang van het station en spraken iedereen aan. " * 20
LETTER_MS = 50


def main() -> None:
    app = QApplication(sys.argv[:1])
    data_dir = DataDir(Path(sys.argv[1]))
    ops = Ops()
    secret = Secret(os.environ["VELDWERK_PASSPHRASE"])
    forms: list[SignalForm] = []
    typed = 0

    def type_letter() -> None:
        nonlocal typed
        QTest.keyClicks(forms[0].description, TEXT[typed])
        typed += 1
        print(f"{typed} {time.monotonic():.4f}", flush=True)

    def opened(session: sessions.Session) -> None:
        ops.set_session(session)
        forms.append(SignalForm(ops))
        forms[0].show()
        forms[0].description.setFocus()
        print("open", flush=True)
        timer.start()

    timer = QTimer(app)
    timer.setInterval(LETTER_MS)
    timer.timeout.connect(type_letter)
    ops.run_unlocked(lambda: sessions.unlock(data_dir, secret), on_success=opened)
    app.exec()


if __name__ == "__main__":
    main()
