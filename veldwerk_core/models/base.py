"""Shared building blocks of every record: ids, UTC timestamps, the record base class."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar, Self

import uuid6
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

from veldwerk_core.i18n import N_
from veldwerk_core.models.links import Grant, Link, Ownership, Retention, Stamp, Visibility
from veldwerk_core.models.storable import MAX_TEXT, Checked, check_storable

# Validation context keys. Rules that depend on today's date ("not in the future", age limits)
# hold when a value is entered; re-checking them when a record is loaded, or when some *other*
# field of it changes, would make old records unreadable or uneditable as time passes.
STORED = "stored"
"""The data comes from our own store: skip rules that depend on today's date."""
UNCHANGED = "unchanged"
"""Names of fields whose value is already stored: skip today-dependent rules for them."""
SERVER_NOW = "server_now"
"""The server's clock, when it validates a pushed record: moments a device sends must lie
within sane bounds of it (a device clock may be off, but not by days)."""


def new_id() -> uuid.UUID:
    """A time-ordered UUIDv7, made on the client so records can be created offline."""
    return uuid.UUID(int=uuid6.uuid7().int)


def utc_now() -> datetime:
    return datetime.now(UTC)


def checks_today(info: ValidationInfo) -> bool:
    """Whether a rule that depends on today's date applies to the value being validated."""
    context = info.context or {}
    if context.get(STORED):
        return False
    return info.field_name not in context.get(UNCHANGED, ())


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _parse_dutch_date(value: Any) -> Any:
    """Accept dd-mm-jjjj (and d-m-jjjj) besides ISO dates, as people type them."""
    if isinstance(value, str):
        text = value.strip()
        parts = text.replace("/", "-").split("-")
        if len(parts) == 3 and len(parts[2]) == 4 and all(p.isdigit() for p in parts):
            day, month, year = (int(p) for p in parts)
            try:
                return date(year, month, day)
            except ValueError:
                return text
        return text
    return value


UtcDateTime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
"""A timezone-aware timestamp, normalised to UTC. Naive timestamps are refused."""

DutchDate = Annotated[date, BeforeValidator(_parse_dutch_date)]
"""A calendar date that also accepts the Dutch dd-mm-jjjj notation."""


class Record(Checked, BaseModel):
    """Base of every stored record.

    ``kind`` names the record type in the vault, the outbox and the sync protocol. The sync
    version of a record is kept by the store, not in the record: it is bookkeeping, not content.

    Every value, however deep, must be storable by both databases (no NUL or lone surrogate,
    numbers that fit; :mod:`veldwerk_core.models.storable`), and every text has a length limit.

    Each kind declares, once, how it relates to others (see :mod:`veldwerk_core.models.links`);
    :mod:`veldwerk_core.kinds` derives everything per kind from these declarations.
    """

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=True,
        str_max_length=MAX_TEXT,
        use_enum_values=False,
    )

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    links: ClassVar[tuple[Link, ...]] = ()
    """The fields that name other records: what it belongs to, is seen via, refers to."""
    visibility: ClassVar[Visibility] = Visibility.WITH_YOUTH
    """Who may see it, given the youths a user may see (decided on the server)."""
    title_field: ClassVar[str | None] = None
    """The field that names the record for a person (a group's name), if it has one."""
    scope_inputs: ClassVar[tuple[str, ...]] = ()
    """Fields other records' visibility reads (a trajectory's youth: its goals follow it)."""
    grant: ClassVar[Grant | None] = None
    """Set when the record gives a user the youth it belongs to (an involvement)."""
    school_field: ClassVar[str | None] = None
    """The field naming the school a school's coordinator sees the record through."""
    ownership: ClassVar[Ownership] = Ownership()
    """Who may change or delete it (see docs/sync-protocol.md, "Who may change what")."""
    stamps: ClassVar[tuple[Stamp, ...]] = ()
    """Fields the server fills from the authenticated identity on creation."""
    retention: ClassVar[Retention | None] = None
    """How long it is kept (None: as long as what it belongs to; see veldwerk_core.retention)."""

    @classmethod
    def retention_start(cls, data: Mapping[str, Any]) -> Any:
        """The value the retention term counts from (empty: kept for now)."""
        return data.get(cls.retention.start) if cls.retention is not None else None

    id: uuid.UUID = Field(default_factory=new_id, title=N_("Kenmerk"))
    created_at: UtcDateTime = Field(default_factory=utc_now, title=N_("Aangemaakt op"))
    updated_at: UtcDateTime = Field(default_factory=utc_now, title=N_("Gewijzigd op"))

    @model_validator(mode="after")
    def _storable(self, info: ValidationInfo) -> Self:
        """Values neither database could store are refused where they enter: typed by a
        person or received over the network (the wire shapes check them too). Data from our
        own store passed this check when it entered, so loading it skips the walk."""
        if (info.context or {}).get(STORED):
            return self
        return check_storable(self)

    @classmethod
    def load(cls, data: str | bytes | dict[str, Any]) -> Self:
        """Rebuild a record from stored or pulled data, skipping rules that depend on today's
        date and ignoring fields this version does not know (a newer version wrote them)."""
        if isinstance(data, dict):
            return cls.model_validate(data, context={STORED: True}, extra="ignore")
        return cls.model_validate_json(data, context={STORED: True}, extra="ignore")

    def check_change(self, previous: Self) -> None:
        """Refuse a change the domain does not allow; ``previous`` is the stored version.

        Raises :class:`~veldwerk_core.models.errors.ChangeRefused`. Most records may change freely.
        """

    @classmethod
    def title_of(cls, data: dict[str, Any]) -> str | None:
        """How a person names the record, from its stored data; None: name it by the youth it
        is about."""
        value = data.get(cls.title_field) if cls.title_field else None
        return str(value) if value else None

    @classmethod
    def grant_period(cls, data: dict[str, Any]) -> tuple[str, str | None] | None:
        """For a kind with a ``grant``: from which day until which day (None: open-ended) it
        gives access, as ISO dates; None: it gives nothing (withdrawn, declined, done)."""
        grant = cls.grant
        if grant is None:
            return None
        since = data.get(grant.since) if grant.since else str(data.get("created_at", ""))[:10]
        until = data.get(grant.until) if grant.until else None
        return (str(since), str(until) if until else None) if since else None

    @classmethod
    def match_keys(cls, data: dict[str, Any]) -> tuple[str | None, str | None]:
        """Keys that find other registrations of the same person ("wie doet wat"): by an
        identifier, and by name and birth date. Only the youth has them."""
        return None, None

    @classmethod
    def check_delete(cls) -> None:
        """Refuse deleting records of this kind (append-only kinds); most may be deleted.

        Raises :class:`~veldwerk_core.models.errors.ChangeRefused`.
        """

    def dump(self) -> dict[str, Any]:
        """The record as JSON-compatible data, as stored and synced."""
        return self.model_dump(mode="json")
