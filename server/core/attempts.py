"""Failed attempts, limited where they come from without locking anyone else out.

A limit on failed attempts per client address alone locked out every enrolled device behind
the same address (an office, a school network) once somebody there mistyped five codes. So:

- **Enrollment codes** (typed by hand, 80 bits) are limited per address *and*, globally, per
  code prefix (the first group): someone who knows part of a code gets no more guesses by
  using many addresses. Over the limit, an attempt is refused before the code is looked at.
- **Device credentials** are verified first; only failing attempts count, so the right
  credential is never refused because of someone else's failures. A wrong secret for a known
  device counts for that device; an unknown device or a malformed credential counts for the
  address. Over the limit, failing attempts get 429 instead of 401.

IPv6 addresses count per /64 (one subscriber's block). Counts live in the process's memory:
with several server processes, each counts on its own (docs/server.md).
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from collections import deque
from collections.abc import Callable

from server.core.errors import RateLimited
from server.core.security import CODE_ALPHABET, CODE_GROUP_LENGTH, CODE_GROUPS, normalise_code

log = logging.getLogger("veldwerk.server.auth")
MAX_KEYS = 100_000
"""Beyond this many counted keys, keys without recent failures are forgotten."""


class AttemptLimiter:
    """Failed attempts per key in a sliding window (only the last ``limit`` are kept)."""

    def __init__(
        self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.get(key)
        if failures is None:
            failures = self._failures[key] = deque(maxlen=self.limit)
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may fail again without being refused; 0: it may now."""
        now = self._clock()
        with self._lock:
            failures = self._recent(key, now)
            if len(failures) < self.limit:
                return 0
            return max(1, int(failures[0] + self.window - now) + 1)

    def failed(self, key: str) -> None:
        now = self._clock()
        with self._lock:
            self._recent(key, now).append(now)
            if len(self._failures) > MAX_KEYS:
                self._failures = {
                    k: v for k, v in self._failures.items() if v and v[-1] > now - self.window
                }

    def reset(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


def address_key(client: str) -> str:
    """An IPv4 address as it is; an IPv6 address by its /64 (a subscriber gets a whole /64)."""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return client
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def code_prefix(code: str) -> str | None:
    """The first group of a well-formed code; None for text that cannot be a code at all."""
    normal = normalise_code(code)
    if len(normal) != CODE_GROUPS * CODE_GROUP_LENGTH or any(
        ch not in CODE_ALPHABET for ch in normal
    ):
        return None
    return normal[:CODE_GROUP_LENGTH]


class Attempts:
    """The failed-attempt rules of enrollment and authentication (see the module)."""

    def __init__(self, limiter: AttemptLimiter) -> None:
        self.limiter = limiter

    def _keys_of_code(self, client: str, code: str) -> list[str]:
        prefix = code_prefix(code)
        keys = [f"enroll-address:{address_key(client)}"]
        return keys + ([f"enroll-prefix:{prefix}"] if prefix else [])

    def before_enrollment(self, client: str, code: str) -> None:
        """Refuse an enrollment while its address or its code's prefix is over the limit."""
        wait = max(self.limiter.retry_after(key) for key in self._keys_of_code(client, code))
        if wait:
            log.warning("enrollment refused: too many failed codes (client %s)", client)
            raise RateLimited(wait)

    def enrollment_failed(self, client: str, code: str) -> None:
        for key in self._keys_of_code(client, code):
            self.limiter.failed(key)

    def enrolled(self, client: str) -> None:
        self.limiter.reset(f"enroll-address:{address_key(client)}")

    def credential_failed(self, client: str, device_id: str | None) -> None:
        """Count a failed credential: for its device if it named a known one, else for the
        address; raise ``RateLimited`` once the device or address was over the limit."""
        key = f"device:{device_id}" if device_id else f"token-address:{address_key(client)}"
        wait = self.limiter.retry_after(key)
        self.limiter.failed(key)
        if wait:
            what = f"device {device_id}" if device_id else f"client {client}"
            log.warning("failing credentials limited for %s", what)
            raise RateLimited(wait)
