"""Wire shapes of the sync protocol, shared by the desktop client and the municipal server.

This module is the one definition of what crosses the network (see docs/sync-protocol.md).
Every shape refuses unknown fields, so a client and a server that disagree about the protocol
fail loudly instead of silently dropping data. Records themselves travel as ``record.dump()``
and are validated with the record models in :mod:`veldwerk_core.models`.
"""

from __future__ import annotations

import hashlib
import typing
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

from veldwerk_core.i18n import N_
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.models.actor import Role
from veldwerk_core.models.base import UtcDateTime
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.config import Places, Taxonomy
from veldwerk_core.models.rules import RuleSet

PROTOCOL_VERSION = 1
MAX_MUTATIONS = 500
"""Mutations per push; a client with more sends several batches, oldest first."""
MAX_PULL_LIMIT = 1000
DEFAULT_PULL_LIMIT = 500
DEFAULT_LEASE_DAYS = 14
"""Days a device may work without a successful sync unless the server says otherwise."""
BOOKKEEPING_FIELDS = frozenset({"id", "created_at", "updated_at"})
"""Set by the server from the mutation, never sent in ``fields``."""

RecordKind = Literal[
    "youth",
    "relation",
    "involvement",
    "youth_group",
    "signal",
    "instrument",
    "screening",
    "trajectory",
    "goal",
    "agreement",
    "evaluation",
    "signature",
    "plan_version",
]
"""Every synced record kind; the same set as :data:`veldwerk_core.models.RECORD_TYPES`."""

if set(typing.get_args(RecordKind)) != set(RECORD_TYPES):  # pragma: no cover - a programming error
    raise RuntimeError("RecordKind is out of step with RECORD_TYPES")


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Op(Choice):
    UPSERT = ("upsert", N_("Opslaan"))
    DELETE = ("delete", N_("Verwijderen"))


class Mutation(_Wire):
    """One change from a device's outbox, in the order it was made."""

    mutation_id: uuid.UUID = Field(description="UUIDv7 made by the device; the idempotency key.")
    record_kind: RecordKind
    record_id: uuid.UUID
    op: Op
    fields: dict[str, JsonValue] = Field(
        default_factory=dict,
        description="Changed top-level fields with their new values (all content fields for a "
        "new record); empty for a delete. Never id, created_at or updated_at.",
    )
    base_version: int = Field(
        ge=0, description="Server version the device's copy was based on; 0 for a new record."
    )
    created_at: UtcDateTime = Field(description="When the change was made on the device.")

    @model_validator(mode="after")
    def _shape(self) -> Self:
        if self.op is Op.DELETE and self.fields:
            raise ValueError("a delete carries no fields")
        bookkeeping = BOOKKEEPING_FIELDS & set(self.fields)
        if bookkeeping:
            raise ValueError(f"fields may not contain {', '.join(sorted(bookkeeping))}")
        return self


class PushRequest(_Wire):
    mutations: list[Mutation] = Field(min_length=1, max_length=MAX_MUTATIONS)

    @model_validator(mode="after")
    def _unique(self) -> Self:
        ids = [mutation.mutation_id for mutation in self.mutations]
        if len(ids) != len(set(ids)):
            raise ValueError("a mutation id occurs twice in one batch")
        return self


class ResultStatus(Choice):
    APPLIED = ("applied", N_("Verwerkt"))
    CONFLICT = ("conflict", N_("Conflict"))
    REJECTED = ("rejected", N_("Geweigerd"))


class RejectReason(Choice):
    """Why the server refused a mutation; the label is the message a person reads."""

    INVALID = ("invalid", N_("Het gegeven is niet geldig."))
    CHANGE_REFUSED = ("change_refused", N_("Dit gegeven kan niet meer worden gewijzigd."))
    OUT_OF_SCOPE = ("out_of_scope", N_("Je hebt geen toegang tot dit gegeven of deze jongere."))
    ROLE = ("role", N_("Met jouw rol kun je dit soort gegeven niet wijzigen."))
    ID_TAKEN = ("id_taken", N_("Dit kenmerk hoort al bij een ander gegeven."))
    MUTATION_REUSED = (
        "mutation_reused",
        N_("Dit wijzigingsnummer is al gebruikt voor een andere wijziging."),
    )


class ConflictReason(Choice):
    CONCURRENT_EDIT = (
        "concurrent_edit",
        N_("Iemand anders heeft dezelfde velden intussen gewijzigd."),
    )
    EDIT_AFTER_DELETE = ("edit_after_delete", N_("Het gegeven is intussen verwijderd."))
    DELETE_AFTER_EDIT = (
        "delete_after_edit",
        N_("Het gegeven is intussen gewijzigd; het is niet verwijderd."),
    )


class ConflictStatus(Choice):
    OPEN = ("open", N_("Open"))
    RESOLVED = ("resolved", N_("Opgelost"))


class WireFieldError(_Wire):
    field: str = Field(description="Dotted path of the field, e.g. place.wijk.")
    message: str = Field(description="A complete Dutch sentence naming the field.")


class MutationResult(_Wire):
    mutation_id: uuid.UUID
    status: ResultStatus
    version: int | None = Field(
        default=None,
        description="The record's server version after this mutation; the device's new base "
        "version. None when the record does not exist on the server.",
    )
    reason: RejectReason | None = Field(default=None, description="Set when rejected.")
    message: str = Field(default="", description="Dutch explanation when rejected.")
    errors: list[WireFieldError] = Field(default_factory=list)
    conflict_id: uuid.UUID | None = Field(default=None, description="Set on a conflict.")
    applied_fields: list[str] = Field(
        default_factory=list, description="Fields of this mutation that the server took over."
    )


class PushResponse(_Wire):
    results: list[MutationResult] = Field(description="One per mutation, in request order.")
    cursor: int = Field(ge=0, description="The municipality's sequence after this push.")


class PullRequest(_Wire):
    cursor: int = Field(default=0, ge=0, description="0 for a first or fresh (re)sync.")
    limit: int = Field(default=DEFAULT_PULL_LIMIT, ge=1, le=MAX_PULL_LIMIT)


class PulledRecord(_Wire):
    kind: RecordKind
    id: uuid.UUID
    version: int = Field(ge=1)
    data: dict[str, JsonValue] = Field(description="The record as record.dump().")


class RemovalReason(Choice):
    DELETED = ("deleted", N_("Verwijderd"))
    OUT_OF_SCOPE = ("out_of_scope", N_("Niet meer zichtbaar voor jou"))


class Removal(_Wire):
    """The device must purge this record: it was deleted or left the device's scope."""

    kind: RecordKind
    id: uuid.UUID
    reason: RemovalReason


class ConflictField(_Wire):
    """One field as the device had it ("Jouw versie") and as the server keeps it."""

    field: str
    label: str = Field(description="The field's Dutch title, for the side-by-side view.")
    yours: JsonValue = None
    server: JsonValue = None


class Conflict(_Wire):
    id: uuid.UUID
    record_kind: RecordKind
    record_id: uuid.UUID
    reason: ConflictReason
    status: ConflictStatus
    mutation_id: uuid.UUID
    device_id: uuid.UUID
    base_version: int = Field(ge=0)
    server_version: int | None = Field(default=None, description="None: deleted on the server.")
    fields: list[ConflictField]
    created_at: UtcDateTime
    resolved_at: UtcDateTime | None = None


class PullResponse(_Wire):
    records: list[PulledRecord] = Field(default_factory=list)
    removals: list[Removal] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    cursor: int = Field(ge=0, description="Send this with the next pull.")
    has_more: bool = False
    resync_required: bool = Field(
        default=False,
        description="The cursor is older than the kept tombstones or unknown: wipe the case "
        "data and pull again from cursor 0.",
    )


class TableState(_Wire):
    count: int = Field(ge=0)
    hash: str


class StateResponse(_Wire):
    """What the device should hold now: per record kind a count and a hash of (id, version)."""

    tables: dict[RecordKind, TableState]
    hash: str
    cursor: int = Field(ge=0)


def _digest(lines: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode("ascii") + b"\n")
    return digest.hexdigest()


def scope_state(entries: Iterable[tuple[str, uuid.UUID | str, int]]) -> StateResponse:
    """Counts and hashes over ``(kind, id, version)``; the client computes the same locally.

    A table hash is SHA-256 over the sorted lines ``"<id>:<version>"``; the overall hash over
    the sorted lines ``"<kind>:<id>:<version>"``. Kinds without records have count 0.
    """
    per_kind: dict[str, list[str]] = {kind: [] for kind in RECORD_TYPES}
    for kind, record_id, version in entries:
        per_kind[kind].append(f"{uuid.UUID(str(record_id))}:{int(version)}")
    tables = {
        kind: TableState(count=len(lines), hash=_digest(lines)) for kind, lines in per_kind.items()
    }
    overall = _digest(f"{kind}:{line}" for kind, lines in per_kind.items() for line in lines)
    return StateResponse.model_validate({"tables": tables, "hash": overall, "cursor": 0})


class EnrollRequest(_Wire):
    code: str = Field(min_length=1, max_length=64, description="The one-time enrollment code.")
    device_name: str = Field(min_length=1, max_length=100, description="E.g. the laptop's name.")


class Identity(_Wire):
    """Who a device works for, as the server knows it."""

    user_id: uuid.UUID
    name: str
    role: Role
    organisation_id: uuid.UUID
    organisation: str
    municipality_id: uuid.UUID
    municipality: str
    device_id: uuid.UUID
    device_name: str


class EnrollResponse(_Wire):
    credential: str = Field(description="Keep inside the vault; send as 'Bearer <credential>'.")
    identity: Identity
    protocol_version: int = PROTOCOL_VERSION


class RotateResponse(_Wire):
    credential: str = Field(
        description="The new credential; the old one stays valid until the new one is used."
    )


SHARE_NEEDS_BASIS = N_("Grondslag voor delen ontbreekt; kies uit: {choices}.")
SHARE_NEEDS_PURPOSE = N_("Doel van delen ontbreekt; beschrijf waarvoor je deelt.")


class ShareRequest(_Wire):
    """Share a signal with another organisation: needs a legal basis and a purpose."""

    organisation_id: uuid.UUID
    legal_basis: str = Field(default="", max_length=40)
    purpose: str = Field(default="", max_length=300)


class ShareResponse(_Wire):
    signal_id: uuid.UUID
    organisation_id: uuid.UUID
    legal_basis: str
    purpose: str
    shared_at: UtcDateTime


class AccessEntry(_Wire):
    """One line of a youth's access report (NEN 7513): who did what, when, from which device."""

    at: UtcDateTime
    action: str
    result: str
    user_id: uuid.UUID | None
    user_name: str
    role: Role | None
    organisation: str
    device_id: uuid.UUID | None
    record_kinds: list[str]


class AccessReport(_Wire):
    youth_id: uuid.UUID
    entries: list[AccessEntry]


class ConfigResponse(_Wire):
    """Municipal configuration distributed to devices; instruments travel as records in pull."""

    version: str = Field(description="Changes whenever any part changes (use as ETag).")
    taxonomy: Taxonomy
    places: Places
    rules: RuleSet = Field(
        description="Combination rules as the municipality configured them (rules.yaml).",
    )
    offline_lease_days: int = Field(
        default=DEFAULT_LEASE_DAYS,
        ge=1,
        le=365,
        description="After this many days without a successful sync a device locks its case "
        "data until it has synced again.",
    )


class ErrorReason(Choice):
    """Machine-readable reason of an error response; the message is Dutch."""

    UNAUTHENTICATED = ("unauthenticated", N_("Dit apparaat is niet (meer) aangemeld."))
    DEVICE_REVOKED = (
        "device_revoked",
        N_("Dit apparaat is ingetrokken. De gegevens op dit apparaat worden gewist."),
    )
    ENROLLMENT_FAILED = (
        "enrollment_failed",
        N_("Deze code is onbekend, al gebruikt of verlopen. Vraag een nieuwe code aan."),
    )
    RATE_LIMITED = ("rate_limited", N_("Te veel mislukte pogingen. Probeer het later opnieuw."))
    INVALID_REQUEST = ("invalid_request", N_("Het verzoek is niet geldig."))
    FORBIDDEN = ("forbidden", N_("Je hebt geen toegang tot dit gegeven."))
    NOT_FOUND = ("not_found", N_("Dit gegeven bestaat niet (meer)."))
    SHARE_INCOMPLETE = (
        "share_incomplete",
        N_("Delen met een andere organisatie kan alleen met een grondslag en een doel."),
    )


class ErrorResponse(_Wire):
    reason: ErrorReason
    message: str
    errors: list[WireFieldError] = Field(default_factory=list)
    wipe: bool = Field(default=False, description="True: the device must wipe its vault.")


def as_jsonable(value: Mapping[str, Any]) -> dict[str, JsonValue]:
    """A plain ``dict`` copy typed as JSON, for record data coming from storage."""
    return dict(value)
