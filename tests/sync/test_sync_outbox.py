"""The outbox on its way out: batches keep the order, merge what was never sent, and rows
leave only with the server's answer (a real vault, answers shaped as the server gives them)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from desktop.services.session import Session
from desktop.services.youths import Youths
from desktop.store import outbox, sync_lists
from desktop.store.outbox import ProtocolMismatch
from veldwerk_core.models import Youth
from veldwerk_core.protocol import MutationResult, ResultStatus
from veldwerk_core.reasons import RejectReason

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def synced(session: Session, record: Youth, version: int) -> None:
    """As if the record came from the server at ``version`` (nothing waiting for it)."""
    session.vault.execute("DELETE FROM outbox WHERE record_id = ?", (str(record.id),))
    session.vault.execute(
        "UPDATE youth SET base_version = ? WHERE id = ?", (version, str(record.id))
    )


def youth(session: Session, name: str) -> Youth:
    return Youths(session).create(
        {"first_name": name, "last_name": "Visser", "date_of_birth": "01-06-2010"}
    )


def applied(item: outbox.Pending, version: int) -> MutationResult:
    return MutationResult(
        mutation_id=uuid.UUID(item.mutation_id), status=ResultStatus.APPLIED, version=version
    )


def test_adjacent_unsent_edits_of_one_record_become_one_mutation(session: Session) -> None:
    first = youth(session, "Anouk")
    Youths(session).update(first.id, {"wijk": "Noord"})
    Youths(session).update(first.id, {"school": "Het Veldcollege"})
    [only] = outbox.next_batch(session.vault, 500)
    assert only.fields["first_name"] == "Anouk"
    assert (only.fields["wijk"], only.fields["school"]) == ("Noord", "Het Veldcollege")
    assert only.base_version == 0 and only.sent
    assert outbox.count(session.vault) == 1


def test_a_record_made_and_deleted_before_any_sync_sends_nothing(session: Session) -> None:
    kept = youth(session, "Blijft")
    gone = youth(session, "Weg")
    session.records.delete(Youth, gone.id, purpose="Dubbel geregistreerd")
    batch = outbox.next_batch(session.vault, 500)
    assert [item.record_id for item in batch] == [str(kept.id)]
    assert outbox.count(session.vault) == 1


def test_a_batch_stops_at_the_second_change_of_a_record(session: Session) -> None:
    a, b = youth(session, "Anouk"), youth(session, "Bram")
    Youths(session).update(a.id, {"wijk": "Oost"})  # not adjacent to a's creation
    c = youth(session, "Cas")
    batch = outbox.next_batch(session.vault, 500)
    assert [item.record_id for item in batch] == [str(a.id), str(b.id)]
    # The next batch is only made after the answer: a's edit is then based on version 1.
    outbox.answer(session.vault, batch, [applied(item, 1) for item in batch], NOW)
    second = outbox.next_batch(session.vault, 500)
    assert [(item.record_id, item.base_version) for item in second] == [
        (str(a.id), 1),
        (str(c.id), 0),
    ]
    stored = session.vault.scalar("SELECT base_version FROM youth WHERE id = ?", (str(a.id),))
    assert stored == 1


def test_a_sent_mutation_is_never_changed_again(session: Session) -> None:
    a = youth(session, "Anouk")
    [sent] = outbox.next_batch(session.vault, 500)
    Youths(session).update(a.id, {"wijk": "Zuid"})  # made while the batch was under way
    [again] = outbox.next_batch(session.vault, 500)
    assert again.mutation_id == sent.mutation_id and again.fields == sent.fields
    assert outbox.count(session.vault) == 2


def test_a_version_that_includes_others_changes_does_not_move_the_base(session: Session) -> None:
    a = youth(session, "Anouk")
    synced(session, a, 3)
    Youths(session).update(a.id, {"wijk": "Oost"})
    [edit] = outbox.next_batch(session.vault, 500)
    assert edit.base_version == 3
    Youths(session).update(a.id, {"school": "De Brug"})
    # Someone else changed the record too: the server's version 5 is not ours plus one.
    outbox.answer(session.vault, [edit], [applied(edit, 5)], NOW)
    [later] = outbox.next_batch(session.vault, 500)
    assert later.base_version == 3
    assert session.vault.scalar("SELECT base_version FROM youth") == 3


def test_a_refused_new_record_moves_to_the_rejected_list_and_leaves_the_vault(
    session: Session,
) -> None:
    a, b = youth(session, "Anouk"), youth(session, "Bram")
    batch = outbox.next_batch(session.vault, 500)
    Youths(session).update(a.id, {"wijk": "Oost"})
    results = [
        MutationResult(
            mutation_id=uuid.UUID(batch[0].mutation_id),
            status=ResultStatus.REJECTED,
            reason=RejectReason.OUT_OF_SCOPE,
            message="Je hebt geen toegang tot dit gegeven of deze jongere.",
        ),
        applied(batch[1], 1),
    ]
    outcome = outbox.answer(session.vault, batch, results, NOW)
    assert (outcome.applied, outcome.rejected) == (1, 1)
    assert outbox.count(session.vault) == 0, "the refused record's later edit went with it"
    assert session.records.get(Youth, a.id) is None
    assert session.records.get(Youth, b.id) is not None
    [refused] = sync_lists.rejections(session.vault)
    assert refused.reason == "out_of_scope" and refused.record_id == a.id
    assert refused.fields["first_name"] == "Anouk" and refused.fields["wijk"] == "Oost"
    assert sync_lists.record_status(session.vault, "youth", a.id) == sync_lists.REJECTED


def test_a_conflict_keeps_the_whole_local_copy(session: Session) -> None:
    a = youth(session, "Anouk")
    synced(session, a, 2)
    Youths(session).update(a.id, {"wijk": "Oost"})
    batch = outbox.next_batch(session.vault, 500)
    assert [item.base_version for item in batch] == [2]
    conflict_id = uuid.uuid4()
    result = MutationResult(
        mutation_id=uuid.UUID(batch[-1].mutation_id),
        status=ResultStatus.CONFLICT,
        version=3,
        conflict_id=conflict_id,
    )
    outbox.answer(session.vault, batch[-1:], [result], NOW)
    stored = sync_lists.conflict(session.vault, conflict_id)
    assert stored is not None and stored.status == "open" and stored.reason is None
    assert stored.snapshot is not None and stored.snapshot["first_name"] == "Anouk"
    assert stored.fields == [{"field": "wijk", "yours": "Oost", "server": None}]


def test_an_answer_that_does_not_match_the_batch_changes_nothing(session: Session) -> None:
    youth(session, "Anouk")
    batch = outbox.next_batch(session.vault, 500)
    wrong = MutationResult(mutation_id=uuid.uuid4(), status=ResultStatus.APPLIED, version=1)
    with pytest.raises(ProtocolMismatch):
        outbox.answer(session.vault, batch, [wrong], NOW)
    assert outbox.count(session.vault) == 1
    assert json.loads(session.vault.scalar("SELECT fields FROM outbox"))["first_name"] == "Anouk"
