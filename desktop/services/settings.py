"""Non-sensitive preferences kept next to the vault (never a passphrase or case data)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from veldwerk_core.i18n import N_

log = logging.getLogger("veldwerk.settings")

DEFAULT_IDLE_MINUTES = 5


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    language: Literal["nl", "en"] = Field(default="nl", title=N_("Taal"))
    idle_lock_minutes: int = Field(
        default=DEFAULT_IDLE_MINUTES, ge=1, le=60, title=N_("Automatisch vergrendelen na (minuten)")
    )


def load(path: Path) -> Settings:
    """The saved settings, or defaults if there are none or they are unreadable."""
    try:
        return Settings.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError, ValidationError):
        log.warning("settings file unreadable; using defaults")
        return Settings()


def save(path: Path, settings: Settings) -> None:
    """Write atomically, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".new")
    temporary.write_text(settings.model_dump_json(indent=2), encoding="utf-8")
    os.replace(temporary, path)
