"""Device credentials and enrollment codes (failed attempts: core/attempts.py).

A credential is ``vw1.<device id>.<secret>``: the device id finds the row, the secret is checked
against the stored hash on every request. The secret is 256 random bits, so a plain SHA-256 is
as unguessable as the secret itself: a slow password hash (argon2) guards low-entropy secrets
that can be guessed from a stolen hash, and here it only cost tens of milliseconds of CPU per
request. Hashes of the first release (argon2id) are still accepted and replaced by SHA-256 the
first time they match. Enrollment codes are short-lived one-time codes looked up by their HMAC
with the server key (``code_digest``); they are typed by hand and rate-limited.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
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


SHA256_PREFIX = "sha256$"


class Hasher:
    """SHA-256 hashing of credential secrets; argon2id hashes of the first release verify too."""

    def __init__(self) -> None:
        self._legacy = PasswordHasher()

    def hash(self, secret: str) -> str:
        return SHA256_PREFIX + hashlib.sha256(secret.encode()).hexdigest()

    def verify(self, stored_hash: str, credential: Credential) -> bool:
        if stored_hash.startswith(SHA256_PREFIX):
            return hmac.compare_digest(stored_hash, self.hash(credential.secret))
        try:
            return bool(self._legacy.verify(stored_hash, credential.secret))
        except (VerificationError, InvalidHashError):
            return False

    @staticmethod
    def outdated(stored_hash: str) -> bool:
        """A hash of the first release: replace it once the credential matched."""
        return not stored_hash.startswith(SHA256_PREFIX)


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
