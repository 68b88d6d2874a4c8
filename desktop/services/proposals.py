"""Proposals: a change of someone else's record (a youth's name, say) that its owner decides.

The server keeps a non-owner's change of a youth as a proposal to the organisation that owns
it (docs/sync-protocol.md, "Who may change what"). It reaches the proposer's devices (waiting
for the owner) and the owner's (to decide), as a conflict with reason ``proposal``. The owner
accepts it - the proposed values become an ordinary change of theirs - or declines it; either
change names the proposal it answers.
"""

from __future__ import annotations

import uuid

from desktop.services.session import Session
from desktop.services.sync_conflicts import SyncFirst
from desktop.store import outbox, sync_lists
from desktop.store.sync_lists import StoredConflict
from veldwerk_core import kinds
from veldwerk_core.i18n import N_
from veldwerk_core.models.errors import RecordNotFound, VeldwerkError
from veldwerk_core.protocol import Op


class NotYours(VeldwerkError):
    message = N_("Over dit voorstel beslist de organisatie die het gegeven vastlegde.")


def _to_decide(session: Session, proposal_id: uuid.UUID) -> StoredConflict:
    found = sync_lists.conflict(session.vault, proposal_id)
    if found is None or not found.is_proposal or found.status != "open":
        raise RecordNotFound()
    if found.mine:
        raise NotYours()
    return found


def accept(session: Session, proposal_id: uuid.UUID) -> None:
    """Take the proposed values over as this user's own change, answering the proposal."""
    proposal = _to_decide(session, proposal_id)
    model = kinds.model(proposal.record_kind)
    values = {str(entry["field"]): entry.get("yours") for entry in proposal.fields}
    with session.vault.transaction():
        if session.records.get(model, proposal.record_id) is None:
            raise SyncFirst()
        session.records.update(model, proposal.record_id, values)
        if not outbox.answering(
            session.vault, proposal.record_kind, proposal.record_id, proposal_id
        ):
            _answer(session, proposal)  # the record already holds these values
        sync_lists.mark_resolving(session.vault, proposal.id, session.clock())


def decline(session: Session, proposal_id: uuid.UUID) -> None:
    """Keep the record as it is; the proposal is answered with no change."""
    proposal = _to_decide(session, proposal_id)
    with session.vault.transaction():
        _answer(session, proposal)
        sync_lists.mark_resolving(session.vault, proposal.id, session.clock())


def _answer(session: Session, proposal: StoredConflict) -> None:
    base = sync_lists.base_version(session.vault, proposal.record_kind, proposal.record_id)
    if base is None:
        raise SyncFirst()
    sync_lists.queue(
        session.vault,
        proposal.record_kind,
        proposal.record_id,
        Op.UPSERT.value,
        {},
        base,
        session.clock(),
        answers=proposal.id,
    )
