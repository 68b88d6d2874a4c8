"""The server's tables (SQLAlchemy 2). Alembic migrations in server/alembic create them.

Records are kept as JSON next to a few columns the scope rules search on; those columns are
derived from the record on every write (services/records.py), never sent by a client.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

Json = JSON().with_variant(JSONB(), "postgresql")
ID = String(36)


class Base(DeclarativeBase):
    pass


class Municipality(Base):
    """A municipality: the unit of scope, of the sync sequence and of tombstone purging."""

    __tablename__ = "municipality"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(150), unique=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    """The sequence; taken under this row's lock inside each write transaction."""
    purged_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    """Highest sequence number of a purged tombstone: older cursors must resync."""
    coordinator_scope: Mapped[str] = mapped_column(String(20), default="all")
    scope_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    """Raised by every write that can change which records a user sees (an involvement, a
    share, a youth's school, ...); a device whose scope mark is older compares its scope."""
    retention_ran_on: Mapped[str | None] = mapped_column(String(10), nullable=True)
    """The last day the daily retention ran (one server process does it per day)."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    kind: Mapped[str] = mapped_column(String(30))
    school_name: Mapped[str | None] = mapped_column(String(150), nullable=True)
    """For a school: the name as it appears in youths' ``school`` field."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    role: Mapped[str] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    email: Mapped[str] = mapped_column(String(150), default="", server_default="")
    """Work contact details, shown to colleagues (never private ones)."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Device(Base):
    __tablename__ = "device"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(200))
    pending_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    """A rotated credential; it replaces ``secret_hash`` the first time it is used."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    rotated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    scope_mark: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """Digest of who the device's user was (role, organisation, school, the day...) when pull
    last compared its scope with what it holds (see services/scope.py ``scope_mark``)."""
    scope_seen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    """The municipality's scope version at that comparison: the moves after it (``scope_move``)
    say which records to compare again."""
    app_version: Mapped[str | None] = mapped_column(String(40), nullable=True)
    """The app version the device last said (``User-Agent: Veldwerk/<version>``), for the
    administrator (``list-devices``); None until a current app has made contact."""
    app_protocol: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The protocol version the device last said (``Veldwerk-Protocol``)."""


class EnrollmentCode(Base):
    __tablename__ = "enrollment_code"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    """HMAC-SHA256 of the normalised code; the code itself is never stored."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    device_id: Mapped[str | None] = mapped_column(ID, nullable=True)


class StoredRecord(Base):
    __tablename__ = "record"
    __table_args__ = (
        UniqueConstraint("municipality_id", "seq"),
        Index("record_scope_youth", "municipality_id", "kind", "youth_id"),
        Index("record_professional", "municipality_id", "professional_id"),
        Index("record_parent", "parent_id"),
        Index("record_school", "municipality_id", "school_key"),
        Index("record_grantee", "municipality_id", "grantee_org_id"),
        Index("record_match_bsn", "municipality_id", "match_bsn"),
        Index("record_match_name", "municipality_id", "match_name"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"))
    version: Mapped[int] = mapped_column(BigInteger)
    """64 bits, like every version and cursor on the wire (a device's base version is its word
    until checked, and the columns must hold whatever the wire lets through)."""
    seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    """Set at the end of the writing transaction, under the sequence lock (never NULL once
    committed)."""
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    removed_as: Mapped[str | None] = mapped_column(String(16), nullable=True)
    """A tombstone's removal reason when not a user's delete: ``expired``, ``erased``."""
    data: Mapped[dict[str, Any] | None] = mapped_column(Json, nullable=True)
    """The record as ``record.dump()``; None once deleted (the content is destroyed)."""
    field_versions: Mapped[dict[str, int]] = mapped_column(Json, default=dict)
    """Per top-level field: the record version that last changed it (for conflict checks)."""
    created_by: Mapped[str | None] = mapped_column(ID, nullable=True)
    created_device: Mapped[str | None] = mapped_column(ID, nullable=True)
    owner_org_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    """The organisation that owns the record: the creator's, stamped by the server and never
    changed by a push (a part's is its parent's)."""
    youth_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    """The one youth a youth, relation, involvement, screening or trajectory belongs to."""
    parent_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    """The trajectory of a goal/agreement/evaluation/signature; the group of a signal."""
    professional_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    valid_from: Mapped[str | None] = mapped_column(String(10), nullable=True)
    valid_until: Mapped[str | None] = mapped_column(String(10), nullable=True)
    school_key: Mapped[str | None] = mapped_column(String(150), nullable=True)
    grantee_org_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    """The organisation a grant gives the record it belongs to (a share: its signal)."""
    match_bsn: Mapped[str | None] = mapped_column(String(64), nullable=True)
    match_name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """A youth's keys for "wie doet wat": digests of the BSN, and of name and birth date."""
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RecordYouth(Base):
    """Which youths a record concerns: scope of signals and groups, and the audit's youths."""

    __tablename__ = "record_youth"
    __table_args__ = (Index("record_youth_by_youth", "municipality_id", "youth_id"),)

    record_id: Mapped[str] = mapped_column(ID, primary_key=True)
    youth_id: Mapped[str] = mapped_column(ID, primary_key=True)
    municipality_id: Mapped[str] = mapped_column(ID)


class YouthRedirect(Base):
    """A merged registration of a youth: its id leads to the kept youth (services/merge.py)."""

    __tablename__ = "youth_redirect"
    __table_args__ = (Index("youth_redirect_kept", "kept_id"),)

    merged_id: Mapped[str] = mapped_column(ID, primary_key=True)
    kept_id: Mapped[str] = mapped_column(ID)
    municipality_id: Mapped[str] = mapped_column(ID)
    merge_id: Mapped[str] = mapped_column(ID)


class YouthStub(Base):
    """What monitoring may count of a youth whose records expire: while the youth exists, a
    tally of its destroyed signals and trajectories (``youth_id`` set); once the youth itself
    goes, either nothing (destroyed) or an anonymous stub (``youth_id`` emptied): no name,
    birth date or BSN - an age band, the wijk, dates and counts."""

    __tablename__ = "youth_stub"
    __table_args__ = (
        Index("youth_stub_municipality", "municipality_id"),
        Index("youth_stub_youth", "youth_id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    """A new id: never the youth's."""
    municipality_id: Mapped[str] = mapped_column(ID)
    youth_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    age_band: Mapped[str] = mapped_column(String(16), default="")
    wijk: Mapped[str] = mapped_column(String(100), default="")
    registered_on: Mapped[str] = mapped_column(String(10), default="")
    destroyed_on: Mapped[str | None] = mapped_column(String(10), nullable=True)
    signals: Mapped[int] = mapped_column(Integer, default=0)
    trajectories: Mapped[int] = mapped_column(Integer, default=0)
    first_signal_on: Mapped[str | None] = mapped_column(String(10), nullable=True)
    last_signal_on: Mapped[str | None] = mapped_column(String(10), nullable=True)


class ServerFlag(Base):
    """A combination rule that holds for a youth, evaluated by the server over all signals of
    the municipality (the devices evaluate their own): what the meeting's agenda is proposed
    from, without anyone reading the signals."""

    __tablename__ = "server_flag"
    __table_args__ = (Index("server_flag_municipality", "municipality_id"),)

    youth_id: Mapped[str] = mapped_column(ID, primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    municipality_id: Mapped[str] = mapped_column(ID)
    signals: Mapped[int] = mapped_column(Integer)
    flagged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ScopeMove(Base):
    """A write that changed which records some users see, and whose visibility it may have
    changed: the records about ``youth_ids`` and the records in ``record_ids`` (with their
    parts and, for a group, its signals). Pull compares only those (services/pull.py)."""

    __tablename__ = "scope_move"

    municipality_id: Mapped[str] = mapped_column(ID, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    """The municipality's scope version this move raised it to."""
    youth_ids: Mapped[list[str]] = mapped_column(Json)
    record_ids: Mapped[list[str]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeviceRecord(Base):
    """What a device holds: compared with its scope to send records that enter or leave it."""

    __tablename__ = "device_record"

    device_id: Mapped[str] = mapped_column(ID, primary_key=True)
    record_id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(BigInteger)


class ProcessedMutation(Base):
    """Every mutation the server answered, so a retried batch gets the same answers."""

    __tablename__ = "processed_mutation"

    mutation_id: Mapped[str] = mapped_column(ID, primary_key=True)
    device_id: Mapped[str] = mapped_column(ID)
    digest: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ConflictRow(Base):
    """A change that was not applied as sent: a conflict of ``user_id``'s, or a proposal of
    ``user_id``'s to the organisation that owns the record (``organisation_id`` set)."""

    __tablename__ = "conflict"
    __table_args__ = (
        UniqueConstraint("municipality_id", "seq"),
        Index("conflict_open", "user_id", "record_id", "status"),
        Index("conflict_to_organisation", "organisation_id", "status"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    municipality_id: Mapped[str] = mapped_column(ID)
    seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    user_id: Mapped[str] = mapped_column(ID)
    organisation_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    device_id: Mapped[str] = mapped_column(ID)
    mutation_id: Mapped[str] = mapped_column(ID)
    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(ID)
    reason: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    base_version: Mapped[int] = mapped_column(BigInteger)
    server_version: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    fields: Mapped[list[dict[str, Any]]] = mapped_column(Json)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AuditContent:
    """What an audit entry says: who, which device, when, the action, its result, which
    records; ``detail`` holds the youths concerned and counts - never content."""

    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    municipality_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    user_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    device_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    action: Mapped[str] = mapped_column(String(30))
    result: Mapped[str] = mapped_column(String(30))
    records: Mapped[list[list[str]]] = mapped_column(Json)
    detail: Mapped[dict[str, Any]] = mapped_column(Json)


class AuditEntry(AuditContent, Base):
    """Append-only access log; each row's hash is an HMAC over its content and the previous
    hash, with a key the database does not hold (services/audit_keys.py)."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """Which audit key made ``hash``; None: an entry linked before keys (plain SHA-256), which
    may only precede every keyed entry."""


class AuditPending(AuditContent, Base):
    """An audit entry written with its request, waiting to be linked into the chain.

    Requests never wait for the chain's head: the server's chainer (services/audit.py) moves
    these into ``audit_log`` within about a second, in one transaction per batch.
    """

    __tablename__ = "audit_pending"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True
    )


class AuditYouth(Base):
    __tablename__ = "audit_youth"
    __table_args__ = (Index("audit_youth_by_youth", "youth_id", "audit_seq"),)

    audit_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    youth_id: Mapped[str] = mapped_column(ID, primary_key=True)


class DeviceAuditReceived(Base):
    """Each entry of a device's own access log the server received, once: an upload sent
    again (its answer was lost) finds its entries here and links none of them twice."""

    __tablename__ = "device_audit_received"

    device_id: Mapped[str] = mapped_column(ID, primary_key=True)
    entry_id: Mapped[str] = mapped_column(ID, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditHead(Base):
    """One row: the last entry's sequence and hash; its lock serialises linking entries into
    the chain (the chainers, not the requests)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class MonitoringBaseline(Base):
    """The nulmeting of a municipality: its monitoring figures over the baseline period, raw
    (aggregates only; what may be published of them is decided when a report shows them)."""

    __tablename__ = "monitoring_baseline"

    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"), primary_key=True)
    period_from: Mapped[str] = mapped_column(String(10))
    period_to: Mapped[str] = mapped_column(String(10))
    figures: Mapped[list[dict[str, Any]]] = mapped_column(Json)
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
