"""The municipal sync server: enrollment, need-to-know scope, push/pull sync and audit."""

from veldwerk_core import __version__

__all__ = ["__version__"]
