"""What an operation changed: the record kinds and ids it wrote or removed.

Views do not wire "after this dialog saves, reload that list" by hand. Every operation reports
what it changed (in the style of Anki's ``OpChanges``) and each part of the screen decides for
itself whether the change concerns it. The value is plain data: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from veldwerk_core.models import RECORD_TYPES

ALL_KINDS = frozenset(RECORD_TYPES)
"""Every stored record kind: what a sync may have touched when its report cannot say which."""


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[str] = field(default_factory=frozenset)
    ids: frozenset[UUID] = field(default_factory=frozenset)

    @classmethod
    def of(cls, written: Iterable[tuple[str, UUID]]) -> Changes:
        """From the (kind, id) pairs the write path recorded."""
        pairs = list(written)
        return cls(frozenset(kind for kind, _id in pairs), frozenset(i for _kind, i in pairs))

    @classmethod
    def everything(cls) -> Changes:
        """Any record may have changed (a sync brought records in or took some away)."""
        return cls(ALL_KINDS)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.ids | other.ids)

    def touches(self, kinds: Iterable[str]) -> bool:
        """Whether a record of one of ``kinds`` changed."""
        return not self.kinds.isdisjoint(kinds)
