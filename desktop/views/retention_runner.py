"""Retention while the app runs: once on unlock, then whenever the day changes.

The run is a background operation on the database worker (the GUI never waits); what it
destroyed reaches every view through ``Ops.announce``. After a sync the sync itself applies
the rule (services.sync.after_sync).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QTimer

from desktop.services import retention
from desktop.services.changes import Changes
from desktop.services.errors import VaultLocked
from desktop.views.ops import Ops

log = logging.getLogger("veldwerk.ui")

CHECK_INTERVAL_MS = 15 * 60 * 1000
"""How often the runner looks whether a new day began."""


class RetentionRunner(QObject):
    def __init__(
        self, ops: Ops, today: Callable[[], date] = date.today, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self._today = today
        self.ran_on: date | None = None
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.run_if_new_day)

    def start(self) -> None:
        """The vault is open: run now, then daily."""
        self.ran_on = None
        self.timer.start()
        self.run_if_new_day()

    def stop(self) -> None:
        self.timer.stop()

    def run_if_new_day(self) -> None:
        today = self._today()
        if self.running or self.ran_on == today or self.ops.session is None:
            return
        self.running = True
        self.ops.run(
            lambda session: retention.run(session),
            on_success=lambda done: self._done(done, today),
            on_failure=self._failed,
            owner=self,
        )

    def _done(self, done: retention.RetentionRun, today: date) -> None:
        self.running = False
        self.ran_on = today
        if done.total:
            self.ops.announce(Changes.everything())

    def _failed(self, error: BaseException) -> None:
        self.running = False
        if not isinstance(error, VaultLocked):
            log.warning("retention: %s", type(error).__name__)
