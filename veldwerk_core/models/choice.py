"""Enumerations with a stable code (stored, synced) and a Dutch label (shown)."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from veldwerk_core.i18n import _


class Choice(StrEnum):
    """A closed list of options. Members are declared as ``NAME = ("code", N_("Label"))``."""

    _label: str

    def __new__(cls, code: str, label: str = "") -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member._label = label or code
        return member

    @property
    def label(self) -> str:
        """The option's name in the current language."""
        return _(self._label)

    @classmethod
    def label_of(cls, code: str | None) -> str:
        """The label of ``code``; a code this version does not know (from a newer server)
        is shown as it is rather than failing."""
        try:
            return cls(code or "").label
        except ValueError:
            return _("onbekend ({code})", code=code)

    @classmethod
    def options(cls) -> list[tuple[str, str]]:
        """``(code, label)`` pairs in declaration order, for pick lists."""
        return [(member.value, member.label) for member in cls]
