"""The device's enrollment and sync progress, kept in the vault's ``sync_state`` row.

The credential is stored here and nowhere else: not in settings files, not in logs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.store.vault import Vault
from veldwerk_core.protocol import ConfigResponse, Identity


@dataclass(frozen=True)
class SyncState:
    server_url: str
    credential: str
    credential_at: datetime
    identity: Identity
    enrolled_at: datetime
    cursor: int
    refetching: bool
    pulling: bool
    """A pull was under way when the app stopped: the post-sync check must run."""
    flags_dirty: bool
    last_success: datetime | None
    last_attempt: datetime | None
    last_error: str | None
    last_check: datetime | None
    config_at: datetime | None
    lease_days: int

    def __repr__(self) -> str:  # never show the credential, not even in a traceback
        return f"SyncState(server_url={self.server_url!r}, cursor={self.cursor})"


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def load(vault: Vault) -> SyncState | None:
    rows = vault.query("SELECT * FROM sync_state WHERE id = 1")
    if not rows:
        return None
    row = rows[0]
    return SyncState(
        server_url=row["server_url"],
        credential=row["credential"],
        credential_at=datetime.fromisoformat(row["credential_at"]),
        identity=Identity.model_validate_json(row["identity"], extra="ignore"),
        enrolled_at=datetime.fromisoformat(row["enrolled_at"]),
        cursor=int(row["cursor"]),
        refetching=bool(row["refetching"]),
        pulling=bool(row["pulling"]),
        flags_dirty=bool(row["flags_dirty"]),
        last_success=_moment(row["last_success"]),
        last_attempt=_moment(row["last_attempt"]),
        last_error=row["last_error"],
        last_check=_moment(row["last_check"]),
        config_at=_moment(row["config_at"]),
        lease_days=int(row["lease_days"]),
    )


def enroll(
    vault: Vault, server_url: str, credential: str, identity: Identity, now: datetime
) -> None:
    """Remember the server and the credential; a new enrollment starts from cursor 0."""
    with vault.transaction():
        vault.execute("DELETE FROM sync_state")
        vault.execute(
            "INSERT INTO sync_state (id, server_url, credential, credential_at, identity, "
            "enrolled_at, last_success) VALUES (1, ?, ?, ?, ?, ?, ?)",
            (
                server_url,
                credential,
                now.isoformat(),
                identity.model_dump_json(),
                now.isoformat(),
                # The lease starts at enrollment: the device was in touch with the server then.
                now.isoformat(),
            ),
        )


def position(vault: Vault) -> tuple[int, bool]:
    """Where pulling stands: the cursor, and whether a full refetch is under way."""
    row = vault.execute("SELECT cursor, refetching FROM sync_state WHERE id = 1").fetchone()
    return int(row[0]), bool(row[1])


def update(vault: Vault, **values: Any) -> None:
    """Set columns of the state row (names are fixed by callers in this package)."""
    if not values:
        return
    columns = ", ".join(f"{name} = ?" for name in values)
    parameters = [_stored(value) for value in values.values()]
    with vault.transaction():
        vault.execute(f"UPDATE sync_state SET {columns} WHERE id = 1", parameters)


def _stored(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def save_config(vault: Vault, config: ConfigResponse, now: datetime) -> None:
    update(
        vault,
        config=config.model_dump_json(),
        lease_days=config.offline_lease_days,
        config_at=now,
    )


def config(vault: Vault) -> ConfigResponse | None:
    """The municipality's configuration as last received; None before the first sync."""
    raw = vault.scalar("SELECT config FROM sync_state WHERE id = 1")
    return None if raw is None else ConfigResponse.model_validate(json.loads(raw), extra="ignore")
