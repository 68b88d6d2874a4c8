"""What a record kind declares about itself, once: its links, who may see it, its title.

Every record class states these as class attributes (see :class:`~veldwerk_core.models.base.
Record`); :mod:`veldwerk_core.kinds` derives from them what the vault, the purge, the pull,
the conflict views and the server's scope rules need. Adding a record kind is its class (with
these declarations), its migration, its service and its view - and no branch elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from veldwerk_core.models.actor import Role


class LinkRole(StrEnum):
    BELONGS = "belongs"
    """The record belongs to what it names (a relation to its youth, a goal to its
    trajectory): it is seen with it, and its youth is that record's youth."""
    VIA = "via"
    """The record may be seen through what it names (a signal through its youths or group, a
    group through its members)."""
    REFERS = "refers"
    """A plain reference (a relation's other youth, an agreement's goal)."""


@dataclass(frozen=True)
class Link:
    """A field that names other records by id."""

    field: str
    target: str
    """The kind of record named."""
    role: LinkRole = LinkRole.REFERS
    many: bool = False
    """The field is a list."""
    item: str | None = None
    """For a list of objects: the key in each object that holds the id (``members[].youth_id``)."""
    private: bool = False
    """Ids a reader may not see are left out of what they receive (and counted); what they
    write back keeps them (a group's members outside the reader's scope)."""

    def ids(self, data: Mapping[str, object] | None) -> list[str]:
        """The ids this link names in ``data`` (in order, without repeats, never None).

        ``data`` is a record as stored (JSON) or its fields as objects: list items may be
        dicts or models."""
        if not data:
            return []
        value = data.get(self.field)
        values = list(value) if self.many and isinstance(value, list | tuple) else [value]
        if self.item is not None:
            item = self.item
            values = [
                entry.get(item) if isinstance(entry, Mapping) else getattr(entry, item, None)
                for entry in values
            ]
        return list(dict.fromkeys(str(entry) for entry in values if entry))


def belongs_to(field: str, target: str) -> Link:
    return Link(field, target, LinkRole.BELONGS)


def seen_via(
    field: str, target: str, *, many: bool = False, item: str | None = None, private: bool = False
) -> Link:
    return Link(field, target, LinkRole.VIA, many, item, private)


def refers_to(field: str, target: str, *, many: bool = False, item: str | None = None) -> Link:
    return Link(field, target, LinkRole.REFERS, many, item)


class Visibility(StrEnum):
    """Who may see a record, given the youths a user may see (decided on the server)."""

    EVERYONE = "everyone"
    """Configuration (screening instruments): every user of the municipality."""
    SUBJECT = "subject"
    """The youth itself: seen by whoever may see that youth."""
    WITH_YOUTH = "with_youth"
    """Belongs to one youth (``BELONGS`` link) and is seen with it."""
    WITH_PARENT = "with_parent"
    """Part of another record (``BELONGS`` link to it) and seen with it."""
    MEMBERS = "members"
    """Seen through any youth it names (``VIA``), and by whoever made it."""
    COORDINATORS = "coordinators"
    """Seen by the municipality's regisseurs only (the early-signalling meeting)."""
    ORGANISATION = "organisation"
    """Seen through a youth or a record it names (``VIA``), but only within the organisation
    that recorded it and the organisations it is shared with."""


@dataclass(frozen=True)
class Grant:
    """A record that gives access: a user the youth it belongs to (an involvement, a task, a
    handover), or an organisation the record it belongs to (a share of a signal). For how long
    is the record's ``grant_period`` (by default its ``since``..``until`` fields)."""

    user: str | None = None
    """The field naming the user given the youth (their id)."""
    organisation: str | None = None
    """The field naming the organisation given the record (its id)."""
    since: str | None = None
    until: str | None = None
    """Empty or missing: open-ended."""


CASE_ROLES = frozenset(
    {Role.YOUTH_WORKER, Role.YOUTH_BOA, Role.SCHOOL_COORDINATOR, Role.COORDINATOR}
)
"""Roles that work with cases; the administrator only configures."""
CONFIGURATION_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR})


class Others(StrEnum):
    """What a user of another organisation than the owner may do with a record they see."""

    NOTHING = "nothing"
    """Only the owner changes it."""
    PROPOSE = "propose"
    """Their change becomes a proposal that the owner accepts or declines."""
    EDIT = "edit"
    """They may change it (what they cannot see of it is kept as it is)."""


@dataclass(frozen=True)
class Ownership:
    """Who may change a record. Its owner is the organisation that created it, stamped by the
    server and never changed by a push; with ``of_parent`` it is the owner of the record it
    belongs to, whose rules it follows (changing a goal is changing its trajectory)."""

    of_parent: bool = False
    others: Others = Others.NOTHING
    coordinator_owns: bool = True
    """The regisseur may change and delete it as its owner does."""
    append_only: bool = False
    """Never changed or deleted once stored (a correction is a new record)."""
    deletable: bool = True
    """False: never deleted, though it may change (a share is withdrawn, and kept)."""
    delete_reason: bool = False
    """Deleting needs a reason, which the server keeps in the access log."""
    writers: frozenset[Role] = field(default=CASE_ROLES)
    """The roles that may create and change such records at all."""
    addressee: str | None = None
    """A field naming the user the record is addressed to (a handover's recipient), who may
    change it as its owner does (accept, decline) but not delete it."""
    server_made: bool = False
    """Only the server creates such records (a "wie doet wat" notice); users change them."""


@dataclass(frozen=True)
class Stamp:
    """A field the server fills from the authenticated identity when the record is created
    (whatever the device sent), e.g. who recorded a signal."""

    field: str
    value: str
    """``user_name``, ``role`` or ``organisation``: which fact of the identity."""


class Term(StrEnum):
    """The retention terms a municipality configures (``retention.yaml``)."""

    SIGNALS = "signals"
    SCREENINGS = "screenings"
    TRAJECTORIES = "trajectories"
    GROUPS = "groups"
    MEETINGS = "meetings"
    YOUTHS = "youths"


@dataclass(frozen=True)
class Retention:
    """How long a record is kept: ``term`` (configured in months) counted from the date in
    ``start``; while ``start`` is empty (a running trajectory) the record is kept. A record
    without a declaration of its own goes with what it belongs to (a goal with its trajectory,
    a consent with its youth); a youth goes once nothing with its own term is left about it."""

    term: Term
    start: str
    until_age: bool = False
    """Also destroyed on the birthday its youths reach the term's age limit (the earliest of
    them): a signal at 23, as in the referral index."""
    keeps_youth: bool = True
    """While kept, the youths it is about are kept too (a group's membership does not)."""
    also_reads: tuple[str, ...] = ()
    """Other fields the kind's ``retention_start`` reads (a trajectory's status)."""

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.start, *self.also_reads)
