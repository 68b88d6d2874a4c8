"""A growing wait after repeated wrong passphrases, kept across restarts of the app."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

FREE_ATTEMPTS = 3
FIRST_DELAY = 5.0
MAX_DELAY = 300.0


class UnlockGuard:
    """Counts failed unlocks; after :data:`FREE_ATTEMPTS` each next try waits twice as long.

    This is about guessing at the keyboard of a lost laptop. The vault file itself is protected
    against offline guessing by SQLCipher's slow key derivation.
    """

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self._path = path
        self._clock = clock
        self._failures, self._last = self._read()

    def _read(self) -> tuple[int, float]:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
            return int(data["failures"]), float(data["last"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0, 0.0

    def _write(self) -> None:
        if not self._path.parent.exists():
            return
        temporary = self._path.with_name(self._path.name + ".new")
        temporary.write_text(json.dumps({"failures": self._failures, "last": self._last}))
        os.replace(temporary, self._path)

    @property
    def failures(self) -> int:
        return self._failures

    def delay(self) -> float:
        """Seconds to wait after the latest failure before the next attempt."""
        if self._failures < FREE_ATTEMPTS:
            return 0.0
        return min(FIRST_DELAY * 2.0 ** (self._failures - FREE_ATTEMPTS), MAX_DELAY)

    def remaining(self) -> float:
        """Seconds still to wait now; 0 when an attempt is allowed."""
        return max(0.0, self._last + self.delay() - self._clock())

    def failed(self) -> None:
        self._failures += 1
        self._last = self._clock()
        self._write()

    def succeeded(self) -> None:
        self._failures, self._last = 0, 0.0
        self._write()
