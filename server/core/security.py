"""Device credentials, enrollment codes and the failed-attempt limiter.

A credential is ``vw1.<device id>.<secret>``: the device id finds the row, the secret is checked
against an argon2 hash. Argon2 is deliberately slow, so a verified credential is remembered in
memory by its SHA-256 together with the hash it matched; rotating or revoking changes the row,
which invalidates the remembered entry on the next request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

PREFIX = "vw1"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed by hand
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4


@dataclass(frozen=True)
class Credential:
    device_id: uuid.UUID
    secret: str

    def __str__(self) -> str:
        return f"{PREFIX}.{self.device_id}.{self.secret}"


def new_credential(device_id: uuid.UUID) -> Credential:
    return Credential(device_id, secrets.token_urlsafe(32))


def parse_credential(text: str) -> Credential | None:
    parts = text.strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX or not 20 <= len(parts[2]) <= 100:
        return None
    try:
        return Credential(uuid.UUID(parts[1]), parts[2])
    except ValueError:
        return None


class Hasher:
    """Argon2id hashing of credential secrets, with a cache of verified credentials."""

    def __init__(self, time_cost: int = 3, memory_kib: int = 65536) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
        self._verified: dict[str, str] = {}
        self._lock = threading.Lock()

    def hash(self, secret: str) -> str:
        return self._hasher.hash(secret)

    def verify(self, stored_hash: str, credential: Credential) -> bool:
        key = hashlib.sha256(str(credential).encode()).hexdigest()
        with self._lock:
            if self._verified.get(key) == stored_hash:
                return True
        try:
            self._hasher.verify(stored_hash, credential.secret)
        except (VerificationError, InvalidHashError):
            return False
        with self._lock:
            if len(self._verified) > 10_000:
                self._verified.clear()
            self._verified[key] = stored_hash
        return True


def new_code() -> str:
    """A one-time enrollment code like ``K7QM-2XPA-9RTE-VW4H`` (80 bits)."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_digest(key: bytes, code: str) -> str:
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


class AttemptLimiter:
    """Counts failed attempts per client address in a sliding window (in memory)."""

    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(client, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def retry_after(self, client: str) -> int:
        """Seconds until ``client`` may try again; 0 if it may now."""
        now = time.monotonic()
        with self._lock:
            failures = self._recent(client, now)
            if len(failures) < self.limit:
                return 0
            return max(1, int(failures[0] + self.window - now) + 1)

    def failed(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._recent(client, now).append(now)
            if len(self._failures) > 100_000:
                self._failures = {k: v for k, v in self._failures.items() if v}

    def reset(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
