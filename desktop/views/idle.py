"""Auto-lock: notice when nobody has touched keyboard or mouse for a while."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Emits :attr:`sig_idle` once after ``timeout`` seconds without user input.

    The clock is injectable so tests can move time forward instead of waiting.
    """

    sig_idle = Signal()
    sig_remaining = Signal(int)
    """Whole seconds until the lock, once a second while watching (for the status bar)."""

    def __init__(
        self,
        timeout: float,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._timeout = timeout
        self._clock = clock
        self._last = clock()
        self._watching = False
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.check)

    @property
    def timeout(self) -> float:
        return self._timeout

    def set_timeout(self, seconds: float) -> None:
        self._timeout = seconds
        self.touch()

    def start(self) -> None:
        """Start watching (after unlocking); counts from now."""
        self._watching = True
        self.touch()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (while locked)."""
        self._watching = False
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def touch(self) -> None:
        self._last = self._clock()

    def remaining(self) -> float:
        return max(0.0, self._timeout - (self._clock() - self._last))

    def check(self) -> None:
        if not self._watching:
            return
        left = self.remaining()
        self.sig_remaining.emit(int(left + 0.999))
        if left <= 0:
            self.stop()
            self.sig_idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in _ACTIVITY:
            self._last = self._clock()
        return False
