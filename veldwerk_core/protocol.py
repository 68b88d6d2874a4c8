"""Wire shapes of the sync protocol, shared by the desktop client and the municipal server.

This module is the one definition of what crosses the network (see docs/sync-protocol.md).
Read tolerantly, write strictly: every shape ignores fields it does not know, so an app one
version behind its server reads what a newer server sends, and additive changes roll out
server first. Kinds and reasons travel as plain codes for the same reason: a record of a kind
this app does not know yet is skipped, a reason it does not know is shown as such. Records
travel as ``record.dump()`` and are validated with the record models in
:mod:`veldwerk_core.models` (which refuse unknown fields in what a person typed).

The server sends codes and field names, never prose: reason codes
(:mod:`veldwerk_core.reasons`), field errors as pydantic error types with their parameters,
and messages as :class:`Text` (a message id and its values). The app translates them.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from veldwerk_core.i18n import N_, _
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.models.actor import Role
from veldwerk_core.models.base import UtcDateTime
from veldwerk_core.models.choice import Choice
from veldwerk_core.models.config import Places, Taxonomy
from veldwerk_core.models.directory import Colleague, Partner
from veldwerk_core.models.errors import FieldError, error_codes, error_messages
from veldwerk_core.models.intervention import Intervention
from veldwerk_core.models.rules import RuleSet
from veldwerk_core.models.storable import INT64_MAX, Checked, check_storable
from veldwerk_core.models.trajectory import MAX_SIGNATURE_CHARS
from veldwerk_core.retention import RetentionTerms

PROTOCOL_VERSION = 2
"""Raised for every change to the wire; additive changes keep older apps working."""
MIN_APP_PROTOCOL = 2
"""The oldest app protocol the server serves; older apps get ``app_outdated`` (HTTP 426)."""
MIN_SERVER_PROTOCOL = 2
"""The oldest server protocol the app works with."""
PROTOCOL_HEADER = "Veldwerk-Protocol"
"""Every request and answer says its protocol version in this header (absent: version 1)."""
USER_AGENT_PRODUCT = "Veldwerk"
"""The app's requests say ``User-Agent: Veldwerk/<app version>``; the server keeps the version
on the device for the administrator (``veldwerk-server list-devices``). Informative only."""
MAX_MUTATIONS = 500
"""Mutations per push; a client with more sends several batches, oldest first."""
MAX_PULL_LIMIT = 1000
DEFAULT_PULL_LIMIT = 500
DEFAULT_LEASE_DAYS = 14
"""Days a device may work without a successful sync unless the server says otherwise."""
BOOKKEEPING_FIELDS = frozenset({"id", "created_at", "updated_at"})
"""Set by the server from the mutation, never sent in ``fields``."""
MAX_WIRE_TEXT = MAX_SIGNATURE_CHARS
"""The longest text in any wire shape: the longest a record field allows (a signature's
image); the record models bound each field more tightly."""


def _known_kind(kind: str) -> str:
    if kind not in RECORD_TYPES:
        expected = ", ".join(repr(known) for known in RECORD_TYPES)
        raise PydanticCustomError("literal_error", "unknown record kind", {"expected": expected})
    return kind


RecordKind = Annotated[
    str,
    AfterValidator(_known_kind),
    WithJsonSchema({"type": "string", "enum": list(RECORD_TYPES)}),
]
"""A record kind this version knows (``RECORD_TYPES``). What the app writes (a mutation)
names one of these; what it reads names any kind as a plain string."""


class _Wire(BaseModel):
    """Every wire shape: unknown fields ignored (read tolerantly), every text bounded."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_max_length=MAX_WIRE_TEXT)


class _Request(Checked, _Wire):
    """What a client sends: besides, every value storable by both databases - no NUL or lone
    surrogate in any text or key, numbers finite and within 64 bits
    (:mod:`veldwerk_core.models.storable`) - so what a database cannot store is a field-named
    4xx at the door, the same on SQLite and PostgreSQL.

    Only requests: answers carry what the server stored, and refusing to read them would
    let one record stored before this check (SQLite kept a NUL) stop every pull that holds
    it, on the server and in the app. The app checks what a person types (``Record``).
    """

    @model_validator(mode="after")
    def _storable(self) -> Self:
        return check_storable(self)


class Text(_Wire):
    """A message for a person as a message id (the Dutch source text, the key of the
    translation catalogues) and its values; the app translates it."""

    template: str
    values: dict[str, JsonValue] = Field(default_factory=dict)


class Op(Choice):
    UPSERT = ("upsert", N_("Opslaan"))
    DELETE = ("delete", N_("Verwijderen"))


class Mutation(_Request):
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
        ge=0,
        le=INT64_MAX,
        description="Server version the device's copy was based on; 0 for a new record.",
    )
    created_at: UtcDateTime = Field(description="When the change was made on the device.")
    reason: str = Field(
        default="",
        max_length=500,
        description="Why a record is deleted (kinds whose deletion needs a reason: the youth).",
    )
    answers: uuid.UUID | None = Field(
        default=None,
        description="The proposal this change answers: it accepts it when it carries the "
        "proposed values, declines it when it carries none (owner or regisseur only).",
    )

    @model_validator(mode="after")
    def _shape(self) -> Self:
        if self.op is Op.DELETE and self.fields:
            raise ValueError("a delete carries no fields")
        bookkeeping = BOOKKEEPING_FIELDS & set(self.fields)
        if bookkeeping:
            raise ValueError(f"fields may not contain {', '.join(sorted(bookkeeping))}")
        return self


class PushRequest(_Request):
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
    PROPOSED = ("proposed", N_("Voorgesteld aan de eigenaar"))


class ConflictStatus(Choice):
    OPEN = ("open", N_("Open"))
    RESOLVED = ("resolved", N_("Opgelost"))


class WireFieldError(_Wire):
    field: str = Field(description="Dotted path of the field, e.g. place.wijk.")
    code: str = Field(
        default="",
        description="The pydantic error type (missing, string_too_long, ...), or veldwerk_rule "
        "with the message id in params.template.",
    )
    params: dict[str, JsonValue] = Field(
        default_factory=dict, description="The error's parameters (max_length, ...)."
    )
    message: str = Field(default="", description="Protocol 1 only: a Dutch sentence.")


class MutationResult(_Wire):
    mutation_id: uuid.UUID
    status: ResultStatus
    version: int | None = Field(
        default=None,
        description="The record's server version after this mutation; the device's new base "
        "version. None when the record does not exist on the server.",
    )
    reason: str | None = Field(default=None, description="A RejectReason code when rejected.")
    explanation: Text | None = Field(
        default=None, description="Why, when the reason alone does not say (change_refused)."
    )
    message: str = Field(default="", description="Protocol 1 only: a Dutch explanation.")
    errors: list[WireFieldError] = Field(default_factory=list)
    conflict_id: uuid.UUID | None = Field(
        default=None, description="Set on a conflict, and on a proposal (its id)."
    )
    applied_fields: list[str] = Field(
        default_factory=list, description="Fields of this mutation that the server took over."
    )


class PushResponse(_Wire):
    results: list[MutationResult] = Field(description="One per mutation, in request order.")
    cursor: int = Field(ge=0, description="The municipality's sequence after this push.")


class PullRequest(_Request):
    cursor: int = Field(
        default=0, ge=0, le=INT64_MAX, description="0 for a first or fresh (re)sync."
    )
    limit: int = Field(default=DEFAULT_PULL_LIMIT, ge=1, le=MAX_PULL_LIMIT)


class PulledRecord(_Wire):
    kind: str
    id: uuid.UUID
    version: int = Field(ge=1)
    data: dict[str, JsonValue] = Field(description="The record as record.dump().")
    hidden: dict[str, int] = Field(
        default_factory=dict,
        description="Per field, how many entries were left out because the reader may not "
        "see them (a group's members outside the reader's scope).",
    )


class Removal(_Wire):
    """The device must purge this record: it was deleted or left the device's scope."""

    kind: str
    id: uuid.UUID
    reason: str = Field(description="A RemovalReason code.")


class ConflictField(_Wire):
    """One field as the device had it ("Jouw versie") and as the server keeps it."""

    field: str
    label: str = Field(default="", description="Protocol 1 only; the app labels fields itself.")
    yours: JsonValue = None
    server: JsonValue = None


class Conflict(_Wire):
    id: uuid.UUID
    record_kind: str
    record_id: uuid.UUID
    reason: str = Field(description="A ConflictReason code.")
    status: ConflictStatus
    mutation_id: uuid.UUID
    device_id: uuid.UUID
    base_version: int = Field(ge=0)
    server_version: int | None = Field(default=None, description="None: deleted on the server.")
    fields: list[ConflictField]
    created_at: UtcDateTime
    resolved_at: UtcDateTime | None = None
    proposed_by: str = Field(
        default="", description="A proposal: who proposed it (name and organisation)."
    )
    mine: bool = Field(
        default=True,
        description="The reader's own conflict or proposal; False: a proposal to the reader's "
        "organisation, which owns the record.",
    )


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

    tables: dict[str, TableState]
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


class EnrollRequest(_Request):
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


class AgendaRequest(_Request):
    """The regisseur asks which youths to put on an early-signalling meeting's agenda."""

    participants: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list,
        max_length=50,
        description="User ids of the meeting's participants: per youth the answer says which "
        "of them may see it.",
    )


class AgendaItem(_Wire):
    youth_id: uuid.UUID
    reasons: list[str] = Field(
        description="Ids of the combination rules that hold, and 'follow_up' when a signal "
        "asks to discuss the youth in the meeting."
    )
    signals: int = Field(ge=0, description="How many signals the reasons rest on (no content).")
    seen_by: list[str] = Field(description="The participants who may see this youth.")


class AgendaResponse(_Wire):
    items: list[AgendaItem]


MAX_AUDIT_ENTRIES = 500
"""Device audit entries per upload; a device with more sends several batches, oldest first."""
MAX_AUDIT_YOUTHS = 1000
MAX_AUDIT_FIELDS = 200
AuditCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
"""An action, kind, purpose or field name: a code, never a person's text."""


class DeviceAuditEntry(_Request):
    """One entry of a device's own access log (a read, print or export, also made offline),
    uploaded at sync. Codes and ids only: who and which device follow from the credential."""

    id: uuid.UUID = Field(description="The entry's id on the device; the idempotency key.")
    at: UtcDateTime = Field(description="When it happened, by the device's clock.")
    action: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=23)] = Field(
        description="An AuditAction code (read, print, export, create, ...)."
    )
    record_kind: AuditCode | None = None
    record_id: uuid.UUID | None = None
    youth_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_AUDIT_YOUTHS)
    purpose: AuditCode | None = Field(
        default=None, description="An AuditPurpose code; what the person typed is never sent."
    )
    fields: list[AuditCode] = Field(
        default_factory=list,
        max_length=MAX_AUDIT_FIELDS,
        description="Names of changed fields, no values.",
    )


class AuditUploadRequest(_Request):
    entries: list[DeviceAuditEntry] = Field(min_length=1, max_length=MAX_AUDIT_ENTRIES)

    @model_validator(mode="after")
    def _unique(self) -> Self:
        ids = [entry.id for entry in self.entries]
        if len(ids) != len(set(ids)):
            raise ValueError("an entry id occurs twice in one upload")
        return self


class AuditUploadResponse(_Wire):
    stored: list[uuid.UUID] = Field(description="Entries linked into the server's log now.")
    duplicates: list[uuid.UUID] = Field(
        description="Entries the server had already received from this device (kept once)."
    )


class AccessRecord(_Wire):
    """A record of the youth an access concerned: its kind and when it was made."""

    kind: str
    id: uuid.UUID
    created_on: date | None = Field(default=None, description="None: no longer on the server.")
    deleted: bool = Field(default=False, description="This access deleted it.")


class AccessBasis(_Wire):
    """Why the reader's organisation could see a record: a share and its legal basis."""

    legal_basis: str = Field(description="A LegalBasis code.")
    organisation: str = Field(description="The organisation the signal was shared with.")


class AccessEntry(_Wire):
    """One line of a youth's access report (NEN 7513): who did what, when, from which device."""

    at: UtcDateTime = Field(description="When the server logged it (received it, for a device).")
    action: str
    result: str
    user_id: uuid.UUID | None
    user_name: str
    role: Role | None
    organisation: str
    device_id: uuid.UUID | None
    record_kinds: list[str]
    source: str = Field(default="server", description="server, or device: logged on a device.")
    device_at: UtcDateTime | None = Field(default=None, description="A device's own moment.")
    device_name: str = ""
    purpose: str | None = Field(default=None, description="An AuditPurpose code.")
    records: list[AccessRecord] = Field(
        default_factory=list, description="The youth's records it concerned (no others')."
    )
    fields: list[str] = Field(default_factory=list, description="Names of changed fields.")
    bases: list[AccessBasis] = Field(default_factory=list)


class AccessReport(_Wire):
    youth_id: uuid.UUID
    entries: list[AccessEntry]
    youth_name: str = Field(default="", description="For the heading: whom it is about.")
    date_of_birth: date | None = None
    municipality: str = ""
    made_at: UtcDateTime | None = None
    made_by: str = Field(default="", description="Who asked for it (name, organisation).")


class OverviewRecord(_Wire):
    kind: str
    id: uuid.UUID
    version: int = Field(ge=1)
    data: dict[str, JsonValue] = Field(description="The record as record.dump().")


class DataOverview(_Wire):
    """Every record about a youth that the server holds (AVG art. 15), for the youth and the
    parents; the app (or the server's command) writes it out in plain Dutch."""

    youth_id: uuid.UUID
    records: list[OverviewRecord]
    references: dict[str, str] = Field(
        default_factory=dict,
        description="Kinds of the other records these name (a group's other members: youth), "
        "so that they are described without their ids or content.",
    )
    labels: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="Per field of the municipality's taxonomy (category, life_domain), the "
        "label of each code, so that the overview names them as the app does.",
    )
    municipality: str = ""
    made_at: UtcDateTime | None = None


class ConfigResponse(_Wire):
    """Municipal configuration distributed to devices; instruments travel as records in pull."""

    version: str = Field(description="Changes whenever any part changes (use as ETag).")
    taxonomy: Taxonomy
    places: Places
    schools: list[str] = Field(
        default_factory=list,
        description="Schools of the municipality (places.yaml); added in protocol 2, "
        "outside places so that apps that read places strictly are not refused.",
    )
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
    colleagues: list[Colleague] = Field(
        default_factory=list,
        description="The municipality's professionals with their work contacts (added in "
        "protocol 2: older servers send none).",
    )
    partners: list[Partner] = Field(
        default_factory=list, description="Partner organisations without an account."
    )
    retention: RetentionTerms = Field(
        default_factory=RetentionTerms,
        description="The municipality's retention terms (retention.yaml): devices destroy "
        "expired records on the same day as the server, also offline.",
    )
    interventions: list[Intervention] = Field(
        default_factory=list,
        description="The interventions youths are referred to (interventions.yaml; added in "
        "protocol 2: older servers send none).",
    )


def wire_errors(
    model: type[BaseModel] | None, errors: Iterable[Mapping[str, Any]]
) -> list[WireFieldError]:
    """Pydantic error entries as the server sends them: field, error type, parameters."""
    return [
        WireFieldError(field=field, code=code, params=params)
        for field, code, params in error_codes(model, errors)
    ]


def field_messages(
    model: type[BaseModel] | None, errors: Iterable[WireFieldError], whole: str = ""
) -> list[FieldError]:
    """The app's sentences (in the person's language) for field errors from the server."""
    found: list[FieldError] = []
    for error in errors:
        if not error.code:  # protocol 1: the server sent a sentence
            found.append(FieldError(error.field, error.field, error.message))
            continue
        loc: list[str | int] = [
            int(part) if part.isdigit() else part for part in error.field.split(".") if part
        ]
        entry = {"loc": loc, "type": error.code, "ctx": dict(error.params)}
        found += error_messages(model, [entry], whole)
    return found


def explain(text: Text | None) -> str:
    """A :class:`Text` from the server in the person's language ("" for none)."""
    if text is None:
        return ""
    return _(text.template, **text.values)


class ErrorResponse(_Wire):
    reason: str = Field(description="An ErrorReason code; the app shows its own words.")
    message: str = Field(default="", description="For a person reading the raw answer (English).")
    explanation: Text | None = Field(default=None, description="Details beyond the reason.")
    errors: list[WireFieldError] = Field(default_factory=list)
    wipe: bool = Field(default=False, description="True: the device must wipe its vault.")


def as_jsonable(value: Mapping[str, Any]) -> dict[str, JsonValue]:
    """A plain ``dict`` copy typed as JSON, for record data coming from storage."""
    return dict(value)
