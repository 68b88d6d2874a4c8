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
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from server.db_models import ConflictRow, Device, DeviceRecord, ProcessedMutation, StoredRecord
from server.services import (
    audit,
    conflicts,
    merge,
    ownership,
    reactions,  # noqa: F401 - registers what writes set off
)
from server.services.caller import Caller
from server.services.push_checks import Checks, Rejected, refused_change
from server.services.records import Numbering, derive, relink, row_youths
from server.services.server_writes import ServerWrites
from veldwerk_core import kinds
from veldwerk_core.kinds import (
    Decision,
    Operation,
    references,
)
from veldwerk_core.models import RECORD_TYPES
from veldwerk_core.models.errors import ChangeRefused
from veldwerk_core.models.rules import RuleSet
from veldwerk_core.protocol import (
    BOOKKEEPING_FIELDS,
    Mutation,
    MutationResult,
    Op,
    PushRequest,
    PushResponse,
    ResultStatus,
    WireFieldError,
)
from veldwerk_core.reasons import ConflictReason, RejectReason


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _digest(mutation: Mutation) -> str:
    return hashlib.sha256(mutation.model_dump_json().encode()).hexdigest()


class Applier(Checks, ServerWrites):
    """Applies a push's mutations in order, each with its own result, and what they set off
    (the reactions in server_writes: consents, handovers, notices)."""

    def apply(self, mutation: Mutation) -> MutationResult:
        try:
            return self._apply(mutation)
        except Rejected as rejected:
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
            raise Rejected(RejectReason.ROLE)
        # Locked until commit (see _prefetch): a concurrent push to the record waits, then reads ours.
        record_id = str(mutation.record_id)
        row = self._rows[record_id]
        if row is not None and row.municipality_id != self.caller.municipality_id:
            raise Rejected(RejectReason.OUT_OF_SCOPE)  # never say that the id exists
        if row is not None and row.kind != kind:
            seen = not row.deleted and self._see({row.id})
            raise Rejected(RejectReason.ID_TAKEN if seen else RejectReason.OUT_OF_SCOPE)
        mutation = self._redirected(mutation)
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

    def _decide(
        self,
        kind: str,
        owner: str | None,
        operation: Operation,
        current: dict[str, Any] | None = None,
    ) -> None:
        """Refuse what the rules table does not allow (a proposal is the caller's to make)."""
        decision = ownership.decide(self.caller, kind, owner, operation, current)
        if decision is Decision.NOT_OWNER:
            raise Rejected(RejectReason.NOT_OWNER)
        if decision is Decision.ROLE:
            raise Rejected(RejectReason.ROLE)

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
            raise Rejected(RejectReason.OUT_OF_SCOPE)  # gone or never here: not said which
        if tomb is not None and not ownership.acts_as_owner(self.caller, kind, tomb.owner_org_id):
            raise Rejected(RejectReason.OUT_OF_SCOPE)  # deleted stays deleted for others
        if tomb is not None and tomb.removed_as == merge.MERGED:
            raise Rejected(RejectReason.MERGED)  # its changes belong to the youth it went into
        if tomb is not None and tomb.removed_as:
            raise Rejected(RejectReason.DESTROYED)  # destroyed stays destroyed, also for its owner
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
        self._names_colleagues(kind, new)
        owner = (
            tomb.owner_org_id
            if tomb is not None
            else ownership.owner_of(self.session, kind, None, new) or self.caller.organisation_id
        )
        self._decide(kind, owner, Operation.CREATE)
        self.before_create(kind, new)
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
        row.deleted, row.removed_as = False, None
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
        self.after_write(row, None)
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
            decision = ownership.decide(self.caller, kind, owner, Operation.EDIT, current)
            if decision is Decision.PROPOSED:
                return self._propose(mutation, row, fields, owner)
            self._decide(kind, owner, Operation.EDIT, current)
            try:
                wanted.check_change(previous)
            except ChangeRefused as refused:
                raise refused_change(refused) from None
        base = mutation.base_version
        clashing = [
            name
            for name, value in sorted(fields.items())
            if base < row.field_versions.get(name, 1) and not _same(value, current.get(name))
        ]
        taken = {name: value for name, value in fields.items() if name not in clashing}
        try:
            merged = self._validate(model, {**current, **taken, "updated_at": stamp}).dump()
        except Rejected:
            merged, taken = current, {}
        changed = [
            name
            for name in merged
            if name not in BOOKKEEPING_FIELDS and not _same(merged[name], current.get(name))
        ]
        if changed:
            self._may_reference(references(kind, merged) - references(kind, current))
            self._names_colleagues(kind, merged)
            self._keeps_sight(kind, owner, merged)
            row.version += 1
            self.numbering.claim(row)
            row.data = merged
            row.field_versions = {**row.field_versions, **dict.fromkeys(changed, row.version)}
            row.updated_at = self.now
            derive(self.session, row)
            relink(self.session, row)
            self._track_scope(row, current)
            self.after_write(row, current)
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
            raise Rejected(RejectReason.OUT_OF_SCOPE)

    def _answering(self, mutation: Mutation, kind: str, owner: str | None) -> ConflictRow | None:
        """The open proposal this change answers (its owner's to answer), if it names one."""
        if mutation.answers is None:
            return None
        if not ownership.acts_as_owner(self.caller, kind, owner):
            raise Rejected(RejectReason.NOT_OWNER)
        self.session.flush()
        found = conflicts.open_proposal(
            self.session, str(mutation.answers), str(mutation.record_id)
        )
        if found is None:
            gone = WireFieldError(field="answers", code="not_found")
            raise Rejected(RejectReason.INVALID, errors=[gone])
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
            raise Rejected(RejectReason.OUT_OF_SCOPE)  # gone or never here: not said which
        base = mutation.base_version
        if row.deleted:
            if not ownership.acts_as_owner(self.caller, row.kind, row.owner_org_id):
                raise Rejected(RejectReason.OUT_OF_SCOPE)
            self._resolve(row.id, base)
            return self._result(mutation, row.version)
        self._may_see(row)
        owner = ownership.owner_of(self.session, row.kind, row, row.data or {})
        try:
            RECORD_TYPES[row.kind].check_delete()
        except ChangeRefused as refused:
            raise refused_change(refused) from None
        self._decide(row.kind, owner, Operation.DELETE)
        reason = mutation.reason.strip()
        if kinds.needs_delete_reason(row.kind) and not reason:
            raise Rejected(
                RejectReason.INVALID, errors=[WireFieldError(field="reason", code="missing")]
            )
        edited = sorted(name for name, version in row.field_versions.items() if version > base)
        if edited:
            current = row.data or {}
            fields = [conflicts.field_entry(name, None, current.get(name)) for name in edited]
            return self._conflict(mutation, ConflictReason.DELETE_AFTER_EDIT, row.version, fields)
        before = self.bury(row)
        self._resolve(row.id, base)
        self.deleted.append({"kind": row.kind, "id": row.id, "reason": reason})
        self.after_write(row, before)
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


def push(
    session: Session,
    caller: Caller,
    request: PushRequest,
    now: datetime,
    rules: RuleSet | None = None,
) -> PushResponse:
    """Apply a batch; ``rules``: the municipality's combination rules, for the flags the
    server keeps (see flags.py)."""
    numbering = Numbering(session, caller.municipality_id, now)
    applier = Applier(session, caller, numbering, now, request.mutations)
    applier.rules = rules
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
