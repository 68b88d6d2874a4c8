"""Half-filled forms, kept inside the vault so a crash or an auto-lock loses nothing."""

from __future__ import annotations

import json
from typing import Any

from desktop.store.vault import Vault
from veldwerk_core.models.base import utc_now


def save(vault: Vault, key: str, form: str, data: dict[str, Any]) -> None:
    with vault.transaction():
        vault.execute(
            "INSERT INTO draft (key, form, data, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET data = excluded.data, "
            "updated_at = excluded.updated_at",
            (key, form, json.dumps(data), utc_now().isoformat()),
        )


def load(vault: Vault, key: str) -> dict[str, Any] | None:
    raw = vault.scalar("SELECT data FROM draft WHERE key = ?", (key,))
    return None if raw is None else dict(json.loads(raw))


def keys(vault: Vault, form: str) -> list[str]:
    rows = vault.execute("SELECT key FROM draft WHERE form = ? ORDER BY updated_at DESC", (form,))
    return [row[0] for row in rows]


def discard(vault: Vault, key: str) -> None:
    with vault.transaction():
        vault.execute("DELETE FROM draft WHERE key = ?", (key,))


def entries(vault: Vault, form: str) -> list[tuple[str, dict[str, Any]]]:
    """Every draft of ``form`` with its data, most recently saved first."""
    rows = vault.execute(
        "SELECT key, data FROM draft WHERE form = ? ORDER BY updated_at DESC", (form,)
    )
    return [(row[0], dict(json.loads(row[1]))) for row in rows]
