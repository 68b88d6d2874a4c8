"""Push: apply a device's mutations in order, each with its own result.

The whole batch is one transaction. The records it touches are locked together as it starts; the
municipality's sequence lock is taken at the end, to number the written rows, and held until
commit (services/records.py ``Numbering``). A mutation id that was answered before gets the
stored answer again (idempotency), so a client that lost the response can simply send the
same batch again; two pushes racing on the same new id or mutation id end in a unique
violation for the second, which the route retries (it then sees the first one's work).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from server.db_models import ConflictRow, Device, DeviceRecord, ProcessedMutation, StoredRecord
from server.services import audit, conflicts, ownership
from server.services.caller import Caller
from server.services.records import Numbering, derive, relink, row_youths, tombstone
from server.services.scope import visible_ids, youths_in_scope
from veldwerk_core import kinds
from veldwerk_core.kinds import (
    Decision,
    Operation,
    References,
    changes_scope,
    moved_by,
    references,
    scope_inputs,
)
from veldwerk_core.models import RECORD_TYPES, Record
from veldwerk_core.models.base import STORED
from veldwerk_core.models.errors import ChangeRefused
from veldwerk_core.protocol import (
    BOOKKEEPING_FIELDS,
    Mutation,
    MutationResult,
    Op,
    PushRequest,
    PushResponse,
    ResultStatus,
    Text,
    WireFieldError,
    wire_errors,
)
from veldwerk_core.reasons import ConflictReason, RejectReason


class _Rejected(Exception):
    def __init__(
        self,
        reason: RejectReason,
        explanation: Text | None = None,
        errors: list[WireFieldError] | None = None,
    ) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.explanation = explanation
        self.errors = errors or []


def _refused(refused: ChangeRefused) -> _Rejected:
    """The domain's refusal as a code the app words: its message id and values."""
    explanation = Text(template=refused.template, values=refused.values)
    return _Rejected(RejectReason.CHANGE_REFUSED, explanation)


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _digest(mutation: Mutation) -> str:
    return hashlib.sha256(mutation.model_dump_json().encode()).hexdigest()


ScopeQuestion = Callable[[Session, Caller, Collection[str]], set[str]]


class Applier:
    def __init__(
        self,
        session: Session,
        caller: Caller,
        numbering: Numbering,
        now: datetime,
        mutations: list[Mutation],
    ) -> None:
        self.session = session
        self.caller = caller
        self.numbering = numbering
        self.now = now
        # Scope answers for this push, kept until a write moves scopes (or changes the record
        # itself): one scope query for a batch instead of one or two per mutation.
        self._visible: dict[str, bool] = {}
        self._youths: dict[str, bool] = {}
        self._rows: dict[str, StoredRecord | None] = {}
        """The batch's records, locked until commit (None: not stored yet)."""
        self._conflicted: set[str] = set()
        """The batch's records with an open conflict of the caller's (found or made)."""
        self.deleted: list[dict[str, str]] = []
        """What this push deleted, with the reasons given: for the access log."""
        self._prefetch(mutations)

    def _prefetch(self, mutations: list[Mutation]) -> None:
        """Lock the batch's records in one statement (in id order: two pushes never wait for
        each other crosswise) and ask the scope about every record and youth it names."""
        records = {str(m.record_id) for m in mutations}
        found = self.session.execute(
            select(StoredRecord)
            .where(StoredRecord.id.in_(sorted(records)))
            .order_by(StoredRecord.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).scalars()
        self._rows = dict.fromkeys(records)
        self._rows.update((row.id, row) for row in found)
        stored = {record_id for record_id, row in self._rows.items() if row is not None}
        # Conflicts on a record are only made under its lock, which this push now holds.
        self._conflicted = conflicts.open_among(self.session, self.caller, stored)
        # A record not stored yet (most pushes create) is nobody's to see: nothing to ask.
        self._visible.update(dict.fromkeys(records - stored, False))
        youths: set[str] = set()
        for m in mutations:
            try:
                wanted = references(m.record_kind, m.fields)
            except (KeyError, TypeError, AttributeError):
                continue  # incomplete fields: the mutation's own checks reject it
            records |= wanted.records
            youths |= wanted.youths
        self._see(records)
        self._youths_seen(youths)

    def _see(self, ids: set[str]) -> set[str]:
        return self._ask(self._visible, ids, visible_ids)

    def _youths_seen(self, ids: set[str]) -> set[str]:
        return self._ask(self._youths, ids, youths_in_scope)

    def _ask(self, known: dict[str, bool], ids: set[str], scope: ScopeQuestion) -> set[str]:
        """Which of ``ids`` the caller may see: remembered answers, the rest asked at once."""
        unknown = ids - known.keys()
        if unknown:
            self.session.flush()  # the scope queries are SQL of their own: no autoflush
            visible = scope(self.session, self.caller, unknown)
            known.update((key, key in visible) for key in unknown)
        return {key for key in ids if known[key]}

    # -- checks ----------------------------------------------------------------------------

    def _validate(self, model: type[Record], data: dict[str, Any]) -> Record:
        try:
            return model.model_validate(data, context={STORED: True})
        except ValidationError as exc:
            entries = exc.errors(include_url=False, include_input=False)
            raise _Rejected(RejectReason.INVALID, errors=wire_errors(model, entries)) from None

    def _may_reference(self, wanted: References) -> None:
        youths = set(wanted.youths)
        records = set(wanted.records)
        if youths - self._youths_seen(youths):
            raise _Rejected(RejectReason.OUT_OF_SCOPE)
        if records - self._see(records):
            raise _Rejected(RejectReason.OUT_OF_SCOPE)

    def _track_scope(
        self, row: StoredRecord, before: dict[str, Any] | None, *, new: bool = False
    ) -> None:
        """After every write: forget what the write may have changed about visibility.

        ``before`` is the record's data before the write (None: it did not exist)."""
        self._visible.pop(row.id, None)
        self._youths.pop(row.id, None)
        inputs = scope_inputs(row.kind, before is None, before)
        after = scope_inputs(row.kind, row.deleted, row.data)
        if changes_scope(row.kind, inputs, after, new=new):
            self.numbering.scope_moved(*moved_by(row.kind, row.id, before, row.data))
            self._visible.clear()
            self._youths.clear()

    def _resolve(self, record_id: str, base_version: int) -> None:
        if record_id in self._conflicted:
            self.session.flush()  # a conflict made earlier in this push (no autoflush)
            conflicts.resolve(
                self.session, self.caller, record_id, base_version, self.numbering, self.now
            )

    def _may_see(self, row: StoredRecord) -> None:
        if not self._see({row.id}):
            raise _Rejected(RejectReason.OUT_OF_SCOPE)

    # -- mutations -------------------------------------------------------------------------

    def apply(self, mutation: Mutation) -> MutationResult:
        try:
            return self._apply(mutation)
        except _Rejected as rejected:
            return MutationResult(
                mutation_id=mutation.mutation_id,
                status=ResultStatus.REJECTED,
                reason=rejected.reason.value,
                explanation=rejected.explanation,
                errors=rejected.errors,
            )

    def _apply(self, mutation: Mutation) -> MutationResult:
        kind = mutation.record_kind
        if self.caller.role not in kinds.rights(kind).writers:
            raise _Rejected(RejectReason.ROLE)
        # Locked until commit (see _prefetch): a concurrent push to the record waits, then reads ours.
        record_id = str(mutation.record_id)
        row = self._rows[record_id]
        if row is not None and row.municipality_id != self.caller.municipality_id:
            raise _Rejected(RejectReason.OUT_OF_SCOPE)  # never say that the id exists
        if row is not None and row.kind != kind:
            seen = not row.deleted and self._see({row.id})
            raise _Rejected(RejectReason.ID_TAKEN if seen else RejectReason.OUT_OF_SCOPE)
        # Who recorded it, in which role and organisation, is the server's to say.
        mutation = mutation.model_copy(
            update={"fields": ownership.unstamped(kind, mutation.fields)}
        )
        if mutation.op is Op.DELETE:
            return self._delete(mutation, row)
        if row is None or row.deleted:
            return self._create(mutation, row)
        return self._update(mutation, row)

    def _stamp(self) -> str:
        """Stored times are the server's: a device's clock is not evidence."""
        return self.now.isoformat()

    def _decide(self, kind: str, owner: str | None, operation: Operation) -> None:
        """Refuse what the rules table does not allow (a proposal is the caller's to make)."""
        decision = ownership.decide(self.caller, kind, owner, operation)
        if decision is Decision.NOT_OWNER:
            raise _Rejected(RejectReason.NOT_OWNER)
        if decision is Decision.ROLE:
            raise _Rejected(RejectReason.ROLE)

    def _result(
        self, mutation: Mutation, version: int | None, applied: list[str] | None = None
    ) -> MutationResult:
        return MutationResult(
            mutation_id=mutation.mutation_id,
            status=ResultStatus.APPLIED,
            version=version,
            applied_fields=sorted(applied or []),
        )

    def _conflict(
        self,
        mutation: Mutation,
        reason: ConflictReason,
        version: int | None,
        fields: list[dict[str, Any]],
        applied: list[str] | None = None,
        current_version: int | None = None,
    ) -> MutationResult:
        row = conflicts.record_conflict(
            self.session, self.caller, mutation, reason, version, fields, self.numbering, self.now
        )
        self._conflicted.add(row.record_id)
        return MutationResult(
            mutation_id=mutation.mutation_id,
            status=ResultStatus.CONFLICT,
            version=current_version if current_version is not None else version,
            conflict_id=uuid.UUID(row.id),
            applied_fields=sorted(applied or []),
        )

    def _create(self, mutation: Mutation, tomb: StoredRecord | None) -> MutationResult:
        kind, record_id = mutation.record_kind, str(mutation.record_id)
        if tomb is None and mutation.base_version > 0:
            raise _Rejected(RejectReason.OUT_OF_SCOPE)  # gone or never here: not said which
        if tomb is not None and not ownership.acts_as_owner(self.caller, kind, tomb.owner_org_id):
            raise _Rejected(RejectReason.OUT_OF_SCOPE)  # deleted stays deleted for others
        if tomb is not None and mutation.base_version < tomb.version:
            fields = [
                conflicts.field_entry(name, value, None)
                for name, value in sorted(mutation.fields.items())
            ]
            return self._conflict(mutation, ConflictReason.EDIT_AFTER_DELETE, tomb.version, fields)
        stamp = self._stamp()
        data = {**mutation.fields, "id": record_id, "created_at": stamp, "updated_at": stamp}
        new = self._validate(RECORD_TYPES[kind], ownership.stamped(kind, data, self.caller)).dump()
        self._may_reference(references(kind, new))
        owner = (
            tomb.owner_org_id
            if tomb is not None
            else ownership.owner_of(self.session, kind, None, new) or self.caller.organisation_id
        )
        self._decide(kind, owner, Operation.CREATE)
        row = tomb or StoredRecord(
            id=record_id,
            kind=kind,
            municipality_id=self.caller.municipality_id,
            version=0,
            created_by=self.caller.user_id,
            created_device=self.caller.device_id,
            owner_org_id=owner,
        )
        row.version += 1
        self.numbering.claim(row)
        row.deleted = False
        row.data = new
        row.field_versions = {name: row.version for name in new if name not in BOOKKEEPING_FIELDS}
        row.updated_at = self.now
        derive(self.session, row)
        if tomb is None:
            self.session.add(row)
            self._rows[record_id] = row
        relink(self.session, row)
        self._track_scope(row, None, new=tomb is None)
        self._resolve(record_id, mutation.base_version)
        return self._result(mutation, row.version, list(mutation.fields))

    def _update(self, mutation: Mutation, row: StoredRecord) -> MutationResult:
        self._may_see(row)
        kind = row.kind
        model = RECORD_TYPES[kind]
        current: dict[str, Any] = dict(row.data or {})
        owner = ownership.owner_of(self.session, kind, row, current)
        fields = self._with_hidden_kept(kind, dict(mutation.fields), current)
        stamp = self._stamp()
        wanted = self._validate(model, {**current, **fields, "updated_at": stamp})
        previous = model.load(current)
        proposal = self._answering(mutation, kind, owner)
        if any(not _same(value, current.get(name)) for name, value in fields.items()):
            if ownership.decide(self.caller, kind, owner, Operation.EDIT) is Decision.PROPOSED:
                return self._propose(mutation, row, fields, owner)
            self._decide(kind, owner, Operation.EDIT)
            try:
                wanted.check_change(previous)
            except ChangeRefused as refused:
                raise _refused(refused) from None
        base = mutation.base_version
        clashing = [
            name
            for name, value in sorted(fields.items())
            if base < row.field_versions.get(name, 1) and not _same(value, current.get(name))
        ]
        taken = {name: value for name, value in fields.items() if name not in clashing}
        try:
            merged = self._validate(model, {**current, **taken, "updated_at": stamp}).dump()
        except _Rejected:
            merged, taken = current, {}
        changed = [
            name
            for name in merged
            if name not in BOOKKEEPING_FIELDS and not _same(merged[name], current.get(name))
        ]
        if changed:
            self._may_reference(references(kind, merged) - references(kind, current))
            self._keeps_sight(kind, owner, merged)
            row.version += 1
            self.numbering.claim(row)
            row.data = merged
            row.field_versions = {**row.field_versions, **dict.fromkeys(changed, row.version)}
            row.updated_at = self.now
            derive(self.session, row)
            relink(self.session, row)
            self._track_scope(row, current)
        if proposal is not None:
            conflicts.close(proposal, self.numbering, self.now)
        if clashing:
            entries = [
                conflicts.field_entry(name, fields[name], current.get(name)) for name in clashing
            ]
            return self._conflict(
                mutation, ConflictReason.CONCURRENT_EDIT, row.version, entries, list(taken)
            )
        self._resolve(row.id, base)
        return self._result(mutation, row.version, list(taken))

    def _with_hidden_kept(
        self, kind: str, fields: dict[str, Any], current: dict[str, Any]
    ) -> dict[str, Any]:
        """The caller's change, with what they may not see of the record kept as it is."""
        hidden = ownership.private_ids(kind, current)
        if not hidden:
            return fields
        return ownership.with_hidden_kept(kind, fields, current, self._youths_seen(hidden))

    def _keeps_sight(self, kind: str, owner: str | None, data: dict[str, Any]) -> None:
        """A change by someone other than the owner may not leave the record naming only
        youths they cannot see (moving a group out of their own scope)."""
        named = ownership.private_ids(kind, data)
        if not ownership.private_links(kind) or ownership.acts_as_owner(self.caller, kind, owner):
            return
        if not self._youths_seen(named):
            raise _Rejected(RejectReason.OUT_OF_SCOPE)

    def _answering(self, mutation: Mutation, kind: str, owner: str | None) -> ConflictRow | None:
        """The open proposal this change answers (its owner's to answer), if it names one."""
        if mutation.answers is None:
            return None
        if not ownership.acts_as_owner(self.caller, kind, owner):
            raise _Rejected(RejectReason.NOT_OWNER)
        self.session.flush()
        found = conflicts.open_proposal(
            self.session, str(mutation.answers), str(mutation.record_id)
        )
        if found is None:
            gone = WireFieldError(field="answers", code="not_found")
            raise _Rejected(RejectReason.INVALID, errors=[gone])
        return found

    def _propose(
        self, mutation: Mutation, row: StoredRecord, fields: dict[str, Any], owner: str | None
    ) -> MutationResult:
        """Keep a change of someone else's record as a proposal to the owner."""
        current = row.data or {}
        entries = [
            conflicts.field_entry(name, value, current.get(name))
            for name, value in sorted(fields.items())
            if not _same(value, current.get(name))
        ]
        proposal = conflicts.record_conflict(
            self.session,
            self.caller,
            mutation,
            ConflictReason.PROPOSAL,
            row.version,
            entries,
            self.numbering,
            self.now,
            to_organisation=owner,
        )
        return MutationResult(
            mutation_id=mutation.mutation_id,
            status=ResultStatus.PROPOSED,
            version=row.version,
            conflict_id=uuid.UUID(proposal.id),
        )

    def _delete(self, mutation: Mutation, row: StoredRecord | None) -> MutationResult:
        if row is None:
            raise _Rejected(RejectReason.OUT_OF_SCOPE)  # gone or never here: not said which
        base = mutation.base_version
        if row.deleted:
            if not ownership.acts_as_owner(self.caller, row.kind, row.owner_org_id):
                raise _Rejected(RejectReason.OUT_OF_SCOPE)
            self._resolve(row.id, base)
            return self._result(mutation, row.version)
        self._may_see(row)
        owner = ownership.owner_of(self.session, row.kind, row, row.data or {})
        try:
            RECORD_TYPES[row.kind].check_delete()
        except ChangeRefused as refused:
            raise _refused(refused) from None
        self._decide(row.kind, owner, Operation.DELETE)
        reason = mutation.reason.strip()
        if kinds.needs_delete_reason(row.kind) and not reason:
            raise _Rejected(
                RejectReason.INVALID, errors=[WireFieldError(field="reason", code="missing")]
            )
        edited = sorted(name for name, version in row.field_versions.items() if version > base)
        if edited:
            current = row.data or {}
            fields = [conflicts.field_entry(name, None, current.get(name)) for name in edited]
            return self._conflict(mutation, ConflictReason.DELETE_AFTER_EDIT, row.version, fields)
        before = row.data
        tombstone(row, self.now)
        self.numbering.claim(row)
        relink(self.session, row)
        self._track_scope(row, before)
        self._resolve(row.id, base)
        self.deleted.append({"kind": row.kind, "id": row.id, "reason": reason})
        return self._result(mutation, row.version)


def _forget_refused(
    session: Session, caller: Caller, mutations: list[Mutation], results: list[MutationResult]
) -> None:
    """A device whose change was not applied holds a copy the server does not have: forget
    that it holds the record, so its next pull brings the server's version again."""
    refused = [
        str(mutation.record_id)
        for mutation, result in zip(mutations, results, strict=True)
        if result.status is not ResultStatus.APPLIED
    ]
    if refused:
        session.execute(
            delete(DeviceRecord).where(
                DeviceRecord.device_id == caller.device_id, DeviceRecord.record_id.in_(refused)
            )
        )
        # The next pull compares scope and holdings again (see pull.py): that sends them.
        session.execute(update(Device).where(Device.id == caller.device_id).values(scope_mark=None))


def push(session: Session, caller: Caller, request: PushRequest, now: datetime) -> PushResponse:
    numbering = Numbering(session, caller.municipality_id, now)
    applier = Applier(session, caller, numbering, now, request.mutations)
    results: list[MutationResult] = []
    processed = {
        row.mutation_id: row
        for row in session.execute(
            select(ProcessedMutation).where(
                ProcessedMutation.mutation_id.in_([str(m.mutation_id) for m in request.mutations])
            )
        ).scalars()
    }
    for mutation in request.mutations:
        digest = _digest(mutation)
        prior = processed.get(str(mutation.mutation_id))
        if prior is not None:
            if prior.digest == digest and prior.device_id == caller.device_id:
                results.append(MutationResult.model_validate(prior.result))
            else:
                results.append(
                    MutationResult(
                        mutation_id=mutation.mutation_id,
                        status=ResultStatus.REJECTED,
                        reason=RejectReason.MUTATION_REUSED.value,
                    )
                )
            continue
        result = applier.apply(mutation)
        session.add(
            ProcessedMutation(
                mutation_id=str(mutation.mutation_id),
                device_id=caller.device_id,
                digest=digest,
                result=result.model_dump(mode="json"),
                created_at=now,
            )
        )
        results.append(result)
    session.flush()
    _forget_refused(session, caller, request.mutations, results)
    targets: list[tuple[str, str]] = [(m.record_kind, str(m.record_id)) for m in request.mutations]
    # The rows were loaded (and locked) by the mutations: the identity map answers.
    touched = [session.get(StoredRecord, record_id) for _, record_id in targets]
    youths = row_youths(row for row in touched if row is not None)
    counts: dict[str, int] = {}
    for result in results:
        counts[result.status.value] = counts.get(result.status.value, 0) + 1
    audit.append(
        session,
        audit.Event(
            "push",
            result="ok",
            caller=caller,
            records=targets,
            youth_ids=youths,
            detail={"results": counts, **({"deleted": applier.deleted} if applier.deleted else {})},
        ),
        now,
    )
    # Last: the sequence lock is held from here until commit.
    return PushResponse(results=results, cursor=numbering.assign())
