"""Everything per record kind, derived from what each kind declares (models/links.py).

The one place that knows how kinds relate: which youths a record concerns, what it points at,
what it is part of, what other records' visibility reads from it, how it is titled. The vault
(store), the purge, the pull, the conflict views and the server's derive and scope code ask
here - as data about kinds, never as a branch on a kind's name.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from veldwerk_core.models import RECORD_TYPES, merge
from veldwerk_core.models.actor import Role
from veldwerk_core.models.base import Record
from veldwerk_core.models.links import Grant, Link, LinkRole, Others, Ownership, Visibility

Data = dict[str, Any]


def model(kind: str) -> type[Record]:
    return RECORD_TYPES[kind]


def _only(visibility: Visibility) -> str:
    (kind,) = of_visibility(visibility)
    return kind


@cache
def of_visibility(*visibilities: Visibility) -> tuple[str, ...]:
    """The kinds seen the way(s) given, in declaration order."""
    return tuple(kind for kind, cls in RECORD_TYPES.items() if cls.visibility in visibilities)


YOUTH = _only(Visibility.SUBJECT)
"""The kind of the young person (the subject every other record is about)."""

CONFIGURATION = of_visibility(Visibility.EVERYONE)
"""Kinds every user sees and only configuration writers change (instruments)."""


def is_youth(kind: str) -> bool:
    return kind == YOUTH


def links(kind: str) -> tuple[Link, ...]:
    return model(kind).links


@cache
def youth_links(kind: str, roles: frozenset[LinkRole] | None = None) -> tuple[Link, ...]:
    """The kind's links to youths (of the given roles; all roles when None)."""
    return tuple(
        link
        for link in links(kind)
        if link.target == YOUTH and (roles is None or link.role in roles)
    )


_CONCERNS = frozenset({LinkRole.BELONGS, LinkRole.VIA})


def belongs(kind: str) -> Link | None:
    """The link to what a record of ``kind`` belongs to (its youth, or its trajectory)."""
    return next((link for link in links(kind) if link.role is LinkRole.BELONGS), None)


def parent(kind: str) -> Link | None:
    """The link to the record (not a youth) a record of ``kind`` belongs to or is seen via."""
    return next(
        (
            link
            for link in links(kind)
            if link.target != YOUTH and link.role in _CONCERNS and not link.many
        ),
        None,
    )


@cache
def parts_of(kind: str) -> tuple[str, ...]:
    """The kinds that are parts of ``kind`` (a trajectory's goals, agreements, ...)."""
    return tuple(
        other
        for other in of_visibility(Visibility.WITH_PARENT)
        if (link := belongs(other)) is not None and link.target == kind
    )


@cache
def parent_kinds() -> tuple[str, ...]:
    """Kinds that have parts (a trajectory)."""
    return tuple(kind for kind in RECORD_TYPES if parts_of(kind))


@cache
def with_youth_column() -> tuple[str, ...]:
    """Kinds that belong to exactly one youth, directly or through their parent: the youth
    itself, records of a youth, and the parts of those."""
    return of_visibility(Visibility.SUBJECT, Visibility.WITH_YOUTH, Visibility.WITH_PARENT)


@cache
def linked_kinds() -> tuple[str, ...]:
    """Kinds seen through the youths they name (``VIA`` links to youths): signals, groups."""
    return tuple(kind for kind in RECORD_TYPES if youth_links(kind, frozenset({LinkRole.VIA})))


def youths_named(kind: str, data: Data | None) -> list[str]:
    """The youths a record concerns by its own fields: the youth itself, the youth it belongs
    to, the youths it is seen through. (A trajectory part's youth is its trajectory's.)"""
    if data is None:
        return []
    found: list[str] = [str(data["id"])] if kind == YOUTH and data.get("id") else []
    for link in youth_links(kind, _CONCERNS):
        found += link.ids(data)
    return list(dict.fromkeys(found))


def youths_mentioned(kind: str, data: Data | None) -> list[str]:
    """Every youth a record names in any way (also a relation's other youth): whose flags a
    change to it may change."""
    found = [str(data["id"])] if data and kind == YOUTH and data.get("id") else []
    for link in youth_links(kind):
        found += link.ids(data)
    return list(dict.fromkeys(found))


def linked_youths(kind: str, data: Data | None) -> list[str]:
    """The youths a record is seen through (the server's ``record_youth`` links)."""
    ids: set[str] = set()
    for link in youth_links(kind, frozenset({LinkRole.VIA})):
        ids.update(link.ids(data))
    return sorted(ids)


def own_youth(kind: str, data: Data | None) -> str | None:
    """The one youth a record belongs to by its own fields (None for parts: ask the parent)."""
    if data is None:
        return None
    if kind == YOUTH:
        return str(data["id"]) if data.get("id") else None
    link = belongs(kind)
    if link is None or link.target != YOUTH:
        return None
    ids = link.ids(data)
    return ids[0] if ids else None


def parent_id(kind: str, data: Data | None) -> str | None:
    link = parent(kind)
    if link is None:
        return None
    ids = link.ids(data)
    return ids[0] if ids else None


@dataclass(frozen=True)
class References:
    """What a record points at that a writer must be allowed to see."""

    youths: frozenset[str]
    records: frozenset[str]

    def __sub__(self, other: References) -> References:
        return References(self.youths - other.youths, self.records - other.records)


NO_REFERENCES = References(frozenset(), frozenset())


def references(kind: str, data: Data | None) -> References:
    """Every youth a record names, and the records it belongs to or is seen through."""
    if data is None:
        return NO_REFERENCES
    youths: set[str] = set()
    records: set[str] = set()
    for link in links(kind):
        if link.target == YOUTH:
            youths.update(link.ids(data))
        elif link.role in _CONCERNS:
            records.update(link.ids(data))
    return References(frozenset(youths), frozenset(records))


def title(kind: str, data: Data) -> str | None:
    """The record's own name, if it has one (a youth's name and age, a group's name)."""
    return model(kind).title_of(data)


# -- scope: what other records' visibility reads -------------------------------------------


def school_key(name: str) -> str | None:
    """A school name as the scope rules compare it (case and spacing do not matter)."""
    key = " ".join(name.casefold().split())
    return key or None


def grant(kind: str) -> Grant | None:
    return model(kind).grant


@cache
def granting() -> tuple[str, ...]:
    """Kinds that give access: a user a youth, or an organisation a record."""
    return tuple(kind for kind in RECORD_TYPES if grant(kind) is not None)


@cache
def user_granting() -> tuple[str, ...]:
    """Kinds that give a user the youth they belong to (involvements, tasks, handovers)."""
    return tuple(kind for kind in granting() if (found := grant(kind)) and found.user)


@cache
def organisation_granting() -> tuple[str, ...]:
    """Kinds that give an organisation the record they belong to (shares of a signal)."""
    return tuple(kind for kind in granting() if (found := grant(kind)) and found.organisation)


@cache
def _visibility_passes_through() -> frozenset[str]:
    """Kinds other records are seen through: the targets of parts and of ``VIA`` links."""
    return frozenset(
        link.target
        for kind in RECORD_TYPES
        for link in links(kind)
        if link.target != YOUTH
        and (
            link.role is LinkRole.VIA
            or (link.role is LinkRole.BELONGS and model(kind).visibility is Visibility.WITH_PARENT)
        )
    )


def _input(kind: str, field: str, data: Data) -> Hashable:
    link = next((link for link in links(kind) if link.field == field), None)
    if link is not None:
        return tuple(sorted(link.ids(data)))
    if field == model(kind).school_field:
        return school_key(str(data.get(field) or ""))
    value = data.get(field)
    return None if value is None else str(value)


def scope_inputs(kind: str, deleted: bool, data: Data | None) -> Hashable:
    """What other records' visibility reads from a record (None: nothing does).

    A write whose inputs differ before and after changes some user's scope: records enter or
    leave it without changing themselves. The kind declares its inputs
    (``Record.scope_inputs``); for such kinds, existing at all is an input too.
    """
    fields = model(kind).scope_inputs
    if not fields:
        return None
    if data is None or deleted:
        return ("deleted",)
    return (kind, *(_input(kind, field, data) for field in fields))


def changes_scope(kind: str, before: Hashable, after: Hashable, *, new: bool) -> bool:
    """Whether a write from ``before`` to ``after`` (see :func:`scope_inputs`) moves scopes.

    A record that did not exist yet cannot be referenced by any other record (pushes may only
    reference visible, existing records), so creating one moves nothing - except a grant
    (an involvement), which itself gives a professional their youth.
    """
    if new and grant(kind) is None:
        return False
    return before != after


def moved_by(
    kind: str, record_id: str, before: Data | None, after: Data | None
) -> tuple[set[str], set[str]]:
    """Whose visibility a scope-moving write may have changed: (youths, records).

    The youth itself when a youth changed; the youth a grant or a parent belongs to, before
    and after; and the record itself when others are seen through it (a trajectory's parts,
    a group's signals).
    """
    youths: set[str] = set()
    records: set[str] = set()
    if kind == YOUTH:
        youths.add(record_id)
    elif kind in user_granting() or kind in _visibility_passes_through():
        youths.update(youth for data in (before, after) if (youth := own_youth(kind, data)))
    if kind in _visibility_passes_through():
        records.add(record_id)
    if kind in organisation_granting():  # the record it gives an organisation
        records.update(parent for data in (before, after) if (parent := parent_id(kind, data)))
    return youths, records


def check_declarations(types: Mapping[str, type[Record]] = RECORD_TYPES) -> None:
    """The declarations hang together (the tests run this): links name known kinds and
    fields, a kind seen with its youth or parent belongs to it, scope inputs are fields."""
    for kind, cls in types.items():
        fields = cls.model_fields
        for link in cls.links:
            if link.target not in types:
                raise TypeError(f"{kind}.{link.field} names an unknown kind {link.target}")
            if link.field not in fields:
                raise TypeError(f"{kind} has no field {link.field}")
        owners = [link for link in cls.links if link.role is LinkRole.BELONGS]
        if len(owners) > 1:
            raise TypeError(f"{kind} belongs to more than one record")
        owner = owners[0] if owners else None
        seen_with = {Visibility.WITH_YOUTH: "its youth", Visibility.WITH_PARENT: "its parent"}
        if cls.visibility in seen_with and (
            owner is None
            or (owner.target == YOUTH) != (cls.visibility is Visibility.WITH_YOUTH)
            or owner.many
        ):
            raise TypeError(f"{kind} is seen with {seen_with[cls.visibility]} but belongs to none")
        if cls.visibility is Visibility.WITH_PARENT and owner is not None:
            if types[owner.target].visibility is Visibility.WITH_PARENT:
                raise TypeError(f"{kind}'s parent {owner.target} is itself a part")
        if cls.ownership.of_parent and owner is None:
            raise TypeError(f"{kind} is owned with its parent but belongs to none")
        for field in cls.scope_inputs:
            if field not in fields:
                raise TypeError(f"{kind} declares an unknown scope input {field}")
        named = (
            (cls.grant.user, cls.grant.organisation, cls.grant.since, cls.grant.until)
            if (cls.grant)
            else ()
        )
        for field in (*named, cls.ownership.addressee):
            if field is not None and field not in fields:
                raise TypeError(f"{kind} declares an unknown field {field}")


# -- who may change what -------------------------------------------------------------------


class Operation(StrEnum):
    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"


class Decision(StrEnum):
    """What the server does with a push (docs/sync-protocol.md, "Who may change what")."""

    APPLIED = "applied"
    PROPOSED = "proposed"
    """Kept as a proposal for the owner, who accepts or declines it."""
    NOT_OWNER = "not_owner"
    ROLE = "role"
    CHANGE_REFUSED = "change_refused"


def rights(kind: str) -> Ownership:
    """Who may change records of ``kind``: their own declaration, or for a part owned with its
    parent the parent's (a goal is changed by whoever may change its trajectory)."""
    own = model(kind).ownership
    if own.of_parent:
        link = belongs(kind)
        assert link is not None  # check_declarations
        return model(link.target).ownership
    return own


def acts_as_owner(kind: str, role: Role, *, owner: bool) -> bool:
    """Whether a user changes and deletes such a record as its owner does: of the owning
    organisation, or the regisseur where the kind lets them."""
    return owner or (role is Role.COORDINATOR and rights(kind).coordinator_owns)


def decide(
    kind: str, role: Role, *, owner: bool, operation: Operation, addressee: bool = False
) -> Decision:
    """What happens to ``operation`` on a record of ``kind`` by a user of ``role``; ``owner``:
    the user's organisation owns the record (for a part: its parent); ``addressee``: the record
    is addressed to the user (a handover to them). Scope (may the user see the record and what
    it names?) is asked separately; this is the rules table."""
    own = model(kind).ownership
    ruling = rights(kind)
    if role not in ruling.writers:
        return Decision.ROLE
    as_owner = acts_as_owner(kind, role, owner=owner)
    part = own.of_parent
    if operation is Operation.CREATE and own.server_made:
        return Decision.ROLE
    if operation is Operation.CREATE and not part:
        return Decision.APPLIED
    if operation is not Operation.CREATE and own.append_only:
        return Decision.CHANGE_REFUSED
    if operation is Operation.DELETE and not own.deletable:
        return Decision.CHANGE_REFUSED
    if operation is Operation.EDIT and addressee and own.addressee is not None:
        return Decision.APPLIED
    if as_owner or ruling.others is Others.EDIT:
        if operation is Operation.DELETE and not as_owner:
            return Decision.NOT_OWNER
        return Decision.APPLIED
    if ruling.others is Others.PROPOSE and operation is Operation.EDIT and not part:
        return Decision.PROPOSED
    return Decision.NOT_OWNER


def needs_delete_reason(kind: str) -> bool:
    return model(kind).ownership.delete_reason


def repointed(kind: str, data: Data, old: str, new: str) -> dict[str, Any]:
    """``data`` of a record of ``kind`` with every youth it names as ``old`` named ``new`` (a
    merge of two registrations of one youth)."""
    return merge.repointed(youth_links(kind), data, old, new)
