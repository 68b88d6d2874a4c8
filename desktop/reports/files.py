"""Writing an export where the user chose, whole or not at all (the kernel's writer: the
server's report command writes its files the same way)."""

from __future__ import annotations

from veldwerk_core.files import write_atomically

__all__ = ["write_atomically"]
