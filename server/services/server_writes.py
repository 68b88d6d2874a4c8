"""Changes the server makes itself, within a push: what a write sets off (a withdrawn consent
withdraws its shares, an accepted handover moves ownership, a second registration raises a
"wie doet wat" notice). They are numbered, versioned, derived and audited like a device's."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from server.db_models import StoredRecord
from server.services.caller import Caller
from server.services.records import Numbering, derive, relink, tombstone
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.models.base import SERVER_NOW, STORED, new_id
from veldwerk_core.models.rules import RuleSet
from veldwerk_core.protocol import BOOKKEEPING_FIELDS


class Writer(Protocol):
    """What a reaction needs of the push it runs in."""

    session: Session
    caller: Caller
    numbering: Numbering
    now: datetime
    rules: RuleSet | None
    """The municipality's combination rules (the server keeps flags); None: not kept."""

    def server_update(self, row: StoredRecord, changes: dict[str, Any]) -> None: ...

    def server_create(self, kind: str, data: dict[str, Any], owner: str | None) -> StoredRecord: ...

    def server_remove(self, row: StoredRecord, removed_as: str) -> None: ...

    redirects: dict[str, str]
    """Merged youths and the youths they were merged into (a later change naming one lands
    on the other)."""


Reaction = Callable[[Writer, StoredRecord, dict[str, Any] | None], None]
REACTIONS: dict[str, list[Reaction]] = {}
Requirement = Callable[[Writer, dict[str, Any]], None]
REQUIREMENTS: dict[str, list[Requirement]] = {}


def reacts_to(*kinds: str) -> Callable[[Reaction], Reaction]:
    """Register what a write of these kinds sets off (in the use case's own module)."""

    def register(reaction: Reaction) -> Reaction:
        for kind in kinds:
            REACTIONS.setdefault(kind, []).append(reaction)
        return reaction

    return register


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def required_for(*kinds: str) -> Callable[[Requirement], Requirement]:
    """Register what must hold before a new record of these kinds is stored (beyond its own
    validation and the rules table); it raises the push's ``Rejected``."""

    def register(requirement: Requirement) -> Requirement:
        for kind in kinds:
            REQUIREMENTS.setdefault(kind, []).append(requirement)
        return requirement

    return register


class ServerWrites:
    """Mixed into the push's applier: the server's own changes, and the reactions to writes."""

    session: Session
    caller: Caller
    numbering: Numbering
    now: datetime
    rules: RuleSet | None
    server_changes: list[tuple[str, str]]
    redirects: dict[str, str]

    def _track_scope(
        self, row: StoredRecord, before: dict[str, Any] | None, *, new: bool = False
    ) -> None:
        raise NotImplementedError

    def before_create(self, kind: str, data: dict[str, Any]) -> None:
        for requirement in REQUIREMENTS.get(kind, ()):
            requirement(self, data)

    def after_write(self, row: StoredRecord, before: dict[str, Any] | None) -> None:
        for reaction in REACTIONS.get(row.kind, ()):
            reaction(self, row, before)

    def server_update(self, row: StoredRecord, changes: dict[str, Any]) -> None:
        """Change a stored record as the server (its values checked like a push's)."""
        current = dict(row.data or {})
        wanted = {**current, **changes, "updated_at": self.now.isoformat()}
        context = {STORED: True, SERVER_NOW: self.now}
        merged = RECORD_TYPES[row.kind].model_validate(wanted, context=context).dump()
        changed = [
            name
            for name in merged
            if name not in BOOKKEEPING_FIELDS and not _same(merged[name], current.get(name))
        ]
        if not changed:
            return
        row.version += 1
        self.numbering.claim(row)
        row.data = merged
        row.field_versions = {**row.field_versions, **dict.fromkeys(changed, row.version)}
        row.updated_at = self.now
        derive(self.session, row)
        relink(self.session, row)
        self._track_scope(row, current)
        self.server_changes.append((row.kind, row.id))
        self.after_write(row, current)

    def server_create(self, kind: str, data: dict[str, Any], owner: str | None) -> StoredRecord:
        """A record the server makes (a notice), owned by ``owner``'s organisation."""
        stamp = self.now.isoformat()
        record_id = str(uuid.UUID(int=new_id().int))
        full = {**data, "id": record_id, "created_at": stamp, "updated_at": stamp}
        new = RECORD_TYPES[kind].model_validate(full, context={STORED: True}).dump()
        row = StoredRecord(
            id=record_id,
            kind=kind,
            municipality_id=self.caller.municipality_id,
            version=1,
            created_by=None,
            owner_org_id=owner,
            deleted=False,
            data=new,
            field_versions={name: 1 for name in new if name not in BOOKKEEPING_FIELDS},
            updated_at=self.now,
        )
        self.numbering.claim(row)
        derive(self.session, row)
        self.session.add(row)
        relink(self.session, row)
        self._track_scope(row, None, new=True)
        self.server_changes.append((kind, record_id))
        return row

    def bury(self, row: StoredRecord, removed_as: str | None = None) -> dict[str, Any] | None:
        """Make ``row`` a tombstone within the push (numbered, unlinked, scopes told); returns
        its data before. ``removed_as``: why, when not a user's delete."""
        before = row.data
        tombstone(row, self.now, removed_as)
        self.numbering.claim(row)
        relink(self.session, row)
        self._track_scope(row, before)
        return before

    def server_remove(self, row: StoredRecord, removed_as: str) -> None:
        """Remove a stored record as the server (a merged registration): a tombstone that
        says why, as a retention's does."""
        before = self.bury(row, removed_as)
        self.server_changes.append((row.kind, row.id))
        self.after_write(row, before)
