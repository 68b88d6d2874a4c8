"""The keys of the audit chain: HMAC keys the database does not hold.

A plain hash chain proves nothing against someone who can write the database: they rewrite an
entry, recompute every later hash and move the head, and the chain verifies. With an HMAC key
from the server's secret configuration, only the server can link entries (and sign
checkpoints, services/audit_checkpoints.py).

Keys have ids, stored with each entry, so they can be rotated: ``sk`` is derived from
``SECRET_KEY`` (or the generated key file) and is the default; ``AUDIT_KEYS`` adds keys by id
and ``AUDIT_KEY_ID`` picks the one that links new entries. Old entries verify as long as
their key stays configured (docs/server.md, "Audit keys"). Each configured secret is turned
into its key with HMAC-SHA256 over the key id, so the audit key is never the same bytes as
the enrollment-code key, even where both come from SECRET_KEY.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field

from server.core.config import SECRET_KEY_ID, Settings

DOMAIN = b"veldwerk audit key\x00"


def derive(secret: bytes, key_id: str) -> bytes:
    return hmac.new(secret, DOMAIN + key_id.encode("ascii"), hashlib.sha256).digest()


@dataclass(frozen=True)
class AuditKeys:
    current: str
    """The id of the key that links new entries and signs checkpoints."""
    keys: Mapping[str, bytes] = field(repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> AuditKeys:
        keys = {SECRET_KEY_ID: derive(settings.hmac_key(), SECRET_KEY_ID)}
        keys.update(
            (key_id, derive(secret.get_secret_value().encode(), key_id))
            for key_id, secret in settings.audit_keys.items()
        )
        return cls(settings.audit_key_id, keys)

    def knows(self, key_id: str) -> bool:
        return key_id in self.keys

    def mac(self, key_id: str, message: bytes) -> str:
        """HMAC-SHA256 of ``message`` with key ``key_id`` (KeyError: not configured)."""
        return hmac.new(self.keys[key_id], message, hashlib.sha256).hexdigest()

    def matches(self, key_id: str, message: bytes, mac: str) -> bool:
        return self.knows(key_id) and hmac.compare_digest(self.mac(key_id, message), mac)
