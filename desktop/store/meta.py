"""Vault-level facts that are not records: the device id and the user's profile."""

from __future__ import annotations

import json
from typing import Any

from desktop.store.vault import Vault
from veldwerk_core.models.actor import Profile
from veldwerk_core.models.base import new_id

DEVICE_ID = "device_id"
USER_ID = "user_id"
PROFILE = "profile"
LOCAL_USER = "local"


def get(vault: Vault, key: str) -> Any:
    raw = vault.scalar("SELECT value FROM meta WHERE key = ?", (key,))
    return None if raw is None else json.loads(raw)


def put(vault: Vault, key: str, value: Any) -> None:
    with vault.transaction():
        vault.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )


def initialise(vault: Vault, profile: Profile) -> None:
    """Give a new vault its persistent device id and the profile of its user."""
    with vault.transaction():
        if get(vault, DEVICE_ID) is None:
            put(vault, DEVICE_ID, str(new_id()))
        if get(vault, USER_ID) is None:
            put(vault, USER_ID, LOCAL_USER)
        put(vault, PROFILE, profile.model_dump(mode="json"))


def profile(vault: Vault) -> Profile | None:
    data = get(vault, PROFILE)
    return None if data is None else Profile.model_validate(data)
