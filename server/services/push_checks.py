"""The checks of a push: locking the batch's rows, scope questions (remembered within the
push), validation, and the refusal every check raises."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db_models import Organisation, StoredRecord, User, YouthRedirect
from server.services import conflicts
from server.services.caller import Caller
from server.services.records import Numbering
from server.services.scope import visible_ids, youths_in_scope
from veldwerk_core import kinds
from veldwerk_core.kinds import (
    References,
    changes_scope,
    moved_by,
    references,
    repointed,
    scope_inputs,
)
from veldwerk_core.models import Record
from veldwerk_core.models.base import SERVER_NOW, STORED
from veldwerk_core.models.errors import ChangeRefused
from veldwerk_core.models.rules import RuleSet
from veldwerk_core.protocol import Mutation, Op, Text, WireFieldError, wire_errors
from veldwerk_core.reasons import RejectReason


class Rejected(Exception):
    """A mutation the server refuses, with its reason code."""

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


def refused_change(refused: ChangeRefused) -> Rejected:
    """The domain's refusal as a code the app words: its message id and values."""
    explanation = Text(template=refused.template, values=refused.values)
    return Rejected(RejectReason.CHANGE_REFUSED, explanation)


def redirects(session: Session, municipality_id: str, youths: set[str]) -> dict[str, str]:
    """The kept youth of each of ``youths`` that was merged into another (services/merge.py)."""
    if not youths:
        return {}
    rows = session.execute(
        select(YouthRedirect.merged_id, YouthRedirect.kept_id).where(
            YouthRedirect.municipality_id == municipality_id,
            YouthRedirect.merged_id.in_(sorted(youths)),
        )
    )
    return {merged: kept for merged, kept in rows}


ScopeQuestion = Callable[[Session, Caller, Collection[str]], set[str]]


class Checks:
    """What every mutation of a push asks before it writes: the batch's rows, locked; whether
    the caller may see a record, a youth, what a change refers to; the record's shape.

    Scope answers are kept for the push until a write moves scopes (or changes the record
    itself): one scope query for a batch instead of one or two per mutation.
    """

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
        self.server_changes: list[tuple[str, str]] = []
        self.rules: RuleSet | None = None
        self.redirects: dict[str, str] = {}
        """Merged youths the batch names, and the youths they were merged into."""
        """Records the server changed or made in reaction to this push's writes."""
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
        self.redirects = redirects(self.session, self.caller.municipality_id, youths)
        youths = {self.redirects.get(youth, youth) for youth in youths}
        self._see(records)
        self._youths_seen(youths)

    def _redirected(self, mutation: Mutation) -> Mutation:
        """A change naming a merged youth (made before the device knew of the merge) names
        the youth it was merged into."""
        if not self.redirects or mutation.op is not Op.UPSERT:
            return mutation
        try:
            named = references(mutation.record_kind, mutation.fields).youths
        except (KeyError, TypeError, AttributeError):
            return mutation
        fields = mutation.fields
        for merged in named & self.redirects.keys():
            fields = repointed(mutation.record_kind, fields, merged, self.redirects[merged])
        return (
            mutation
            if fields is mutation.fields
            else mutation.model_copy(update={"fields": fields})
        )

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
            return model.model_validate(data, context={STORED: True, SERVER_NOW: self.now})
        except ValidationError as exc:
            entries = exc.errors(include_url=False, include_input=False)
            raise Rejected(RejectReason.INVALID, errors=wire_errors(model, entries)) from None

    def _may_reference(self, wanted: References) -> None:
        youths = set(wanted.youths)
        records = set(wanted.records)
        if youths - self._youths_seen(youths):
            raise Rejected(RejectReason.OUT_OF_SCOPE)
        if records - self._see(records):
            raise Rejected(RejectReason.OUT_OF_SCOPE)

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

    def _names_colleagues(self, kind: str, data: dict[str, Any]) -> None:
        """A record that gives a user access must name a user of this municipality."""
        grant = kinds.grant(kind)
        user = data.get(grant.user) if grant is not None and grant.user else None
        if not user:
            return
        found = self.session.execute(
            select(User.id)
            .join(Organisation, Organisation.id == User.organisation_id)
            .where(
                User.id == str(user),
                User.active.is_(True),
                Organisation.municipality_id == self.caller.municipality_id,
            )
        ).scalar()
        if found is None:
            assert grant is not None and grant.user is not None
            unknown = WireFieldError(field=grant.user, code="unknown_user")
            raise Rejected(RejectReason.INVALID, errors=[unknown])

    def _may_see(self, row: StoredRecord) -> None:
        if not self._see({row.id}):
            raise Rejected(RejectReason.OUT_OF_SCOPE)

    # -- mutations -------------------------------------------------------------------------
