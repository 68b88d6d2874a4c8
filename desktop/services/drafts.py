"""Half-filled forms, kept inside the vault: they survive a crash, an auto-lock and a restart."""

from __future__ import annotations

from typing import Any

from desktop.services.session import Session
from desktop.store import drafts


class Drafts:
    def __init__(self, session: Session) -> None:
        self._vault = session.vault

    def save(self, key: str, form: str, data: dict[str, Any]) -> None:
        drafts.save(self._vault, key, form, data)

    def load(self, key: str) -> dict[str, Any] | None:
        return drafts.load(self._vault, key)

    def discard(self, key: str) -> None:
        drafts.discard(self._vault, key)
