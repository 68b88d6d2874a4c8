"""A debug check: Qt objects are used only on their own (the GUI) thread.

Set ``VELDWERK_THREAD_CHECK=1`` and every call of a ``QObject``'s method made while a worker
of :class:`~desktop.views.ops.Ops` runs an operation is logged and kept in
:attr:`ThreadCheck.violations` (the stress test asserts there are none). Qt itself only
notices some of these (timers, parents) and only in debug builds; a widget read from the
database worker is a crash waiting for the wrong moment. Emitting a signal is allowed: that is
how a worker hands back to the GUI thread.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from types import FrameType
from typing import Any

from PySide6.QtCore import QObject

log = logging.getLogger("veldwerk.ui")

ENV = "VELDWERK_THREAD_CHECK"


class ThreadCheck:
    def __init__(self) -> None:
        self.violations: list[str] = []
        self._lock = threading.Lock()

    @classmethod
    def from_environment(cls) -> ThreadCheck | None:
        return cls() if os.environ.get(ENV, "") not in ("", "0") else None

    def watch(self) -> None:
        """From now on this (worker) thread reports calls on Qt objects."""
        sys.setprofile(self._profile)

    def unwatch(self) -> None:
        sys.setprofile(None)

    def _profile(self, _frame: FrameType, event: str, arg: Any) -> None:
        if event != "c_call":
            return
        owner = getattr(arg, "__self__", None)
        if isinstance(owner, QObject):
            where = f"{type(owner).__name__}.{getattr(arg, '__name__', '?')}"
            with self._lock:
                self.violations.append(where)
            log.error("Qt object used on a worker thread: %s", where)
