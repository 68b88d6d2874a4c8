"""Merging two registrations of one youth (from a "wie doet wat" notice or a duplicate hint).

A professional who may change both youths (their owner, the regisseur) asks for the merge; the
server carries it out within the push that stores it: every record about the merged youth comes
to name the kept youth, the kept youth takes the fields it lacked, and the merged registration
becomes a tombstone that redirects (a later change naming it is applied to the kept youth).
The merge record keeps the provenance - which records came from the merged registration, which
fields it gave, who merged and when - and never changes afterwards. Whoever registered the
merged youth keeps the kept youth in their scope (the merge grants it to them).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from veldwerk_core.i18n import N_
from veldwerk_core.models.base import Record
from veldwerk_core.models.errors import ChangeRefused
from veldwerk_core.models.links import Grant, Ownership, Stamp, belongs_to, refers_to

MAX_MOVED = 100_000
MERGE_KEPT = N_("Een samenvoeging wordt nooit gewijzigd of ongedaan gemaakt; zij blijft bewaard.")


class MovedRecord(BaseModel):
    """A record that came from the merged registration."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str = Field(min_length=1, max_length=32)
    id: uuid.UUID


SERVER_FIELDS = ("registered_by_id", "registered_by", "moved", "fields_taken", "merged_title")
"""Filled by the server as it carries the merge out; a device leaves them empty."""


class YouthMerge(Record):
    kind: ClassVar[str] = "youth_merge"
    label: ClassVar[str] = N_("Samenvoeging")
    links = (
        belongs_to("youth_id", "youth"),
        refers_to("merged_id", "youth"),
        refers_to("notice_id", "notice"),
    )
    grant = Grant(user="registered_by_id")
    ownership = Ownership(of_parent=True, append_only=True)
    stamps = (Stamp("merged_by", "user_name"), Stamp("merged_by_organisation", "organisation"))

    youth_id: uuid.UUID = Field(title=N_("Jongere die blijft"))
    merged_id: uuid.UUID = Field(title=N_("Registratie die opgaat"))
    reason: str = Field(min_length=1, max_length=1000, title=N_("Reden"))
    notice_id: uuid.UUID | None = Field(default=None, title=N_("Melding"))
    merged_by: str = Field(default="", max_length=150, title=N_("Samengevoegd door"))
    merged_by_organisation: str = Field(default="", max_length=150, title=N_("Organisatie"))
    registered_by_id: str = Field(default="", max_length=64, title=N_("Geregistreerd door"))
    registered_by: str = Field(default="", max_length=150, title=N_("Geregistreerd door"))
    merged_title: str = Field(default="", max_length=300, title=N_("Opgegane registratie"))
    moved: list[MovedRecord] = Field(
        default_factory=list, max_length=MAX_MOVED, title=N_("Overgenomen gegevens")
    )
    fields_taken: list[str] = Field(
        default_factory=list, max_length=50, title=N_("Overgenomen velden")
    )

    @classmethod
    def grant_period(cls, data: dict[str, Any]) -> tuple[str, str | None] | None:
        """Whoever registered the merged youth keeps the youth, from the merge on."""
        since = str(data.get("created_at", ""))[:10]
        return (since, None) if since and data.get("registered_by_id") else None

    @classmethod
    def check_delete(cls) -> None:
        raise ChangeRefused(MERGE_KEPT)

    def check_change(self, previous: YouthMerge) -> None:
        raise ChangeRefused(MERGE_KEPT)

    @property
    def carried_out(self) -> bool:
        """The server has carried the merge out (a device's request has no provenance yet)."""
        return bool(self.merged_title)


def repointed(
    links: tuple[Any, ...], data: Mapping[str, Any], old: str, new: str
) -> dict[str, Any]:
    """``data`` with every youth link naming ``old`` naming ``new`` (a list keeps ``new`` once)."""
    result = dict(data)
    for link in links:
        if link.target != "youth" or link.field not in result:
            continue
        value = result[link.field]
        if not link.many:
            if value is not None and str(value) == old:
                result[link.field] = new
            continue
        if not isinstance(value, list):
            continue
        entries: list[Any] = []
        seen: set[str] = set()
        for entry in value:
            named = entry.get(link.item) if link.item and isinstance(entry, Mapping) else entry
            target = new if named is not None and str(named) == old else named
            key = str(target)
            if key in seen:
                continue  # both registrations were members: the youth stays once
            seen.add(key)
            if link.item and isinstance(entry, Mapping):
                entries.append({**entry, link.item: target})
            else:
                entries.append(target)
        result[link.field] = entries
    return result
