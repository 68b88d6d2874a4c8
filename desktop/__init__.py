"""Veldwerk: offline-first, encrypted field app for youth workers and their partners."""

from veldwerk_core import __version__

__all__ = ["__version__"]
