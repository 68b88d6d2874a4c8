"""Where Veldwerk keeps its data.

The data directory holds the encrypted vault and a few non-sensitive files (settings, logs,
unlock throttling state). It comes from ``--data-dir``, else ``VELDWERK_DATA_DIR``, else the
platform's per-user data location.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Veldwerk"
DATA_DIR_ENV = "VELDWERK_DATA_DIR"


def default_data_dir() -> Path:
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_NAME))


@dataclass(frozen=True)
class DataDir:
    """The files Veldwerk keeps in one data directory."""

    root: Path

    @property
    def vault(self) -> Path:
        return self.root / "vault.veldwerk"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def unlock_state(self) -> Path:
        return self.root / "unlock-state.json"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def vault_files(self) -> list[Path]:
        """The vault and the SQLite side files that belong to it."""
        base = self.vault
        return [base, base.with_name(base.name + "-wal"), base.with_name(base.name + "-shm")]

    def ensure(self) -> DataDir:
        """Create the directory private to the current user."""
        self.root.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(self.root, 0o700)
        return self
