"""Where the bundled resources (instruments, taxonomies, translations, fonts) are.

They sit next to the packages in a checkout, inside ``veldwerk_core`` when installed as a
wheel, and in the bundle's own folder when frozen (PyInstaller).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    """The ``resources/`` tree: next to the package in a checkout, inside it when installed."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    if installed.is_dir():
        return installed
    return package.parent / "resources"


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)
