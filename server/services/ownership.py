"""Who may change what, and what a reader may not see of a record.

The rules are the table in docs/sync-protocol.md ("Who may change what"), derived from the
record kinds' declarations (``veldwerk_core.kinds.decide``); this module applies them to stored
rows: who owns a row (a part: its parent's owner), the facts the server stamps from the
authenticated identity, and the ids a reader may not see (``Link.private``): left out of what
they receive, kept in what they write back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db_models import StoredRecord
from server.services.caller import Caller
from veldwerk_core import kinds
from veldwerk_core.kinds import Decision, Operation
from veldwerk_core.models.links import Link


def owner_of(
    session: Session, kind: str, row: StoredRecord | None, data: dict[str, Any]
) -> str | None:
    """The organisation that owns a record: its own stamp, or for a record owned with the
    record it belongs to (a goal, a handover) that record's owner."""
    if kinds.model(kind).ownership.of_parent:
        link = kinds.belongs(kind)
        named = link.ids(data) if link is not None else []
        if not named:
            return None
        session.flush()  # the parent may be new in this push
        return session.execute(
            select(StoredRecord.owner_org_id).where(StoredRecord.id == named[0])
        ).scalar()
    return row.owner_org_id if row is not None else None


def decide(
    caller: Caller,
    kind: str,
    owner: str | None,
    operation: Operation,
    current: dict[str, Any] | None = None,
) -> Decision:
    """The rules table applied to ``caller``; ``current``: the stored record, whose addressee
    (a handover's recipient, a task's owner) changes it as its owner does."""
    return kinds.decide(
        kind,
        caller.role,
        owner=owner == caller.organisation_id,
        operation=operation,
        addressee=addressed_to(kind, current, caller),
    )


def addressed_to(kind: str, current: dict[str, Any] | None, caller: Caller) -> bool:
    field = kinds.model(kind).ownership.addressee
    return field is not None and current is not None and current.get(field) == caller.user_id


def acts_as_owner(caller: Caller, kind: str, owner: str | None) -> bool:
    return kinds.acts_as_owner(kind, caller.role, owner=owner == caller.organisation_id)


IDENTITY = {"user_name", "role", "organisation"}


def stamped(kind: str, data: dict[str, Any], caller: Caller) -> dict[str, Any]:
    """``data`` with the facts the server fills from the identity (who recorded a signal)."""
    facts = {
        "user_name": caller.user_name,
        "role": caller.role.value,
        "organisation": caller.organisation_name,
    }
    return {**data, **{stamp.field: facts[stamp.value] for stamp in kinds.model(kind).stamps}}


def unstamped(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A change without the stamped fields: they are the server's, never the device's."""
    names = {stamp.field for stamp in kinds.model(kind).stamps}
    return {name: value for name, value in fields.items() if name not in names}


def private_links(kind: str) -> tuple[Link, ...]:
    return tuple(link for link in kinds.youth_links(kind) if link.private)


def _entry_id(link: Link, entry: Any) -> str | None:
    value = entry.get(link.item) if link.item and isinstance(entry, dict) else entry
    return str(value) if value else None


def private_ids(kind: str, data: dict[str, Any] | None) -> set[str]:
    """The youths named through links whose entries a reader may not see."""
    return {youth for link in private_links(kind) for youth in link.ids(data)}


def redacted(
    kind: str, data: dict[str, Any], visible: set[str]
) -> tuple[dict[str, Any], dict[str, int]]:
    """What a reader who may see ``visible`` youths receives: entries naming other youths are
    left out and counted per field."""
    hidden: dict[str, int] = {}
    result = data
    for link in private_links(kind):
        entries = data.get(link.field) or []
        kept = [entry for entry in entries if _entry_id(link, entry) in visible]
        if len(kept) != len(entries):
            result = {**result, link.field: kept}
            hidden[link.field] = len(entries) - len(kept)
    return result, hidden


def with_hidden_kept(
    kind: str, fields: dict[str, Any], current: dict[str, Any], visible: set[str]
) -> dict[str, Any]:
    """A change by a reader who may see ``visible`` youths, with the entries they could not
    see (and so could not send) kept as they are."""
    result = fields
    for link in private_links(kind):
        if link.field not in fields or not isinstance(fields[link.field], list):
            continue
        sent = {_entry_id(link, entry) for entry in fields[link.field]}
        kept = [
            entry
            for entry in current.get(link.field) or []
            if _entry_id(link, entry) not in visible and _entry_id(link, entry) not in sent
        ]
        if kept:
            result = {**result, link.field: [*fields[link.field], *kept]}
    return result
